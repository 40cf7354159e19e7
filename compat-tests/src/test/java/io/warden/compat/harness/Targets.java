package io.warden.compat.harness;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * One {@link Target} per {@link Target.Kind}, all with the same {@link Target.Settings}, started on
 * first use and shared by the tests of one class (held in a static or instance field, closed in
 * {@code @AfterAll}). Starting lazily means a run filtered to one kind starts only that server.
 *
 * <p>Thread-safe: {@link #get} and {@link #close} are {@code synchronized}.
 */
public final class Targets implements AutoCloseable {
    private final Target.Settings settings;
    private final Map<Target.Kind, Target> started = new EnumMap<>(Target.Kind.class);
    private boolean closed; // guarded by this

    public Targets(Target.Settings settings) {
        this.settings = settings;
    }

    /** The running server of {@code kind}, started now if this is its first use. */
    public synchronized Target get(Target.Kind kind) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        Target target = started.get(kind);
        if (target == null) {
            target = Target.start(kind, settings);
            started.put(kind, target);
        }
        return target;
    }

    /** Closes every started server; the first failure is thrown, later ones suppressed. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        IOException first = null;
        for (Target target : started.values()) {
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
