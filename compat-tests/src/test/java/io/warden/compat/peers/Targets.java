package io.warden.compat.peers;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * One server per {@link PeerTarget.Kind}, started on first use and shared by the tests of one
 * class (a test class holds it in a static field and closes it in {@code @AfterAll}). Starting
 * lazily means a run filtered to one kind starts only that server.
 *
 * <p>Thread-safe: {@link #get} and {@link #close} are {@code synchronized}.
 */
final class Targets implements AutoCloseable {
    private final boolean defaultWhitelist;
    private final Map<PeerTarget.Kind, PeerTarget> started = new EnumMap<>(PeerTarget.Kind.class);
    private boolean closed; // guarded by this

    private Targets(boolean defaultWhitelist) {
        this.defaultWhitelist = defaultWhitelist;
    }

    /** Servers with every four-letter word whitelisted. */
    static Targets allWords() {
        return new Targets(false);
    }

    /** Servers with the default four-letter-word whitelist (srvr only). */
    static Targets defaultWhitelist() {
        return new Targets(true);
    }

    /** The running server of {@code kind}, started now if this is its first use. */
    synchronized PeerTarget get(PeerTarget.Kind kind) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        PeerTarget target = started.get(kind);
        if (target == null) {
            target = defaultWhitelist ? PeerTarget.startWithDefaultWhitelist(kind) : PeerTarget.start(kind);
            started.put(kind, target);
        }
        return target;
    }

    /** Closes every started server; the first failure is thrown, later ones suppressed. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        IOException first = null;
        for (PeerTarget target : started.values()) {
            try {
                target.close();
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
