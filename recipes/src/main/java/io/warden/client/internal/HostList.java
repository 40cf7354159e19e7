package io.warden.client.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The hosts to try, shuffled once with the client's seeded random source, then cycled through:
 * each connection attempt takes the next one. {@link #cycleCompleted()} tells when every host has
 * been tried since the last success, so the caller can back off.
 *
 * <p>Thread-confined to the client's I/O thread.
 */
public final class HostList {
    private final List<InetSocketAddress> order;
    private int next;
    private int triedSinceSuccess;

    public HostList(List<InetSocketAddress> hosts, Random random) {
        List<InetSocketAddress> shuffled = new ArrayList<>(hosts);
        Collections.shuffle(shuffled, random);
        this.order = List.copyOf(shuffled);
    }

    /** The next host to try. */
    public InetSocketAddress next() {
        InetSocketAddress host = order.get(next);
        next = (next + 1) % order.size();
        triedSinceSuccess++;
        return host;
    }

    /** Records a successful connection: the cycle count starts again. */
    public void connected() {
        triedSinceSuccess = 0;
    }

    /** Whether every host was tried since the last success (and a full cycle just ended). */
    public boolean cycleCompleted() {
        return triedSinceSuccess > 0 && triedSinceSuccess % order.size() == 0;
    }

    public int size() {
        return order.size();
    }

    /** The hosts in the order they are tried. */
    public List<InetSocketAddress> order() {
        return order;
    }
}
