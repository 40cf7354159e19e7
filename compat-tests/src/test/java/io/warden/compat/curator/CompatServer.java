package io.warden.compat.curator;

import io.warden.client.testing.WardenTestServer;
import io.warden.compat.harness.RealZooKeeper;
import java.io.IOException;

/**
 * A server a stock client runs a scenario against: real Apache ZooKeeper 3.9.5 (the reference
 * that proves the scenario) or Warden, standalone on {@code 127.0.0.1}, tickTime 2000 unless
 * {@link Settings#tickTimeMs} says otherwise (session timeouts negotiated into [2, 20] ticks on
 * both).
 *
 * <p>{@link #restart()} stops the server and starts it again on the same port and data, and the
 * sessions survive on both: ZooKeeper reloads its snapshot and transaction log; Warden's default
 * build keeps its state in memory, so the restarted server is handed the same state machine
 * ({@link WardenTestServer#restart()}), whose live sessions it re-arms with a full timeout.
 *
 * <p>Implementations are thread-safe: lifecycle methods are {@code synchronized}.
 */
public sealed interface CompatServer extends AutoCloseable
        permits CompatServer.OnZooKeeper, CompatServer.OnWarden {

    /** Which server: the parameter of every compatibility test here. */
    enum Kind {
        ZOOKEEPER, WARDEN
    }

    /**
     * What a scenario needs from the server beyond the defaults.
     *
     * @param extendedTypes TTL nodes ({@code zookeeper.extendedTypesEnabled=true}); a real
     *     ZooKeeper then runs forked, since the property is JVM-wide
     * @param containerCheckIntervalMs {@code znode.container.checkIntervalMs} (containers and TTL
     *     nodes reaped this often), or 0 for the default (one minute)
     * @param forked run a real ZooKeeper in a child JVM even without extended types
     * @param tickTimeMs {@code tickTime}; session timeouts are negotiated into [2, 20] ticks
     */
    record Settings(boolean extendedTypes, long containerCheckIntervalMs, boolean forked, int tickTimeMs) {
        /** The default tick, as most deployments and both test fixtures use it. */
        public static final int DEFAULT_TICK_TIME_MS = 2000;

        /** The defaults: no TTL nodes, default container interval, in-process ZooKeeper. */
        public static Settings defaults() {
            return new Settings(false, 0, false, DEFAULT_TICK_TIME_MS);
        }

        /** Curator's needs: TTL nodes and containers reaped every {@code intervalMs}; forked. */
        public static Settings extended(long intervalMs) {
            return new Settings(true, intervalMs, true, DEFAULT_TICK_TIME_MS);
        }

        /** These settings with another tick (short session timeouts for expiry tests). */
        public Settings withTickTimeMs(int tick) {
            return new Settings(extendedTypes, containerCheckIntervalMs, forked, tick);
        }
    }

    /** Starts a fresh server of {@code kind}. */
    static CompatServer start(Kind kind, Settings settings) throws IOException {
        return switch (kind) {
            case ZOOKEEPER -> OnZooKeeper.start(settings);
            case WARDEN -> OnWarden.start(settings);
        };
    }

    Kind kind();

    /** {@code "127.0.0.1:PORT"}; the same across {@link #restart()}. */
    String connectString();

    /** Stops the server and starts it again on the same port, keeping its data and sessions. */
    void restart() throws IOException;

    /** Stops the server and deletes its files. Idempotent. */
    @Override
    void close() throws IOException;

    /** Real ZooKeeper 3.9.5 through the harness ({@link RealZooKeeper}). */
    final class OnZooKeeper implements CompatServer {
        private final RealZooKeeper server;

        private OnZooKeeper(RealZooKeeper server) {
            this.server = server;
        }

        static OnZooKeeper start(Settings settings) throws IOException {
            RealZooKeeper.Builder builder = RealZooKeeper.builder()
                    .forked(settings.forked() || settings.extendedTypes()
                            || settings.containerCheckIntervalMs() > 0)
                    .tickTimeMs(settings.tickTimeMs());
            if (settings.extendedTypes()) {
                builder.property("zookeeper.extendedTypesEnabled", "true");
            }
            if (settings.containerCheckIntervalMs() > 0) {
                builder.property("znode.container.checkIntervalMs",
                        Long.toString(settings.containerCheckIntervalMs()));
            }
            return new OnZooKeeper(builder.start());
        }

        @Override
        public Kind kind() {
            return Kind.ZOOKEEPER;
        }

        @Override
        public String connectString() {
            return server.connectString();
        }

        @Override
        public void restart() throws IOException {
            server.restart();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        @Override
        public String toString() {
            return server.toString();
        }
    }

    /** Warden in this JVM ({@link WardenTestServer}, the recipes module's test fixture). */
    final class OnWarden implements CompatServer {
        private final WardenTestServer server;

        private OnWarden(WardenTestServer server) {
            this.server = server;
        }

        static OnWarden start(Settings settings) throws IOException {
            return new OnWarden(WardenTestServer.start(b -> {
                b.tickTimeMs(settings.tickTimeMs());
                b.extendedTypesEnabled(settings.extendedTypes());
                if (settings.containerCheckIntervalMs() > 0) {
                    b.containerCheckIntervalMs(settings.containerCheckIntervalMs());
                }
                return b;
            }));
        }

        @Override
        public Kind kind() {
            return Kind.WARDEN;
        }

        @Override
        public String connectString() {
            return server.connectString();
        }

        @Override
        public void restart() throws IOException {
            server.restart();
        }

        @Override
        public void close() {
            server.close();
        }

        @Override
        public String toString() {
            return "Warden[" + connectString() + "]";
        }
    }
}
