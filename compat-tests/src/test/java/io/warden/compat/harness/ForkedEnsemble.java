package io.warden.compat.harness;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A replicated ensemble of 3 or 5 servers, each in its own child JVM on {@code 127.0.0.1}: real
 * Apache ZooKeeper 3.9.5 ({@code QuorumPeerMain} from this JVM's test class path) or Warden
 * ({@code java -jar warden-server.jar zoo.cfg}, the shaded jar from {@link #wardenJarPath()}).
 * Both get the same zoo.cfg: {@code server.N=127.0.0.1:peerPort:electionPort;127.0.0.1:clientPort}
 * lines, {@code <dataDir>/myid}, {@code tickTime}, {@code initLimit}, {@code syncLimit},
 * {@code 4lw.commands.whitelist=*}, {@code admin.enableServer=false}, {@code forceSync}.
 *
 * <pre>{@code
 * try (ForkedEnsemble ensemble = ForkedEnsemble.builder(Kind.ZOOKEEPER).size(3).start()) {
 *     ZooKeeper client = OfficialJavaClient.connect(ensemble.connectString());
 *     int leader = ensemble.awaitLeader(Duration.ofSeconds(60));
 *     ensemble.kill(leader);                    // SIGKILL the PID we started
 *     ensemble.awaitLeader(Duration.ofSeconds(60));
 *     ensemble.restart(leader);                 // same ports and data dir
 *     ensemble.pause(2); ensemble.resume(2);    // SIGSTOP / SIGCONT
 * }
 * }</pre>
 *
 * <p>A server counts as serving when {@code srvr} answers {@code Mode: leader} or
 * {@code Mode: follower} (a peer without a quorum answers "not currently serving requests"). Ports
 * are picked free all at once (3 per server, held open together so none repeats); a start whose
 * server dies with "Address already in use" is retried on new ports, at most
 * {@value #MAX_PORT_ATTEMPTS} times. Every wait is bounded; every process is ended through its own
 * {@link Process} handle or its PID ({@code kill -STOP/-CONT} for pause and resume); a JVM shutdown
 * hook kills the servers still running if the test JVM exits without {@link #close()}.
 *
 * <p>Thread-safe: lifecycle methods are {@code synchronized}; {@link #mode}, {@link #zxid} and the
 * four-letter-word queries only read immutable ports and talk to the servers.
 */
public final class ForkedEnsemble implements AutoCloseable {
    /** Start attempts on fresh ports when a port turns out to be taken. */
    public static final int MAX_PORT_ATTEMPTS = 3;
    /** System property naming the shaded Warden jar (set by compat-tests' pom). */
    public static final String WARDEN_JAR_PROPERTY = "warden.server.jar";

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_POLLS = 100_000;
    private static final Pattern MODE = Pattern.compile("(?m)^Mode: (\\S+)\\s*$");
    private static final Pattern ZXID = Pattern.compile("(?m)^Zxid: 0x([0-9a-fA-F]+)\\s*$");

    /** Which server runs in each JVM. */
    public enum Kind {
        /** Apache ZooKeeper 3.9.5 {@code QuorumPeerMain}. */
        ZOOKEEPER,
        /** The Warden shaded jar. */
        WARDEN
    }

    private final Builder settings;
    private final Path baseDir;
    private final List<Member> members;

    private ForkedEnsemble(Builder settings, Path baseDir, List<Member> members) {
        this.settings = settings;
        this.baseDir = baseDir;
        this.members = List.copyOf(members);
    }

    /** Settings with the defaults: 3 servers, tickTime 2000, initLimit 10, syncLimit 5. */
    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** What runs in the child JVMs. */
    public Kind kind() {
        return settings.kind;
    }

    /** Number of servers. */
    public int size() {
        return members.size();
    }

    /** Server ids, 1..size. */
    public List<Integer> ids() {
        return members.stream().map(m -> m.id).collect(Collectors.toUnmodifiableList());
    }

    /** {@code tickTime} in zoo.cfg. */
    public int tickTimeMs() {
        return settings.tickTimeMs;
    }

    /** {@code "127.0.0.1:p1,127.0.0.1:p2,..."}: every server, for clients. */
    public String connectString() {
        return members.stream().map(Member::hostPort).collect(Collectors.joining(","));
    }

    /** The connect string of server {@code id} alone. */
    public String connectString(int id) {
        return member(id).hostPort();
    }

    /** The connect string of every server except {@code id}. */
    public String connectStringExcept(int id) {
        return members.stream().filter(m -> m.id != id).map(Member::hostPort)
                .collect(Collectors.joining(","));
    }

    /** Client port of server {@code id}; the same across restarts. */
    public int clientPort(int id) {
        return member(id).clientPort;
    }

    /** Data dir of server {@code id} (holds {@code myid}). */
    public Path dataDir(int id) {
        return member(id).dataDir();
    }

    /** Log file of server {@code id} (stdout and stderr of all its launches, appended). */
    public Path logFile(int id) {
        return member(id).logFile();
    }

    /** PID of server {@code id} if it runs. */
    public synchronized OptionalLong pid(int id) {
        Process p = member(id).process;
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.pid());
    }

    /** Whether server {@code id}'s process is alive (it may be paused). */
    public synchronized boolean isRunning(int id) {
        Process p = member(id).process;
        return p != null && p.isAlive();
    }

    /** Whether server {@code id} is SIGSTOPped by {@link #pause}. */
    public synchronized boolean isPaused(int id) {
        return member(id).paused;
    }

    /** Sends a four-letter word to server {@code id}. */
    public String fourLetterWord(int id, String command) throws IOException {
        return FourLetterWords.send(FreePorts.LOOPBACK_HOST, member(id).clientPort, command,
                PROBE_TIMEOUT);
    }

    /**
     * {@code srvr}'s {@code Mode:} of server {@code id} ({@code leader}, {@code follower}, ...),
     * or empty if it does not answer or is not serving.
     */
    public Optional<String> mode(int id) {
        try {
            Matcher m = MODE.matcher(fourLetterWord(id, "srvr"));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code srvr}'s {@code Zxid:} of server {@code id}, or empty if it does not answer one. */
    public OptionalLong zxid(int id) {
        try {
            Matcher m = ZXID.matcher(fourLetterWord(id, "srvr"));
            return m.find() ? OptionalLong.of(Long.parseUnsignedLong(m.group(1), 16))
                    : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The one running, unpaused server whose {@code srvr} says {@code Mode: leader}, if exactly one. */
    public OptionalInt leader() {
        List<Integer> leaders = new ArrayList<>();
        for (Member m : members) {
            if (isRunning(m.id) && !isPaused(m.id) && mode(m.id).filter("leader"::equals).isPresent()) {
                leaders.add(m.id);
            }
        }
        return leaders.size() == 1 ? OptionalInt.of(leaders.get(0)) : OptionalInt.empty();
    }

    /** Waits until exactly one server says it leads; returns its id. */
    public int awaitLeader(Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            OptionalInt leader = leader();
            if (leader.isPresent()) {
                return leader.getAsInt();
            }
            if (deadline.expired()) {
                break;
            }
            ChildJvm.sleep(POLL_INTERVAL);
        }
        throw new IOException(kind() + " ensemble: no single leader within " + timeout + "; "
                + describeModes());
    }

    /** Waits until server {@code id} serves as leader or follower. */
    public void awaitServing(int id, Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        Member m = member(id);
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            Optional<String> mode = mode(id);
            if (mode.filter(s -> s.equals("leader") || s.equals("follower")).isPresent()) {
                return;
            }
            synchronized (this) {
                if (m.process == null || !m.process.isAlive()) {
                    throw new StartFailure(kind() + " server " + id + " is not running"
                            + exitText(m) + "; output:\n" + outputTail(m), outputTail(m)
                            .contains("Address already in use"));
                }
            }
            if (deadline.expired()) {
                break;
            }
            ChildJvm.sleep(POLL_INTERVAL);
        }
        throw new IOException(kind() + " server " + id + " not serving (leader or follower) within "
                + timeout + "; srvr: " + mode(id).orElse("(no mode)") + "; output:\n" + outputTail(m));
    }

    /** Waits until every running, unpaused server serves and exactly one leads. */
    public void awaitAllServing(Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        for (Member m : members) {
            if (isRunning(m.id) && !isPaused(m.id)) {
                awaitServing(m.id, deadline.remaining());
            }
        }
        awaitLeader(deadline.remaining());
    }

    /**
     * Waits until every running, unpaused server reports the same {@code srvr} zxid; returns it.
     * Under write load this may never happen: call it when writes have stopped.
     */
    public long awaitSameZxid(Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        String last = "";
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            Map<Integer, OptionalLong> zxids = new LinkedHashMap<>();
            for (Member m : members) {
                if (isRunning(m.id) && !isPaused(m.id)) {
                    zxids.put(m.id, zxid(m.id));
                }
            }
            boolean allKnown = zxids.values().stream().allMatch(OptionalLong::isPresent);
            long distinct = zxids.values().stream().filter(OptionalLong::isPresent)
                    .mapToLong(OptionalLong::getAsLong).distinct().count();
            if (allKnown && distinct == 1) {
                return zxids.values().iterator().next().getAsLong();
            }
            last = zxids.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue().isPresent()
                    ? "0x" + Long.toHexString(e.getValue().getAsLong()) : "?"))
                    .collect(Collectors.joining(", "));
            if (deadline.expired()) {
                break;
            }
            ChildJvm.sleep(POLL_INTERVAL);
        }
        throw new IOException(kind() + " ensemble: zxids differ after " + timeout + ": " + last);
    }

    /** SIGKILLs server {@code id} (resuming it first if paused) and waits for it to exit. */
    public synchronized void kill(int id) throws IOException {
        Member m = member(id);
        if (m.process == null) {
            throw new IllegalStateException("server " + id + " is not running");
        }
        killProcess(m);
    }

    /** SIGSTOPs server {@code id} (by the PID this harness started). */
    public synchronized void pause(int id) throws IOException {
        Member m = member(id);
        if (m.process == null || !m.process.isAlive() || m.paused) {
            throw new IllegalStateException("server " + id + " is not running unpaused");
        }
        signal(m.process.pid(), "-STOP");
        m.paused = true;
    }

    /** SIGCONTs server {@code id} after {@link #pause}. */
    public synchronized void resume(int id) throws IOException {
        Member m = member(id);
        if (m.process == null || !m.paused) {
            throw new IllegalStateException("server " + id + " is not paused");
        }
        signal(m.process.pid(), "-CONT");
        m.paused = false;
    }

    /**
     * Starts server {@code id} again on the same ports and data dir (SIGKILLing it first if it
     * still runs) and waits until it serves as leader or follower.
     */
    public void restart(int id) throws IOException {
        synchronized (this) {
            Member m = member(id);
            if (m.process != null) {
                killProcess(m);
            }
            launch(m);
        }
        awaitServing(id, settings.startTimeout);
    }

    /** SIGKILLs every running server. */
    public synchronized void killAll() throws IOException {
        for (Member m : members) {
            if (m.process != null) {
                killProcess(m);
            }
        }
    }

    /** Starts every server that is not running and waits until all serve with one leader. */
    public void startAll() throws IOException {
        synchronized (this) {
            for (Member m : members) {
                if (m.process == null) {
                    launch(m);
                }
            }
        }
        awaitAllServing(settings.startTimeout);
    }

    /** Kills every server this ensemble started and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        for (Member m : members) {
            try {
                if (m.process != null) {
                    killProcess(m);
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        if (!settings.keepDirectory) {
            RealZooKeeper.deleteRecursively(baseDir);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "ForkedEnsemble[" + kind() + ", " + connectString() + ", " + baseDir + "]";
    }

    /** Modes of all servers, for error messages. */
    public String describeModes() {
        return members.stream().map(m -> m.id + ":" + (isPaused(m.id) ? "paused"
                : isRunning(m.id) ? mode(m.id).orElse("not-serving") : "down"))
                .collect(Collectors.joining(", "));
    }

    /**
     * The shaded jar: the {@value #WARDEN_JAR_PROPERTY} system property, else
     * {@code ../wire-server/server/target/warden-server.jar} relative to the module directory.
     */
    public static Path wardenJarPath() throws IOException {
        String configured = System.getProperty(WARDEN_JAR_PROPERTY, "");
        Path jar = configured.isBlank()
                ? Path.of("..", "wire-server", "server", "target", "warden-server.jar")
                : Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no Warden server jar at " + jar.toAbsolutePath()
                    + " (build it: mvn -B -pl wire-server/server -am package -DskipTests)");
        }
        return jar.toAbsolutePath().normalize();
    }

    private Member member(int id) {
        if (id < 1 || id > members.size()) {
            throw new IllegalArgumentException("no server " + id + " in an ensemble of " + members.size());
        }
        return members.get(id - 1);
    }

    private static ForkedEnsemble start(Builder settings) throws IOException {
        Path baseDir = Files.createTempDirectory("warden-ensemble-" + settings.kind.name().toLowerCase() + "-");
        IOException last = null;
        for (int attempt = 1; attempt <= MAX_PORT_ATTEMPTS; attempt++) {
            int[] ports = pickDistinctPorts(3 * settings.size);
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < settings.size; i++) {
                members.add(new Member(i + 1, baseDir.resolve("attempt-" + attempt).resolve("server-" + (i + 1)),
                        ports[3 * i], ports[3 * i + 1], ports[3 * i + 2]));
            }
            ForkedEnsemble ensemble = new ForkedEnsemble(settings, baseDir, members);
            try {
                synchronized (ensemble) {
                    for (Member m : members) {
                        ensemble.writeConfig(m);
                        ensemble.launch(m);
                    }
                }
                ensemble.awaitAllServing(settings.startTimeout);
                return ensemble;
            } catch (IOException | RuntimeException e) {
                boolean portInUse = e instanceof StartFailure sf && sf.portInUse();
                try {
                    ensemble.killAllQuietly();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                if (!portInUse || attempt == MAX_PORT_ATTEMPTS) {
                    if (!settings.keepDirectory) {
                        try {
                            RealZooKeeper.deleteRecursively(baseDir);
                        } catch (IOException suppressed) {
                            e.addSuppressed(suppressed);
                        }
                    }
                    if (last != null) {
                        e.addSuppressed(last);
                    }
                    throw e;
                }
                last = (IOException) e;
            }
        }
        throw new IOException("unreachable", last);
    }

    private synchronized void killAllQuietly() {
        for (Member m : members) {
            try {
                if (m.process != null) {
                    killProcess(m);
                }
            } catch (IOException e) {
                // Best effort while a failed start is being abandoned; the shutdown hook remains.
            }
        }
    }

    /** Opens {@code n} loopback server sockets at once (so no port repeats), closes them. */
    private static int[] pickDistinctPorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, FreePorts.loopback());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private void writeConfig(Member m) throws IOException {
        Files.createDirectories(m.dataDir());
        Files.writeString(m.dataDir().resolve("myid"), m.id + "\n", StandardCharsets.UTF_8);
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("tickTime", Integer.toString(settings.tickTimeMs));
        lines.put("initLimit", Integer.toString(settings.initLimit));
        lines.put("syncLimit", Integer.toString(settings.syncLimit));
        lines.put("dataDir", m.dataDir().toAbsolutePath().toString());
        lines.put("4lw.commands.whitelist", "*");
        lines.put("admin.enableServer", "false");
        lines.put("forceSync", settings.forceSync ? "yes" : "no");
        lines.putAll(settings.config);
        for (Member peer : members) {
            lines.put("server." + peer.id, FreePorts.LOOPBACK_HOST + ":" + peer.peerPort + ":"
                    + peer.electionPort + ";" + peer.hostPort());
        }
        StringBuilder text = new StringBuilder("# written by io.warden.compat.harness.ForkedEnsemble\n");
        lines.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(m.zooCfg(), text.toString(), StandardCharsets.UTF_8);
    }

    /** Starts {@code m}'s JVM; caller holds the lock. Does not wait for it to serve. */
    private void launch(Member m) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable());
        command.add("-Xmx" + settings.heapMb + "m");
        command.addAll(settings.jvmArgs);
        settings.systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (settings.kind == Kind.ZOOKEEPER) {
            command.add("-Dzookeeper.admin.enableServer=false");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("org.apache.zookeeper.server.quorum.QuorumPeerMain");
        } else {
            command.add("-jar");
            command.add(wardenJarPath().toString());
        }
        command.add(m.zooCfg().toString());
        ChildJvm.Launch launch = ChildJvm.start(command, m.dir, m.logFile(), "launch of server " + m.id,
                "kill-ensemble-server-" + m.id);
        m.outputStart = launch.outputStart();
        m.process = launch.process();
        m.paused = false;
        m.exitHook = launch.exitHook();
    }

    /** SIGKILLs {@code m} (a paused process dies too) and waits; caller holds the lock. */
    private void killProcess(Member m) throws IOException {
        Process p = m.process;
        p.destroyForcibly();
        try {
            if (!p.waitFor(settings.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("server " + m.id + " pid " + p.pid() + " did not exit within "
                        + settings.stopTimeout + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for server " + m.id, e);
        }
        m.process = null;
        m.paused = false;
        ChildJvm.removeExitHook(m.exitHook);
    }

    private static void signal(long pid, String signal) throws IOException {
        PeerProcess.Result result = PeerProcess.run(List.of("kill", signal, Long.toString(pid)),
                Map.of(), null, Duration.ofSeconds(10));
        if (!result.succeeded()) {
            throw new IOException("kill " + signal + " " + pid + " failed: " + result.describe());
        }
    }

    private static String exitText(Member m) {
        Process p = m.process;
        return p == null || p.isAlive() ? "" : " (exited with code " + p.exitValue() + ")";
    }

    private static String outputTail(Member m) {
        return ChildJvm.outputTail(m.logFile(), m.outputStart);
    }

    /** One server: fixed id, ports and directory; its process changes. Guarded by the ensemble. */
    private static final class Member {
        final int id;
        final Path dir;
        final int clientPort;
        final int peerPort;
        final int electionPort;
        Process process;
        boolean paused;
        Thread exitHook;
        long outputStart;

        Member(int id, Path dir, int clientPort, int peerPort, int electionPort) {
            this.id = id;
            this.dir = dir;
            this.clientPort = clientPort;
            this.peerPort = peerPort;
            this.electionPort = electionPort;
        }

        String hostPort() {
            return FreePorts.LOOPBACK_HOST + ":" + clientPort;
        }

        Path dataDir() {
            return dir.resolve("data");
        }

        Path zooCfg() {
            return dir.resolve("zoo.cfg");
        }

        Path logFile() {
            return dir.resolve("server.log");
        }
    }

    /**
     * Settings for {@link ForkedEnsemble}; {@link #start()} copies them. Not thread-safe
     * (confine to one thread).
     */
    public static final class Builder {
        private final Kind kind;
        private int size = 3;
        private int tickTimeMs = 2000;
        private int initLimit = 10;
        private int syncLimit = 5;
        private boolean forceSync;
        private boolean keepDirectory;
        private int heapMb = 256;
        private Duration startTimeout = Duration.ofSeconds(120);
        private Duration stopTimeout = Duration.ofSeconds(15);
        private Map<String, String> config = new LinkedHashMap<>();
        private Map<String, String> systemProperties = new LinkedHashMap<>();
        private List<String> jvmArgs = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));

        private Builder(Kind kind) {
            this.kind = kind;
        }

        private Builder(Builder other) {
            kind = other.kind;
            size = other.size;
            tickTimeMs = other.tickTimeMs;
            initLimit = other.initLimit;
            syncLimit = other.syncLimit;
            forceSync = other.forceSync;
            keepDirectory = other.keepDirectory;
            heapMb = other.heapMb;
            startTimeout = other.startTimeout;
            stopTimeout = other.stopTimeout;
            config = Collections.unmodifiableMap(new LinkedHashMap<>(other.config));
            systemProperties = Collections.unmodifiableMap(new LinkedHashMap<>(other.systemProperties));
            jvmArgs = List.copyOf(other.jvmArgs);
        }

        /** Number of servers: 3 or 5 (default 3). */
        public Builder size(int size) {
            if (size != 3 && size != 5) {
                throw new IllegalArgumentException("an ensemble here has 3 or 5 servers: " + size);
            }
            this.size = size;
            return this;
        }

        /** zoo.cfg {@code tickTime} (default 2000). */
        public Builder tickTimeMs(int tickTimeMs) {
            this.tickTimeMs = positive(tickTimeMs, "tickTimeMs");
            return this;
        }

        /** zoo.cfg {@code initLimit} in ticks (default 10). */
        public Builder initLimit(int ticks) {
            this.initLimit = positive(ticks, "initLimit");
            return this;
        }

        /** zoo.cfg {@code syncLimit} in ticks (default 5). */
        public Builder syncLimit(int ticks) {
            this.syncLimit = positive(ticks, "syncLimit");
            return this;
        }

        /** zoo.cfg {@code forceSync} (default false: tests need speed; SIGKILL loses nothing either way). */
        public Builder forceSync(boolean forceSync) {
            this.forceSync = forceSync;
            return this;
        }

        /** An extra zoo.cfg line (not dataDir, server.N or clientPort: the harness sets those). */
        public Builder config(String key, String value) {
            if (key.equals("dataDir") || key.startsWith("server.") || key.startsWith("clientPort")) {
                throw new IllegalArgumentException("zoo.cfg key '" + key + "' is set by the harness");
            }
            checkValue(key, value);
            config.put(key, value);
            return this;
        }

        /** A {@code -D} system property for every server JVM. */
        public Builder property(String key, String value) {
            checkValue(key, value);
            systemProperties.put(key, value);
            return this;
        }

        /** Heap of each server JVM (default 256 MB). */
        public Builder heapMb(int heapMb) {
            this.heapMb = positive(heapMb, "heapMb");
            return this;
        }

        /** Replaces the extra JVM options (default -XX:+UseSerialGC -XX:TieredStopAtLevel=1). */
        public Builder jvmArgs(List<String> args) {
            this.jvmArgs = new ArrayList<>(args);
            return this;
        }

        /** How long a (re)start may take until serving (default 120 s: 2 shared cores). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Keep the temporary directory after {@link ForkedEnsemble#close()} (for debugging). */
        public Builder keepDirectory(boolean keep) {
            this.keepDirectory = keep;
            return this;
        }

        /** Starts every server and returns once all serve and exactly one leads. */
        public ForkedEnsemble start() throws IOException {
            return ForkedEnsemble.start(new Builder(this));
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static void checkValue(String key, String value) {
            if (key == null || !key.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("bad key: '" + key + "'");
            }
            if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("bad value for " + key + ": '" + value + "'");
            }
        }
    }
}
