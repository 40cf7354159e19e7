package io.warden.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A 3-server ensemble, each server in a JVM we forked on 127.0.0.1: real ZooKeeper 3.9.5
 * ({@code QuorumPeerMain}, this JVM's class path) or Warden ({@code java -jar warden-server.jar
 * zoo.cfg}), with the same zoo.cfg: {@code server.N=127.0.0.1:peer:election;127.0.0.1:client}
 * lines, {@code myid}, {@code tickTime=2000}, {@code initLimit=10}, {@code syncLimit=5},
 * {@code forceSync=yes} (both servers' default: a write is on disk before it is acknowledged),
 * the same heap. The leader is whoever answers {@code srvr} with {@code Mode: leader}.
 * Processes are stopped by their own handles only (a shutdown hook kills the ones still alive).
 *
 * <p>Thread-confined to the coordinator thread.
 */
final class EnsembleProcesses implements AutoCloseable {
    /** Servers per ensemble. */
    static final int SIZE = 3;
    static final long START_TIMEOUT_MS = 180_000;
    private static final long POLL_MS = 20;
    private static final int PROBE_TIMEOUT_MS = 2_000;
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final Pattern MODE = Pattern.compile("(?m)^Mode: (\\S+)\\s*$");

    /** Servers forked and not yet reaped; a shutdown hook kills them if the runner stops early. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : LIVE) {
                p.destroyForcibly();
            }
        }, "ensemble-process-reaper"));
    }

    private final Target target;
    private final Path dir;
    private final int[] clientPorts;
    private final List<List<String>> commands;
    private final Process[] processes;
    private final MonotonicClock clock;

    private EnsembleProcesses(Target target, Path dir, int[] clientPorts, List<List<String>> commands,
            MonotonicClock clock) {
        this.target = target;
        this.dir = dir;
        this.clientPorts = clientPorts;
        this.commands = commands;
        this.processes = new Process[SIZE];
        this.clock = clock;
    }

    /** Forks the three servers and waits until all serve with one leader. */
    static EnsembleProcesses start(Target target, Path workDir, int heapMb, Path wardenJar,
            MonotonicClock clock) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve(target.label() + "-ensemble"));
        int[] ports = freePorts(3 * SIZE);
        int[] clientPorts = new int[SIZE];
        StringBuilder serverLines = new StringBuilder();
        for (int i = 0; i < SIZE; i++) {
            clientPorts[i] = ports[3 * i];
            serverLines.append("server.").append(i + 1).append("=127.0.0.1:").append(ports[3 * i + 1])
                    .append(':').append(ports[3 * i + 2]).append(";127.0.0.1:").append(ports[3 * i])
                    .append('\n');
        }
        if (target == Target.WARDEN && !Files.isRegularFile(wardenJar)) {
            throw new IOException("no Warden jar at " + wardenJar.toAbsolutePath()
                    + " (build it: mvn -B -q -pl wire-server/server -am package -DskipTests)");
        }
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            Path serverDir = Files.createDirectories(dir.resolve("server-" + (i + 1)));
            Path dataDir = Files.createDirectories(serverDir.resolve("data"));
            Files.writeString(dataDir.resolve("myid"), (i + 1) + "\n");
            Path cfg = serverDir.resolve("zoo.cfg");
            Files.writeString(cfg, "tickTime=2000\ninitLimit=10\nsyncLimit=5\n"
                    + "dataDir=" + dataDir.toAbsolutePath() + "\n"
                    + "forceSync=yes\nmaxClientCnxns=0\nadmin.enableServer=false\n"
                    + "4lw.commands.whitelist=*\n" + serverLines);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xms" + heapMb + "m");
            cmd.add("-Xmx" + heapMb + "m");
            // Extra flags for every server JVM of both sides, e.g. -Dwarden.bench.serverJvmArgs=
            // "-XX:TieredStopAtLevel=1": on 2 shared cores C2 compilation took ~1.1-1.3 cores of a
            // Warden ensemble's ~2.3 for over a minute after start (Ratis + gRPC + protobuf is a
            // large code path), which is what the short windows measured.
            String extra = System.getProperty("warden.bench.serverJvmArgs", "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(Arrays.asList(extra.split("\\s+")));
            }
            if (target == Target.ZOOKEEPER) {
                cmd.add("-Dzookeeper.admin.enableServer=false");
                cmd.add("-cp");
                cmd.add(absoluteClassPath());
                cmd.add("org.apache.zookeeper.server.quorum.QuorumPeerMain");
            } else {
                cmd.add("-jar");
                cmd.add(wardenJar.toAbsolutePath().toString());
            }
            cmd.add(cfg.toAbsolutePath().toString());
            commands.add(List.copyOf(cmd));
        }
        EnsembleProcesses ensemble = new EnsembleProcesses(target, dir, clientPorts, List.copyOf(commands), clock);
        try {
            for (int id = 1; id <= SIZE; id++) {
                ensemble.launch(id);
            }
            ensemble.awaitAllServing(START_TIMEOUT_MS);
            return ensemble;
        } catch (IOException | InterruptedException | RuntimeException e) {
            ensemble.close();
            throw e;
        }
    }

    Target target() {
        return target;
    }

    /** Connect string naming every server. */
    String connectString() {
        List<String> parts = new ArrayList<>();
        for (int port : clientPorts) {
            parts.add("127.0.0.1:" + port);
        }
        return String.join(",", parts);
    }

    /** Connect string naming server {@code id} (1-based) only. */
    String connectString(int id) {
        return "127.0.0.1:" + clientPorts[id - 1];
    }

    /** PIDs of the running servers (for CPU and RSS sampling). */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                pids.add(p.pid());
            }
        }
        return pids;
    }

    /** {@code srvr}'s Mode of server {@code id}, or empty if it does not serve. */
    Optional<String> mode(int id) {
        try {
            Matcher m = MODE.matcher(fourLetterWord(clientPorts[id - 1], "srvr"));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The one live server saying {@code Mode: leader}, if exactly one does. */
    OptionalInt leader() {
        List<Integer> leaders = new ArrayList<>();
        for (int id = 1; id <= SIZE; id++) {
            Process p = processes[id - 1];
            if (p != null && p.isAlive() && mode(id).filter("leader"::equals).isPresent()) {
                leaders.add(id);
            }
        }
        return leaders.size() == 1 ? OptionalInt.of(leaders.get(0)) : OptionalInt.empty();
    }

    /** Waits until every live server is leader or follower and exactly one leads; returns the leader. */
    int awaitAllServing(long timeoutMs) throws IOException, InterruptedException {
        long deadline = clock.nanos() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            boolean all = true;
            for (int id = 1; id <= SIZE; id++) {
                Process p = processes[id - 1];
                if (p == null) {
                    continue;
                }
                if (!p.isAlive()) {
                    throw new IOException(target.label() + " server " + id + " exited with "
                            + p.exitValue() + "; see " + log(id));
                }
                all &= mode(id).filter(m -> m.equals("leader") || m.equals("follower")).isPresent();
            }
            OptionalInt leader = leader();
            if (all && leader.isPresent()) {
                return leader.getAsInt();
            }
            if (clock.nanos() > deadline) {
                throw new IOException(target.label() + " ensemble not serving within " + timeoutMs
                        + " ms: " + describeModes() + "; logs under " + dir);
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILLs server {@code id} and waits until it is gone. */
    void kill(int id) throws IOException, InterruptedException {
        Process p = processes[id - 1];
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IOException(target.label() + " server " + id + " survived SIGKILL for 30 s");
        }
        LIVE.remove(p);
        processes[id - 1] = null;
    }

    /** Starts server {@code id} again (same ports, data) and waits until the ensemble serves. */
    void restart(int id) throws IOException, InterruptedException {
        launch(id);
        awaitAllServing(START_TIMEOUT_MS);
    }

    @Override
    public void close() {
        for (int id = 1; id <= SIZE; id++) {
            Process p = processes[id - 1];
            if (p != null) {
                p.destroyForcibly();
                try {
                    if (p.waitFor(30, TimeUnit.SECONDS)) {
                        LIVE.remove(p);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                processes[id - 1] = null;
            }
        }
    }

    String describeModes() {
        List<String> modes = new ArrayList<>();
        for (int id = 1; id <= SIZE; id++) {
            modes.add(id + ":" + (processes[id - 1] == null ? "down" : mode(id).orElse("not-serving")));
        }
        return String.join(", ", modes);
    }

    private Path log(int id) {
        return dir.resolve("server-" + id).resolve("server.log");
    }

    private void launch(int id) throws IOException {
        Path log = log(id);
        Files.writeString(log, "=== launch: " + commands.get(id - 1) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(commands.get(id - 1))
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        p.getOutputStream().close();
        LIVE.add(p);
        processes[id - 1] = p;
    }

    /** This JVM's class path with every entry absolute (the servers run in their own directories). */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
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

    /** A four-letter word on a fresh connection; the answer ends at EOF. Bounded. */
    static String fourLetterWord(int port, String word) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), PROBE_TIMEOUT_MS);
            s.setSoTimeout(PROBE_TIMEOUT_MS);
            s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (out.size() + n > MAX_ANSWER_BYTES) {
                    throw new IOException("answer too long");
                }
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return target.label() + " ensemble " + connectString() + " ("
                + pids().stream().map(String::valueOf).collect(Collectors.joining(",")) + ")";
    }
}
