package io.warden.server.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open client connections and their count per client IP, enforcing {@code maxClientCnxns}
 * (0 = no limit, as ZooKeeper) and {@code maxCnxns}.
 *
 * <p>Thread-safe: concurrent collections; the per-IP check-and-increment is atomic per address.
 */
final class ConnectionRegistry {
    private final int maxPerIp;
    private final int maxTotal;
    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    ConnectionRegistry(int maxPerIp, int maxTotal) {
        this.maxPerIp = maxPerIp;
        this.maxTotal = maxTotal;
    }

    /** Registers a connection, or returns a reason to refuse it. */
    String tryAdd(Connection c) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return "too many connections in total - max is " + maxTotal;
        }
        boolean[] admitted = {true};
        perIp.compute(c.remoteAddress(), (ip, count) -> {
            AtomicInteger n = count == null ? new AtomicInteger() : count;
            if (maxPerIp > 0 && n.get() >= maxPerIp) {
                admitted[0] = false;
            } else {
                n.incrementAndGet();
            }
            return n.get() == 0 ? null : n;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return "Too many connections from " + c.remoteAddress() + " - max is " + maxPerIp;
        }
        all.add(c);
        return null;
    }

    void remove(Connection c) {
        if (!all.remove(c)) {
            return;
        }
        total.decrementAndGet();
        perIp.computeIfPresent(c.remoteAddress(), (ip, n) -> n.decrementAndGet() == 0 ? null : n);
    }

    List<Connection> snapshot() {
        return List.copyOf(all);
    }

    int size() {
        return all.size();
    }
}
