package io.warden.client.internal;

import io.warden.protocol.Paths;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed connect string {@code host:port[,host:port...][/chroot]}: the hosts in the given order
 * (unresolved; resolved on each connection attempt) and the chroot ({@code null} when absent or
 * "/"). The port defaults to 2181; IPv6 hosts go in brackets ({@code [::1]:2181}). Immutable.
 */
public record ConnectString(List<InetSocketAddress> hosts, String chroot) {
    public static final int DEFAULT_PORT = 2181;

    public ConnectString {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no hosts");
        }
    }

    /** Parses a connect string; throws IllegalArgumentException if it is malformed. */
    public static ConnectString parse(String text) {
        Objects.requireNonNull(text, "connect string");
        String hostPart = text;
        String chroot = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            hostPart = text.substring(0, slash);
            String root = text.substring(slash);
            if (!root.equals("/")) {
                String reason = Paths.invalidReason(root);
                if (reason != null) {
                    throw new IllegalArgumentException("bad chroot '" + root + "': " + reason);
                }
                chroot = root;
            }
        }
        List<InetSocketAddress> hosts = new ArrayList<>();
        for (String entry : hostPart.split(",")) {
            String h = entry.trim();
            if (!h.isEmpty()) {
                hosts.add(parseHost(h));
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no hosts in connect string '" + text + "'");
        }
        return new ConnectString(hosts, chroot);
    }

    private static InetSocketAddress parseHost(String h) {
        String host;
        String port = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in '" + h + "'");
            }
            host = h.substring(1, close);
            String rest = h.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("bad host '" + h + "'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0 && h.indexOf(':') != colon) {
                throw new IllegalArgumentException("IPv6 address needs brackets: '" + h + "'");
            }
            host = colon >= 0 ? h.substring(0, colon) : h;
            port = colon >= 0 ? h.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host in '" + h + "'");
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in '" + h + "'", e);
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port out of range in '" + h + "'");
            }
        }
        return InetSocketAddress.createUnresolved(host, p);
    }
}
