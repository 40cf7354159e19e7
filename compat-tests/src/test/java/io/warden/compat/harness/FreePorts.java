package io.warden.compat.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Picks a TCP port on {@code 127.0.0.1} that is free right now ("port 0 style": bind to port 0,
 * read the port the kernel chose, close). The port can be taken by someone else before the caller
 * binds it, so callers that start a server retry with a new port on a bind failure (see
 * {@link RealZooKeeper}).
 *
 * <p>Stateless and thread-safe.
 */
public final class FreePorts {
    /** The only address test servers bind. */
    public static final String LOOPBACK_HOST = "127.0.0.1";

    private FreePorts() {}

    /** The loopback address {@value #LOOPBACK_HOST} as an {@link InetAddress}. */
    public static InetAddress loopback() {
        try {
            return InetAddress.getByName(LOOPBACK_HOST);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve " + LOOPBACK_HOST, e);
        }
    }

    /** A port on 127.0.0.1 that was free when this method returned. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK_HOST, e);
        }
    }
}
