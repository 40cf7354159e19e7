package io.warden.compat.diff;

import java.io.IOException;

/**
 * A server under test: it serves the ZooKeeper client protocol on {@code 127.0.0.1:port()} until
 * {@link #close()}. One target serves many scenarios in turn; each scenario uses its own path
 * prefix and closes every session it opened.
 *
 * <p>Implementations are thread-safe for {@link #name()}, {@link #host()} and {@link #port()}.
 */
public interface Target extends AutoCloseable {
    /** A short label for reports, e.g. {@code zookeeper-a} or {@code warden}. */
    String name();

    /** Always {@code 127.0.0.1}. */
    String host();

    /** The client port. */
    int port();

    /** {@code host:port}, for the official client. */
    default String connectString() {
        return host() + ":" + port();
    }

    /** Stops the server and releases its files. */
    @Override
    void close() throws IOException;
}
