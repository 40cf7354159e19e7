package io.warden.server.ensemble;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A host (name or IP literal, without brackets) and a port, as written in a server line. Never
 * resolved here: names are resolved when something binds or connects. Immutable.
 *
 * @param host a host name or IP literal, never bracketed
 * @param port 0..65535
 */
public record HostPort(String host, int port) {
    /** ZooKeeper's host for a server line's client part that gives only a port. */
    public static final String ANY_ADDRESS = "0.0.0.0";

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.startsWith("[")) {
            throw new IllegalArgumentException("host must be non-empty and unbracketed: " + host);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Whether the host is an IPv4 or IPv6 literal (no DNS involved). */
    public boolean isIpLiteral() {
        return InetAddresses.isInetAddress(host);
    }

    /**
     * The host as ZooKeeper prints it ({@code InetSocketAddress.getHostString()}): a name as
     * written, an IP literal in Java's canonical form ({@code ::1} becomes
     * {@code 0:0:0:0:0:0:0:1}), an IPv6 one in brackets.
     */
    public String zooKeeperHost() {
        String h = host;
        if (isIpLiteral()) {
            InetAddress address = InetAddresses.forString(host);
            h = address.getHostAddress();
        }
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /** {@code host:port} as ZooKeeper prints it. */
    public String zooKeeperForm() {
        return zooKeeperHost() + ":" + port;
    }
}
