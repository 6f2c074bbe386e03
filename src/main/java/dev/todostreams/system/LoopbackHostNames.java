package dev.todostreams.system;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The {@code Host} names the default mode answers: {@code localhost} and loopback literals ({@code 127.x.y.z},
 * {@code [::1]}). A page served from an attacker's name that was re-pointed to 127.0.0.1 (DNS rebinding) sends its
 * own name as {@code Host} and is refused. No name is resolved here.
 */
final class LoopbackHostNames implements Predicate<String> {

	private static final Pattern IPV4_LOOPBACK = Pattern
		.compile("127\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	@Override
	public boolean test(String hostName) {
		String host = hostName.toLowerCase(Locale.ROOT);
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		return host.equals("localhost") || IPV4_LOOPBACK.matcher(host).matches() || host.equals("[::1]")
				|| host.equals("::1") || host.equals("[0:0:0:0:0:0:0:1]") || host.equals("0:0:0:0:0:0:0:1");
	}

}
