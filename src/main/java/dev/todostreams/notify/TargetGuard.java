package dev.todostreams.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a webhook target may be called: only http(s) (https only, when required), and, unless private
 * targets are allowed, no host that is or resolves to a loopback, private, unique-local, link-local, multicast,
 * unspecified, carrier-grade NAT or cloud metadata address. Checked when a subscription is saved and again before
 * every send, so a name that later resolves elsewhere is caught.
 */
public final class TargetGuard {

	private final boolean allowPrivateTargets;

	private final boolean requireHttps;

	private final Resolver resolver;

	public TargetGuard(boolean allowPrivateTargets, boolean requireHttps, Resolver resolver) {
		this.allowPrivateTargets = allowPrivateTargets;
		this.requireHttps = requireHttps;
		this.resolver = resolver;
	}

	/**
	 * @throws RefusedTargetException saying what is wrong with the target
	 */
	public void check(URI target) {
		String scheme = (target.getScheme() != null) ? target.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new RefusedTargetException("the URL must be http or https");
		}
		if (this.requireHttps && !scheme.equals("https")) {
			throw new RefusedTargetException("the URL must be https");
		}
		String host = target.getHost();
		if (host == null || host.isEmpty()) {
			throw new RefusedTargetException("the URL has no host");
		}
		if (target.getUserInfo() != null) {
			throw new RefusedTargetException("the URL must not contain credentials");
		}
		if (this.allowPrivateTargets) {
			return;
		}
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		List<InetAddress> addresses;
		try {
			addresses = this.resolver.resolve(bare);
		}
		catch (UnknownHostException ex) {
			throw new RefusedTargetException("the host '" + bare + "' does not resolve");
		}
		if (addresses.isEmpty()) {
			throw new RefusedTargetException("the host '" + bare + "' does not resolve");
		}
		for (InetAddress address : addresses) {
			String reason = blockedReason(address);
			if (reason != null) {
				throw new RefusedTargetException("the host '" + bare + "' is or resolves to " + reason + " address "
						+ address.getHostAddress() + "; webhooks may only target public addresses");
			}
		}
	}

	/** Why an address is not a public one, or null when it is. */
	static @Nullable String blockedReason(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] b = address.getAddress();
			// IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses are judged as the IPv4 address
			boolean zeros = true;
			for (int i = 0; i < 10; i++) {
				zeros &= b[i] == 0;
			}
			if (zeros && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0 && !isZeroOrOne(b)))) {
				try {
					return blockedReason(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
				}
				catch (UnknownHostException ex) {
					return "an invalid";
				}
			}
			// NAT64 (64:ff9b::/96) embeds an IPv4 address too
			if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
				try {
					return blockedReason(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
				}
				catch (UnknownHostException ex) {
					return "an invalid";
				}
			}
			if ((b[0] & 0xfe) == 0xfc) {
				return "a unique-local (private)";
			}
			if (b[0] == (byte) 0xfd && b[1] == 0x00 && b[2] == 0x0e && b[3] == (byte) 0xc2) {
				return "a cloud metadata";
			}
		}
		if (address.isLoopbackAddress()) {
			return "a loopback";
		}
		if (address.isAnyLocalAddress()) {
			return "an unspecified";
		}
		if (address.isLinkLocalAddress()) {
			return isMetadata(address) ? "a cloud metadata" : "a link-local";
		}
		if (address.isSiteLocalAddress()) {
			return "a private";
		}
		if (address.isMulticastAddress()) {
			return "a multicast";
		}
		if (address instanceof Inet4Address) {
			byte[] b = address.getAddress();
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			if (first == 0) {
				return "a 'this network'";
			}
			if (first == 100 && second >= 64 && second <= 127) {
				return "a carrier-grade NAT (private)";
			}
			if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
				return "an IETF protocol";
			}
			if (first == 198 && (second == 18 || second == 19)) {
				return "a benchmarking (private)";
			}
			if (first >= 240) {
				return "a reserved";
			}
		}
		return null;
	}

	private static boolean isZeroOrOne(byte[] b) {
		for (int i = 12; i < 15; i++) {
			if (b[i] != 0) {
				return false;
			}
		}
		return b[15] == 0 || b[15] == 1;
	}

	private static boolean isMetadata(InetAddress address) {
		byte[] b = address.getAddress();
		return b.length == 4 && (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254 && (b[2] & 0xff) == 169
				&& (b[3] & 0xff) == 254;
	}

	/** Name resolution, replaceable in tests. */
	@FunctionalInterface
	public interface Resolver {

		Resolver SYSTEM = (host) -> List.of(InetAddress.getAllByName(host));

		List<InetAddress> resolve(String host) throws UnknownHostException;

	}

}
