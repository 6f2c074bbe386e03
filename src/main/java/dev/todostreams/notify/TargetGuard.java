package dev.todostreams.notify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a webhook target may be called: only http(s) (https only, when required), and, unless private
 * targets are allowed, no host that is or resolves to a loopback, private, unique-local, link-local, multicast,
 * unspecified, carrier-grade NAT, documentation, benchmarking, reserved or cloud metadata address, including such
 * an IPv4 address embedded in an IPv6 transition form. {@link #check} runs when a subscription is saved and before
 * every send; {@link #connectableAddresses} runs for every connection the webhook client opens, so the address that
 * was checked is the one connected to.
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

	/**
	 * The addresses of {@code host} that may be connected to: all of them when private targets are allowed,
	 * otherwise only public ones. The webhook client connects through this (see {@link GuardedDnsResolver}), so the
	 * address checked is the address used.
	 * @throws RefusedAddressException when the host resolves to no allowed address
	 * @throws UnknownHostException when the host does not resolve
	 */
	public List<InetAddress> connectableAddresses(String host) throws UnknownHostException {
		List<InetAddress> addresses = this.resolver.resolve(host);
		if (this.allowPrivateTargets) {
			return addresses;
		}
		List<InetAddress> allowed = addresses.stream().filter((address) -> blockedReason(address) == null).toList();
		if (allowed.isEmpty()) {
			String refused = addresses.stream()
				.map((address) -> address.getHostAddress() + " (" + blockedReason(address) + ")")
				.collect(Collectors.joining(", "));
			throw new RefusedAddressException("the host '" + host + "' resolves to no public address: "
					+ (refused.isEmpty() ? "none" : refused));
		}
		return allowed;
	}

	/**
	 * Why an address is not a public one, or null when it is. IPv6 forms that embed an IPv4 address (mapped,
	 * compatible, SIIT-translated, NAT64, 6to4, Teredo, ISATAP) are judged by the embedded address, because a relay
	 * or translator on the path delivers the packets there. Ranges follow the IANA special-purpose registries.
	 */
	static @Nullable String blockedReason(InetAddress address) {
		return (address instanceof Inet6Address) ? blockedReason6(address.getAddress())
				: blockedReason4(address.getAddress());
	}

	private static @Nullable String blockedReason4(byte[] b) {
		int first = b[0] & 0xff;
		int second = b[1] & 0xff;
		int third = b[2] & 0xff;
		if (first == 127) {
			return "a loopback";
		}
		if (first == 0) {
			return (second == 0 && third == 0 && b[3] == 0) ? "an unspecified" : "a 'this network'";
		}
		if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168)) {
			return "a private";
		}
		if (first == 169 && second == 254) {
			return (third == 169 && (b[3] & 0xff) == 254) ? "a cloud metadata" : "a link-local";
		}
		if (first == 100 && (second & 0xc0) == 64) {
			return "a carrier-grade NAT (private)";
		}
		if (first == 192 && second == 0 && third == 0) {
			return "an IETF protocol";
		}
		if ((first == 192 && second == 0 && third == 2) || (first == 198 && second == 51 && third == 100)
				|| (first == 203 && second == 0 && third == 113)) {
			return "a documentation";
		}
		if (first == 192 && second == 88 && third == 99) {
			return "a 6to4 relay anycast (deprecated)";
		}
		if (first == 198 && (second == 18 || second == 19)) {
			return "a benchmarking (private)";
		}
		if (first >= 224 && first < 240) {
			return "a multicast";
		}
		if (first >= 240) {
			return "a reserved";
		}
		return null;
	}

	private static @Nullable String blockedReason6(byte[] b) {
		byte[] translated = translatedIpv4(b);
		if (translated != null) {
			String reason = blockedReason4(translated);
			return (reason != null) ? reason + " (embedded in IPv6)" : null;
		}
		int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
		int second = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
		if (isZero(b, 0, 15)) {
			return (b[15] == 1) ? "a loopback" : (b[15] == 0) ? "an unspecified" : "a reserved";
		}
		if ((first & 0xfe00) == 0xfc00) {
			return (first == 0xfd00 && second == 0x0ec2) ? "a cloud metadata" : "a unique-local (private)";
		}
		if ((first & 0xffc0) == 0xfe80) {
			return "a link-local";
		}
		if ((first & 0xffc0) == 0xfec0) {
			return "a site-local (private)";
		}
		if ((first & 0xff00) == 0xff00) {
			return "a multicast";
		}
		if (first == 0x0064 && second == 0xff9b) {
			// 64:ff9b:1::/48 is local-use translation (RFC 8215) whose IPv4 position depends on a prefix length
			// chosen by the operator; nothing else in 64:ff9b::/32 is assigned
			return "a local-use NAT64 (private)";
		}
		if ((first & 0xe000) != 0x2000) {
			// discard-only 100::/64, SRv6 5f00::/16 and every other range outside global unicast
			return "a non-global (outside 2000::/3)";
		}
		if ((first == 0x2001 && second == 0x0db8) || (first == 0x3fff && (second & 0xf000) == 0)) {
			return "a documentation";
		}
		if (first == 0x2001 && second < 0x0200) {
			// benchmarking, ORCHID, anycast services: nothing a webhook receiver would live on
			return "an IETF protocol (2001::/23)";
		}
		// ISATAP interface identifier 0:5efe:a.b.c.d, or 200:5efe:a.b.c.d for a global IPv4 (RFC 5214), any prefix
		if ((b[8] & 0xfd) == 0 && b[9] == 0 && b[10] == 0x5e && b[11] == (byte) 0xfe) {
			String reason = blockedReason4(last32(b, false));
			return (reason != null) ? reason + " (embedded in IPv6)" : null;
		}
		return null;
	}

	/**
	 * The IPv4 address of the IPv6 forms whose prefix says they carry one (mapped, compatible, SIIT, NAT64 well-known
	 * prefix, 6to4, Teredo), or null.
	 */
	private static byte @Nullable [] translatedIpv4(byte[] b) {
		int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
		int second = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
		// ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible; not ::, ::1), ::ffff:0:a.b.c.d (SIIT, RFC 2765)
		if (isZero(b, 0, 10) && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff)
				|| (b[10] == 0 && b[11] == 0 && !isZero(b, 12, 15)))) {
			return last32(b, false);
		}
		if (isZero(b, 0, 8) && b[8] == (byte) 0xff && b[9] == (byte) 0xff && b[10] == 0 && b[11] == 0) {
			return last32(b, false);
		}
		// NAT64 well-known prefix 64:ff9b::/96 (RFC 6052)
		if (first == 0x0064 && second == 0xff9b && isZero(b, 4, 12)) {
			return last32(b, false);
		}
		// 6to4 2002:AABB:CCDD::/48 (RFC 3056)
		if (first == 0x2002) {
			return new byte[] { b[2], b[3], b[4], b[5] };
		}
		// Teredo 2001:0::/32 (RFC 4380): the client's address is the last 32 bits, inverted
		if (first == 0x2001 && second == 0) {
			return last32(b, true);
		}
		return null;
	}

	private static byte[] last32(byte[] b, boolean inverted) {
		int mask = inverted ? 0xff : 0;
		return new byte[] { (byte) (b[12] ^ mask), (byte) (b[13] ^ mask), (byte) (b[14] ^ mask),
				(byte) (b[15] ^ mask) };
	}

	/** Whether bytes {@code from} (inclusive) to {@code to} (exclusive) are all zero. */
	private static boolean isZero(byte[] b, int from, int to) {
		for (int i = from; i < to; i++) {
			if (b[i] != 0) {
				return false;
			}
		}
		return true;
	}

	/** Name resolution, replaceable in tests. */
	@FunctionalInterface
	public interface Resolver {

		Resolver SYSTEM = (host) -> List.of(InetAddress.getAllByName(host));

		List<InetAddress> resolve(String host) throws UnknownHostException;

	}

}
