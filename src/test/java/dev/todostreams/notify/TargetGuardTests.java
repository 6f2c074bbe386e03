package dev.todostreams.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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

	@ParameterizedTest
	@ValueSource(strings = {
			// 6to4 (2002::/16) carrying 127.0.0.1, 10.0.0.1, 169.254.169.254
			"http://[2002:7f00:1::]/", "http://[2002:a00:1:1234::1]/", "http://[2002:a9fe:a9fe::]/",
			// Teredo (2001:0::/32): client address is the last 32 bits inverted: 127.0.0.1, 10.0.0.1, 192.168.1.1
			"http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",
			"http://[2001:0:4136:e378:8000:63bf:3f57:fefe]/",
			// IPv4-mapped, IPv4-compatible and SIIT-translated
			"http://[::ffff:10.0.0.1]/", "http://[::127.0.0.1]/", "http://[::7f00:1]/", "http://[::ffff:0:7f00:1]/",
			"http://[::ffff:0:a9fe:a9fe]/",
			// NAT64 well-known prefix with private IPv4, and the local-use 64:ff9b:1::/48 whatever it carries
			"http://[64:ff9b::7f00:1]/", "http://[64:ff9b::c0a8:101]/", "http://[64:ff9b:1::5db8:d822]/",
			"http://[64:ff9b:1:7f00:1::]/",
			// ISATAP (0:5efe and 200:5efe interface identifiers) under a global prefix, and under link-local
			"http://[2a00:1450:4001::5efe:7f00:1]/", "http://[2a00:1450:4001::200:5efe:a00:1]/",
			"http://[fe80::5efe:5db8:d822]/",
			// other IANA special-purpose ranges
			"http://192.0.2.1/", "http://198.51.100.7/", "http://203.0.113.9/", "http://192.88.99.1/",
			"http://192.0.0.170/", "http://[2001:db8::1]/", "http://[3fff::1]/", "http://[100::1]/",
			"http://[5f00::1]/", "http://[2001:2::1]/", "http://[2001:10::1]/", "http://[fec0::1]/", "http://[::2]/" })
	void refusesPrivateAddressesInsideIpv6TransitionFormsAndSpecialPurposeRanges(String url) {
		assertThatExceptionOfType(RefusedTargetException.class).isThrownBy(() -> this.strict.check(URI.create(url)))
			.withMessageContaining("public addresses");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://[2002:5db8:d822::1]/", "http://[2001:0:4136:e378:8000:63bf:a247:27dd]/",
			"http://[64:ff9b::5db8:d822]/", "http://[::ffff:93.184.216.34]/",
			"http://[2a00:1450:4001::200:5efe:5db8:d822]/" })
	void allowsTransitionFormsThatCarryAPublicIpv4(String url) {
		assertThatCode(() -> this.strict.check(URI.create(url))).doesNotThrowAnyException();
	}

	@Test
	void namesTheEmbeddedAddressReason() {
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> this.strict.check(URI.create("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/")))
			.withMessageContaining("a loopback (embedded in IPv6)");
		assertThatExceptionOfType(RefusedTargetException.class)
			.isThrownBy(() -> this.strict.check(URI.create("http://[2002:a9fe:a9fe::]/")))
			.withMessageContaining("cloud metadata");
	}

	@Test
	void connectableAddressesKeepOnlyPublicOnesAndRefuseWhenNoneIsLeft() throws Exception {
		assertThat(this.strict.connectableAddresses("mixed.example"))
			.containsExactly(InetAddress.getByName("93.184.216.34"));
		assertThatExceptionOfType(RefusedAddressException.class)
			.isThrownBy(() -> this.strict.connectableAddresses("rebind.example"))
			.withMessageContaining("10.1.2.3 (a private)");
		assertThatExceptionOfType(UnknownHostException.class)
			.isThrownBy(() -> this.strict.connectableAddresses("nowhere.invalid"));
		assertThat(new TargetGuard(true, false, RESOLVER).connectableAddresses("rebind.example"))
			.containsExactly(InetAddress.getByName("10.1.2.3"));
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
