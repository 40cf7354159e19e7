package io.warden.compat.curator;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * One {@link CompatServer} per {@link CompatServer.Kind}, started on first use and shared by the
 * tests of one class (held in a static field, closed in {@code @AfterAll}). Starting lazily means
 * a run filtered to one kind starts only that server.
 *
 * <p>Thread-safe: {@link #get} and {@link #close} are {@code synchronized}.
 */
public final class CompatServers implements AutoCloseable {
    private final CompatServer.Settings settings;
    private final Map<CompatServer.Kind, CompatServer> started = new EnumMap<>(CompatServer.Kind.class);
    private boolean closed; // guarded by this

    public CompatServers(CompatServer.Settings settings) {
        this.settings = settings;
    }

    /** The running server of {@code kind}, started now if this is its first use. */
    public synchronized CompatServer get(CompatServer.Kind kind) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        CompatServer server = started.get(kind);
        if (server == null) {
            server = CompatServer.start(kind, settings);
            started.put(kind, server);
        }
        return server;
    }

    /** Closes every started server; the first failure is thrown, later ones suppressed. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        IOException first = null;
        for (CompatServer server : started.values()) {
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                IOException wrapped = e instanceof IOException io ? io : new IOException(e);
                if (first == null) {
                    first = wrapped;
                } else {
                    first.addSuppressed(wrapped);
                }
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }
}
