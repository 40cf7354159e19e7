package io.warden.compat.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The real Apache ZooKeeper 3.9.5 server, standalone, as a test fixture: the reference our
 * server is compared against.
 *
 * <pre>{@code
 * try (RealZooKeeper zk = RealZooKeeper.builder()
 *         .forked(true)
 *         .property("zookeeper.extendedTypesEnabled", "true")
 *         .start()) {
 *     ZooKeeper client = OfficialJavaClient.connect(zk.connectString());
 *     ...
 *     zk.kill();      // SIGKILL (forked only)
 *     zk.restart();   // same port, same data dir
 * }
 * }</pre>
 *
 * <p>Every server binds {@code 127.0.0.1} on a port picked free ({@link FreePorts}); a start that
 * loses the port to someone else retries on a new one, at most {@value #MAX_PORT_ATTEMPTS} times.
 * zoo.cfg gets {@code tickTime=2000}, {@code 4lw.commands.whitelist=*},
 * {@code admin.enableServer=false}, {@code forceSync} as configured (default {@code no}: tests
 * need speed, not durability against power loss; a SIGKILLed process loses nothing either way),
 * then any {@link Builder#config} lines. A start counts as done when the server answers {@code ruok} with
 * {@code imok} and {@code conf} names our data dir (so we never mistake another server on a
 * re-used port for ours, nor a server that accepts connections but failed to load its database),
 * within {@link Builder#startTimeout} (default 30 s).
 *
 * <p>Two modes. In-process (default): {@code ZooKeeperServerMain} on a thread of this JVM, about
 * half a second to start; but system properties are JVM-wide, so {@link Builder#property} is
 * refused, and zoo.cfg keys ZooKeeper does not know become JVM-wide {@code zookeeper.*}
 * properties (see {@link InProcessZooKeeper}). Forked: a child JVM with this JVM's class path and
 * its own {@code -D} properties, a second or two to start; supports {@link #kill()}.
 *
 * <p>{@link #stop()} keeps the data dir, {@link #restart()} starts again on the same port and data
 * dir, {@link #close()} stops and deletes the temporary directory.
 *
 * <p>Thread-safe: lifecycle methods are {@code synchronized}; the port and paths never change.
 */
public final class RealZooKeeper implements AutoCloseable {
    /** Start attempts on fresh ports when a port turns out to be taken. */
    public static final int MAX_PORT_ATTEMPTS = 5;

    private static final Set<String> RESERVED_CONFIG_KEYS =
            Set.of("dataDir", "dataLogDir", "clientPort", "clientPortAddress");
    private static final Duration READY_POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration READY_PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final int MAX_READY_POLLS = 10_000;

    private final Builder settings;
    private final Path baseDir;
    private final Path dataDir;
    private final Path zooCfg;
    private final Path logFile;
    private final int port;
    private ServerInstance current; // guarded by this; null when stopped
    private boolean closed; // guarded by this

    private RealZooKeeper(Builder settings, Path baseDir, int port, ServerInstance current) {
        this.settings = settings;
        this.baseDir = baseDir;
        this.dataDir = dataDirOf(baseDir);
        this.zooCfg = baseDir.resolve("zoo.cfg");
        this.logFile = baseDir.resolve("server.log");
        this.port = port;
        this.current = current;
    }

    /** A builder with the defaults: in-process, forceSync off, tickTime 2000. */
    public static Builder builder() {
        return new Builder();
    }

    /** Host the server binds: always {@code 127.0.0.1}. */
    public String host() {
        return FreePorts.LOOPBACK_HOST;
    }

    /** Client port; the same across restarts. */
    public int port() {
        return port;
    }

    /** {@code "127.0.0.1:PORT"}, for clients. */
    public String connectString() {
        return host() + ":" + port;
    }

    /** The server's dataDir (ZooKeeper writes {@code version-2/} under it). */
    public Path dataDir() {
        return dataDir;
    }

    /** The temporary directory holding zoo.cfg, the data dir and the forked server's log. */
    public Path baseDir() {
        return baseDir;
    }

    /** Where a forked server's stdout and stderr go (all launches, appended). */
    public Path logFile() {
        return logFile;
    }

    /** Whether this server runs in a child JVM. */
    public boolean isForked() {
        return settings.forked;
    }

    /** Whether a server is currently running (it may have died on its own). */
    public synchronized boolean isRunning() {
        return current != null && current.isAlive();
    }

    /** Process id of the running forked server. */
    public synchronized OptionalLong pid() {
        return current == null ? OptionalLong.empty() : current.pid();
    }

    /** Sends a four-letter word to this server; see {@link FourLetterWords#send}. */
    public String fourLetterWord(String command) throws IOException {
        return FourLetterWords.send(host(), port, command);
    }

    /** Stops the server gracefully (SIGTERM for a forked one), keeping the data dir. Idempotent. */
    public synchronized void stop() throws IOException {
        if (current != null) {
            ServerInstance stopping = current;
            stopping.stop(settings.stopTimeout);
            current = null;
        }
    }

    /** SIGKILLs a forked server (the PID this harness started, via its Process handle). */
    public synchronized void kill() throws IOException {
        if (!settings.forked) {
            throw new IllegalStateException("kill() needs a forked server: builder().forked(true)");
        }
        if (current == null) {
            throw new IllegalStateException("not running: " + connectString());
        }
        current.kill(settings.stopTimeout);
        current = null;
    }

    /** Stops the server if it runs, then starts it again on the same port and data dir. */
    public synchronized void restart() throws IOException {
        if (closed) {
            throw new IllegalStateException("closed: " + connectString());
        }
        stop();
        current = launch(settings, baseDir, port, Deadline.after(settings.startTimeout));
    }

    /** Stops the server and deletes its temporary directory. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteRecursively(baseDir);
        }
    }

    @Override
    public String toString() {
        return "RealZooKeeper[" + connectString() + (settings.forked ? ", forked" : ", in-process")
                + ", " + dataDir + "]";
    }

    private static RealZooKeeper start(Builder settings) throws IOException {
        if (!settings.forked && !settings.systemProperties.isEmpty()) {
            throw new IllegalStateException("system properties " + settings.systemProperties.keySet()
                    + " are JVM-wide: they need a forked server, builder().forked(true)");
        }
        Path baseDir = Files.createTempDirectory("warden-real-zk-");
        try {
            Files.createDirectories(dataDirOf(baseDir));
            StartFailure last = null;
            for (int attempt = 1; attempt <= MAX_PORT_ATTEMPTS; attempt++) {
                int port = FreePorts.pick();
                try {
                    ServerInstance instance =
                            launch(settings, baseDir, port, Deadline.after(settings.startTimeout));
                    return new RealZooKeeper(settings, baseDir, port, instance);
                } catch (StartFailure e) {
                    if (!e.portInUse()) {
                        throw e;
                    }
                    if (last != null) {
                        e.addSuppressed(last);
                    }
                    last = e;
                }
            }
            throw new IOException("no usable port after " + MAX_PORT_ATTEMPTS + " attempts", last);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(baseDir, e);
            throw e;
        }
    }

    private static ServerInstance launch(Builder settings, Path baseDir, int port, Deadline deadline)
            throws IOException {
        Path zooCfg = baseDir.resolve("zoo.cfg");
        Files.writeString(zooCfg, zooCfgText(settings, dataDirOf(baseDir), port),
                StandardCharsets.UTF_8);
        if (settings.forked) {
            return ForkedZooKeeper.launch(zooCfg, port, dataDirOf(baseDir),
                    baseDir.resolve("server.log"), settings.jvmArgs, settings.systemProperties,
                    deadline);
        }
        return InProcessZooKeeper.launch(zooCfg, port, dataDirOf(baseDir), deadline);
    }

    private static String zooCfgText(Builder settings, Path dataDir, int port) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("tickTime", Integer.toString(settings.tickTimeMs));
        lines.put("dataDir", dataDir.toAbsolutePath().toString());
        lines.put("clientPort", Integer.toString(port));
        lines.put("clientPortAddress", FreePorts.LOOPBACK_HOST);
        lines.put("4lw.commands.whitelist", "*");
        lines.put("admin.enableServer", "false");
        lines.put("forceSync", settings.forceSync ? "yes" : "no");
        lines.putAll(settings.config);
        StringBuilder text = new StringBuilder("# written by io.warden.compat.harness.RealZooKeeper\n");
        lines.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    /**
     * Waits until the server on {@code port} is serving: it answers {@code ruok} with
     * {@code imok} and {@code conf} names {@code dataDir}. {@code imok} alone is not enough: the
     * 3.9.5 server answers it as soon as it accepts connections, even when loading the database
     * then failed (for example without snappy-java on the class path) and it will only ever say
     * "This ZooKeeper instance is not currently serving requests". Fails fast if
     * {@code instance} dies first.
     */
    static void awaitServing(String what, int port, Path dataDir, Deadline deadline,
            ServerInstance instance) throws IOException {
        String host = FreePorts.LOOPBACK_HOST;
        String expectedDataDir = "dataDir=" + dataDir.toAbsolutePath().resolve("version-2");
        String last = "no answer yet";
        for (int poll = 0; poll < MAX_READY_POLLS; poll++) {
            Optional<StartFailure> death = instance.deathReason();
            if (death.isPresent()) {
                throw death.get();
            }
            try {
                String answer = FourLetterWords.send(host, port, "ruok", probeTimeout(deadline));
                if ("imok".equals(answer)) {
                    String conf = FourLetterWords.send(host, port, "conf", probeTimeout(deadline));
                    if (conf.lines().anyMatch(expectedDataDir::equals)) {
                        return;
                    }
                    if (conf.contains("dataDir=")) {
                        throw new StartFailure(what + ": port " + port + " is answered by another"
                                + " server (its conf lacks '" + expectedDataDir + "')", true);
                    }
                    last = "ruok answered imok but conf answered '" + conf.strip() + "'";
                } else {
                    last = "ruok answered '" + answer + "'";
                }
            } catch (StartFailure e) {
                throw e;
            } catch (IOException e) {
                last = e.toString();
            }
            if (deadline.expired()) {
                break;
            }
            ChildJvm.sleep(READY_POLL_INTERVAL);
        }
        String tail = instance.outputTail();
        throw new StartFailure(what + " on " + host + ":" + port + " was not serving within "
                + deadline.budget() + "; last: " + last + (tail.isEmpty() ? "" : "; output:\n" + tail),
                false);
    }

    private static Duration probeTimeout(Deadline deadline) {
        Duration remaining = deadline.remaining();
        Duration floor = Duration.ofMillis(100);
        Duration capped = remaining.compareTo(READY_PROBE_TIMEOUT) < 0 ? remaining : READY_PROBE_TIMEOUT;
        return capped.compareTo(floor) < 0 ? floor : capped;
    }

    private static Path dataDirOf(Path baseDir) {
        return baseDir.resolve("data");
    }

    private static void deleteQuietly(Path dir, Exception primary) {
        try {
            deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Settings for {@link RealZooKeeper}; {@link #start()} copies them, so a builder can start
     * several servers. Not thread-safe (confine to one thread).
     */
    public static final class Builder {
        private boolean forked;
        private boolean forceSync;
        private int tickTimeMs = 2000;
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration stopTimeout = Duration.ofSeconds(15);
        private Map<String, String> config = new LinkedHashMap<>();
        private Map<String, String> systemProperties = new LinkedHashMap<>();
        private List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));

        private Builder() {}

        private Builder(Builder other) {
            forked = other.forked;
            forceSync = other.forceSync;
            tickTimeMs = other.tickTimeMs;
            startTimeout = other.startTimeout;
            stopTimeout = other.stopTimeout;
            config = Collections.unmodifiableMap(new LinkedHashMap<>(other.config));
            systemProperties = Collections.unmodifiableMap(new LinkedHashMap<>(other.systemProperties));
            jvmArgs = List.copyOf(other.jvmArgs);
        }

        /** Run in a child JVM (true) or on a thread of this JVM (false, the default). */
        public Builder forked(boolean forked) {
            this.forked = forked;
            return this;
        }

        /** zoo.cfg {@code forceSync}: fsync the transaction log on commit (default false). */
        public Builder forceSync(boolean forceSync) {
            this.forceSync = forceSync;
            return this;
        }

        /** zoo.cfg {@code tickTime} (default 2000). */
        public Builder tickTimeMs(int tickTimeMs) {
            if (tickTimeMs <= 0) {
                throw new IllegalArgumentException("tickTimeMs must be positive: " + tickTimeMs);
            }
            this.tickTimeMs = tickTimeMs;
            return this;
        }

        /**
         * An extra zoo.cfg line, e.g. {@code config("maxClientCnxns", "0")}; overrides the
         * harness defaults except the reserved dataDir, dataLogDir, clientPort and
         * clientPortAddress.
         */
        public Builder config(String key, String value) {
            checkKeyValue(key, value);
            if (RESERVED_CONFIG_KEYS.contains(key)) {
                throw new IllegalArgumentException("zoo.cfg key '" + key + "' is set by the harness");
            }
            config.put(key, value);
            return this;
        }

        /** A {@code -D} system property for the server JVM: forked servers only. */
        public Builder property(String key, String value) {
            checkKeyValue(key, value);
            systemProperties.put(key, value);
            return this;
        }

        /** An extra JVM option for a forked server (defaults: -Xmx256m -XX:+UseSerialGC). */
        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** How long to wait for the server to answer after (re)start (default 30 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = checkPositive(timeout);
            return this;
        }

        /** How long each stop step may take (default 15 s). */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = checkPositive(timeout);
            return this;
        }

        /** Starts a server with these settings; returns once it serves. */
        public RealZooKeeper start() throws IOException {
            return RealZooKeeper.start(new Builder(this));
        }

        private static void checkKeyValue(String key, String value) {
            if (key == null || key.isEmpty() || !key.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("bad key: '" + key + "'");
            }
            if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                    || value.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("bad value for " + key + ": '" + value + "'");
            }
        }

        private static Duration checkPositive(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            return timeout;
        }
    }
}
