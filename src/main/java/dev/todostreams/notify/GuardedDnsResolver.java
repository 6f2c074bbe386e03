package dev.todostreams.notify;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The webhook client's only way from a host name to an address: it resolves once and hands the client only the
 * addresses the {@link TargetGuard} allows, so the address that was checked is the one connected to and a DNS
 * answer that changes between a check and the connect (rebinding) cannot reach a private address.
 */
final class GuardedDnsResolver implements DnsResolver {

	private final TargetGuard guard;

	GuardedDnsResolver(TargetGuard guard) {
		this.guard = guard;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		return this.guard.connectableAddresses(bare).toArray(InetAddress[]::new);
	}

	/** Never used to connect (only for SPNEGO/Kerberos names, which webhooks do not use). */
	@Override
	public String resolveCanonicalHostname(String host) {
		return host;
	}

}
