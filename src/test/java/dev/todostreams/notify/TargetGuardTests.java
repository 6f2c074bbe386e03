package dev.todostreams.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TargetGuardTests {

	/** Resolves a few made-up names; literal addresses as the JDK does (without DNS). */
	static final TargetGuard.Resolver RESOLVER = (host) -> {
		Map<String, String> names = Map.of("loopback.example", "127.0.0.1", "rebind.example", "10.1.2.3",
				"v6.example", "::1", "public.example", "93.184.216.34", "mixed.example", "93.184.216.34,192.168.1.1");
		String addresses = names.get(host);
		if (addresses == null) {
			if (Character.isLetter(host.charAt(0)) && !host.contains(":")) {
				throw new UnknownHostException(host);
			}
			return List.of(InetAddress.getByName(host));
		}
		List<InetAddress> out = new java.util.ArrayList<>();
		for (String address : addresses.split(",")) {
			out.add(InetAddress.getByName(address));
		}
		return out;
	};

	final TargetGuard strict = new TargetGuard(false, false, RESOLVER);

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1/hook", "http://127.1.2.3:8080/", "http://[::1]/hook",
			"http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data",
			"http://169.254.1.1/", "http://0.0.0.0/", "http://[::]/", "http://224.0.0.251/", "http://[ff02::1]/",
			"http://[fe80::1]/", "http://[fd00::1]/", "http://[fc00::5]/", "http://[::ffff:127.0.0.1]/",
			"http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a00:1]/", "http://[fd00:ec2::254]/",
			"http://100.64.0.1/", "http://loopback.example/hook", "http://rebind.example/", "http://v6.example/",
			"http://mixed.example/", "http://255.255.255.255/" })
	void refusesPrivateTargets(String url) {
		assertThatExceptionOfType(RefusedTargetException.class).isThrownBy(() -> this.strict.check(URI.create(url)))
			.withMessageContaining("public addresses");
	}

	@Test
	void namesTheReasonAndTheAddress() {
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> this.strict.check(URI.create("http://169.254.169.254/")))
			.withMessageContaining("cloud metadata")
			.withMessageContaining("169.254.169.254");
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> this.strict.check(URI.create("http://loopback.example/")))
			.withMessageContaining("loopback");
	}

	@Test
	void allowsPublicTargets() {
		assertThatCode(() -> this.strict.check(URI.create("https://public.example/hook"))).doesNotThrowAnyException();
		assertThatCode(() -> this.strict.check(URI.create("http://93.184.216.34:8443/x"))).doesNotThrowAnyException();
		assertThatCode(() -> this.strict.check(URI.create("http://[2606:2800:220:1::1]/"))).doesNotThrowAnyException();
	}

	@Test
	void allowsPrivateTargetsWhenConfigured() {
		TargetGuard lenient = new TargetGuard(true, false, RESOLVER);
		assertThatCode(() -> lenient.check(URI.create("http://127.0.0.1:9000/hook"))).doesNotThrowAnyException();
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> lenient.check(URI.create("ftp://127.0.0.1/")))
			.withMessageContaining("http or https");
	}

	@Test
	void refusesOtherSchemesPlainHttpWhenHttpsIsRequiredAndUnresolvableNames() {
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> this.strict.check(URI.create("file:///etc/passwd")));
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> this.strict.check(URI.create("gopher://public.example/")));
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> new TargetGuard(false, true, RESOLVER).check(URI.create("http://public.example/")))
			.withMessageContaining("https");
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> this.strict.check(URI.create("http://nowhere.invalid/")))
			.withMessageContaining("does not resolve");
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> this.strict.check(URI.create("http://user:pw@public.example/")))
			.withMessageContaining("credentials");
	}

}
