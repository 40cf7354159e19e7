package io.warden.compat.harness;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

/**
 * A real {@link ZooKeeperServerMain} running on a daemon thread of this JVM: fast to start, but
 * it shares the JVM's system properties with everything else here.
 *
 * <p>Why the start lock: parsing zoo.cfg copies every key ZooKeeper does not know itself
 * ({@code forceSync}, {@code 4lw.commands.whitelist}, {@code admin.enableServer}, ...) into the
 * JVM-wide system property {@code zookeeper.<key>} (QuorumPeerConfig.parseProperties), and the
 * server reads some of them while it starts ({@code FileTxnLog} reads {@code zookeeper.forceSync}
 * in its constructor). Holding {@link #START_LOCK} from parse until the server answers makes
 * concurrent in-process starts with different settings each see their own values. Settings read
 * later or cached in statics (the 4lw whitelist is computed once per JVM) cannot be isolated:
 * use a forked server for those.
 *
 * <p>Thread-safe: the runner thread owns the server; other threads only call
 * {@link #stop} (which calls the server's own shutdown) and read volatile/atomic state.
 */
final class InProcessZooKeeper implements ServerInstance {
    /** Serializes parse-to-serving of in-process servers; see the class comment. */
    private static final ReentrantLock START_LOCK = new ReentrantLock();
    private static final Duration SHUTDOWN_RETRY_INTERVAL = Duration.ofMillis(200);
    private static final Duration SERVER_STARTED_POLL = Duration.ofMillis(50);

    private final StoppableServerMain main;
    private final Thread runner;
    private final AtomicReference<Throwable> failure;
    private final int port;

    private InProcessZooKeeper(StoppableServerMain main, Thread runner,
            AtomicReference<Throwable> failure, int port) {
        this.main = main;
        this.runner = runner;
        this.failure = failure;
        this.port = port;
    }

    /** Starts a server from {@code zooCfg} and returns once it is serving on {@code port}. */
    static InProcessZooKeeper launch(Path zooCfg, int port, Path dataDir, Deadline deadline)
            throws IOException {
        acquireStartLock(deadline);
        try {
            ServerConfig config = new ServerConfig();
            try {
                config.parse(zooCfg.toString());
            } catch (QuorumPeerConfig.ConfigException e) {
                throw new StartFailure("bad zoo.cfg " + zooCfg + ": " + e.getMessage(), false, e);
            }
            StoppableServerMain main = new StoppableServerMain();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread runner = new Thread(() -> {
                try {
                    main.runFromConfig(config);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "real-zookeeper-" + port);
            runner.setDaemon(true);
            InProcessZooKeeper instance = new InProcessZooKeeper(main, runner, failure, port);
            runner.start();
            try {
                // Probing before serverStarted() makes the starting server log an NPE for each
                // four-letter word (its zkDb is not set yet); it is harmless but noisy.
                instance.awaitServerStarted(deadline);
                RealZooKeeper.awaitServing("in-process ZooKeeper", port, dataDir, deadline,
                        instance);
            } catch (IOException | RuntimeException e) {
                instance.stopQuietly(Duration.ofSeconds(10), e);
                throw e;
            }
            return instance;
        } finally {
            START_LOCK.unlock();
        }
    }

    private static void acquireStartLock(Deadline deadline) throws StartFailure {
        try {
            if (!START_LOCK.tryLock(deadline.remainingMs(1), TimeUnit.MILLISECONDS)) {
                throw new StartFailure("another in-process ZooKeeper start held the start lock for "
                        + deadline.budget(), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("interrupted waiting for the in-process start lock", false, e);
        }
    }

    @Override
    public void stop(Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        // Call shutdown() even if the runner already died: a start that failed inside
        // runFromConfig can leave the connection factory's threads running and the port bound.
        main.shutdownNow();
        long maxRounds = Math.max(1, timeout.toMillis() / SHUTDOWN_RETRY_INTERVAL.toMillis() + 1);
        for (long round = 0; round < maxRounds && runner.isAlive(); round++) {
            joinRunner(Duration.ofMillis(Math.min(SHUTDOWN_RETRY_INTERVAL.toMillis(),
                    deadline.remaining().toMillis() + 1)));
            if (!runner.isAlive() || deadline.expired()) {
                break;
            }
            // shutdown() does nothing while runFromConfig has not yet created the connection
            // factory (a stop racing a start), so repeat it until the runner returns.
            main.shutdownNow();
        }
        if (runner.isAlive()) {
            throw new IOException("in-process ZooKeeper on port " + port
                    + " did not stop within " + timeout);
        }
    }

    private void awaitServerStarted(Deadline deadline) throws IOException {
        long maxPolls = deadline.budget().toMillis() / SERVER_STARTED_POLL.toMillis() + 2;
        for (long poll = 0; poll < maxPolls; poll++) {
            Optional<StartFailure> death = deathReason();
            if (death.isPresent()) {
                throw death.get();
            }
            try {
                if (main.started.await(SERVER_STARTED_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartFailure("interrupted waiting for in-process ZooKeeper", false, e);
            }
            if (deadline.expired()) {
                break;
            }
        }
        throw new StartFailure("in-process ZooKeeper on port " + port
                + " did not reach serverStarted() within " + deadline.budget(), false);
    }

    @Override
    public void kill(Duration timeout) {
        throw new IllegalStateException("an in-process ZooKeeper cannot be killed: use forked(true)");
    }

    @Override
    public boolean isAlive() {
        return runner.isAlive();
    }

    @Override
    public Optional<StartFailure> deathReason() {
        if (runner.isAlive()) {
            return Optional.empty();
        }
        Throwable t = failure.get();
        if (t == null) {
            return Optional.of(new StartFailure("in-process ZooKeeper on port " + port
                    + " returned from runFromConfig without an error before serving", false));
        }
        return Optional.of(new StartFailure("in-process ZooKeeper on port " + port
                + " failed: " + t, hasCause(t, BindException.class), t));
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public String outputTail() {
        return "";
    }

    private void stopQuietly(Duration timeout, Exception primary) {
        try {
            stop(timeout);
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    private void joinRunner(Duration wait) throws IOException {
        try {
            runner.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted stopping in-process ZooKeeper on port " + port, e);
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 32; c = c.getCause(), depth++) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Exposes the protected {@link ZooKeeperServerMain#shutdown()}, as ZooKeeper's own tests do:
     * it shuts the connection factory, which lets {@code runFromConfig} return after shutting the
     * server and closing the transaction log. Also signals {@code serverStarted()}, which
     * {@code runFromConfig} calls once the database is loaded and the port is serving.
     */
    private static final class StoppableServerMain extends ZooKeeperServerMain {
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        protected void serverStarted() {
            started.countDown();
        }

        void shutdownNow() {
            shutdown();
        }
    }
}
