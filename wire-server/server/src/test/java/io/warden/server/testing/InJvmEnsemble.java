package io.warden.server.testing;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.server.ServerConfig;
import io.warden.server.WardenServer;
import io.warden.server.ZooCfg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * An ensemble of Warden servers in one JVM, each started from its own zoo.cfg (server lines, a
 * myid file, its own dataDir under the given directory), all on 127.0.0.1 with free ports: the
 * fixture of the in-JVM ensemble tests. Members are numbered from 0 here (myid = index + 1).
 *
 * <p>The defaults: tickTime 500 ms, initLimit 10, syncLimit 5, elections 0.8-1.6 s,
 * minSessionTimeout 4 s (a member without leader contact for that long stops serving).
 *
 * <p>Not thread-safe: used from the test thread.
 */
public final class InJvmEnsemble implements AutoCloseable {
    /** How long {@link #eventually} waits by default. */
    public static final long DEFAULT_WAIT_MS = 30_000;

    private final List<WardenServer> servers = new ArrayList<>();
    private final List<ServerConfig> configs = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();
    private final long waitMs;

    private InJvmEnsemble(long waitMs) {
        this.waitMs = waitMs;
    }

    /** A builder for an ensemble whose members keep their data under {@code dir}. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** Starts {@code n} members with the defaults; returns once one leads and all serve. */
    public static InJvmEnsemble start(Path dir, int n) throws Exception {
        return builder(dir).members(n).start();
    }

    /** How an ensemble is started. Not thread-safe. */
    public static final class Builder {
        private final Path dir;
        private int members = 3;
        private int observers;
        private int minSessionTimeoutMs = 4000;
        private int maxSessionTimeoutMs = 60000;
        private String extraCfg = "";
        private long waitMs = DEFAULT_WAIT_MS;
        private boolean awaitServing = true;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Number of voting members (default 3). */
        public Builder members(int n) {
            this.members = n;
            return this;
        }

        /**
         * Number of observers (default 0): {@code :observer} server lines with myid
         * {@code members + 1 ..}, after the voting members in {@link InJvmEnsemble#servers()}.
         */
        public Builder observers(int k) {
            this.observers = k;
            return this;
        }

        /** minSessionTimeout, also how long a member without leader contact keeps serving. */
        public Builder minSessionTimeoutMs(int ms) {
            this.minSessionTimeoutMs = ms;
            return this;
        }

        /** maxSessionTimeout (default 60 s). */
        public Builder maxSessionTimeoutMs(int ms) {
            this.maxSessionTimeoutMs = ms;
            return this;
        }

        /** Extra zoo.cfg lines (each ending in a newline), the same for every member. */
        public Builder extraCfg(String lines) {
            this.extraCfg = lines;
            return this;
        }

        /** How long {@link InJvmEnsemble#eventually} and the start wait. */
        public Builder waitMs(long ms) {
            this.waitMs = ms;
            return this;
        }

        /** Whether {@link #start} waits for a leader and every member serving (default true). */
        public Builder awaitServing(boolean value) {
            this.awaitServing = value;
            return this;
        }

        /** Writes the zoo.cfg and myid files and starts every member. */
        public InJvmEnsemble start() throws Exception {
            InJvmEnsemble e = new InJvmEnsemble(waitMs);
            try {
                int total = members + observers;
                int[] ports = FreePorts.pick(3 * total);
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < total; i++) {
                    lines.append("server.").append(i + 1).append("=127.0.0.1:").append(ports[3 * i]).append(':')
                            .append(ports[3 * i + 1]).append(i < members ? "" : ":observer").append(";127.0.0.1:")
                            .append(ports[3 * i + 2]).append('\n');
                }
                for (int i = 0; i < total; i++) {
                    Path data = dir.resolve("s" + (i + 1));
                    Files.createDirectories(data);
                    Files.writeString(data.resolve("myid"), (i + 1) + "\n");
                    Path cfg = data.resolve("zoo.cfg");
                    Files.writeString(cfg, "dataDir=" + data + "\ntickTime=500\ninitLimit=10\nsyncLimit=5\n"
                            + "4lw.commands.whitelist=*\n" + extraCfg
                            + "minSessionTimeout=" + minSessionTimeoutMs + "\nmaxSessionTimeout=" + maxSessionTimeoutMs + "\n"
                            + "warden.electionTimeoutMinMs=800\nwarden.electionTimeoutMaxMs=1600\n" + lines);
                    ServerConfig config = ZooCfg.parseArgs(List.of(cfg.toString()), Map.of()).config();
                    e.configs.add(config);
                    e.dataDirs.add(data);
                    e.servers.add(WardenServer.start(config));
                }
                if (awaitServing) {
                    e.leader();
                    e.eventually("every member serves",
                            () -> e.servers.stream().allMatch(s -> s.ensembleStatus().view().serving()));
                }
                return e;
            } catch (Exception | Error t) {
                e.close();
                throw t;
            }
        }
    }

    /** The members, by index (a stopped member stays in the list, not running). */
    public List<WardenServer> servers() {
        return servers;
    }

    /** Member {@code i}. */
    public WardenServer server(int i) {
        return servers.get(i);
    }

    /** The number of members. */
    public int size() {
        return servers.size();
    }

    /** The configuration member {@code i} was started with. */
    public ServerConfig config(int i) {
        return configs.get(i);
    }

    /** Member {@code i}'s dataDir (holds its myid and zoo.cfg). */
    public Path dataDir(int i) {
        return dataDirs.get(i);
    }

    /** Stops member {@code i} (as a clean shutdown). */
    public void stop(int i) {
        servers.get(i).close();
    }

    /** Starts member {@code i} again on its data (it must be stopped). */
    public WardenServer restart(int i) throws IOException {
        WardenServer s = WardenServer.start(configs.get(i));
        servers.set(i, s);
        return s;
    }

    /**
     * Polls {@code condition} every 20 ms until it holds, for at most this ensemble's wait; an
     * IOException counts as not yet.
     */
    public void eventually(String what, Callable<Boolean> condition) throws Exception {
        eventually(what, waitMs, condition);
    }

    /** As {@link #eventually(String, Callable)} with an explicit bound. */
    public static void eventually(String what, long waitMs, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within " + waitMs + " ms: " + what, last);
    }

    /** The index of the leading member (waits for one). */
    public int leader() throws Exception {
        int[] found = {-1};
        eventually("a leader", () -> {
            for (int i = 0; i < servers.size(); i++) {
                if (servers.get(i).isRunning() && servers.get(i).ensembleStatus().view().isLeader()) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** A running member other than {@code leader} and {@code skip} (-1: none). */
    public int follower(int leader, int skip) {
        for (int i = 0; i < servers.size(); i++) {
            if (i != leader && i != skip && servers.get(i).isRunning()) {
                return i;
            }
        }
        throw new AssertionError("no follower");
    }

    /** A new session on member {@code i} (retried while the member refuses: not serving yet). */
    public RawClient session(int i) throws Exception {
        RawClient[] c = {null};
        eventually("a session on server " + (i + 1), () -> {
            c[0] = RawClient.session(servers.get(i).port());
            return true;
        });
        return c[0];
    }

    /** Creates {@code path} with open ACLs and the given create flags; the raw reply. */
    public static ReplyFrame create(RawClient c, String path, String data, int flags) throws IOException {
        return c.call(OpCode.CREATE, new CreateRequest(path, Bytes.utf8(data), Acl.OPEN_ACL_UNSAFE, flags));
    }

    /** The stat of {@code path}, or null if it does not exist. */
    public static Stat stat(RawClient c, String path) throws IOException {
        ReplyFrame f = c.call(OpCode.EXISTS, new ExistsRequest(path, false));
        return f.header().err() == 0 ? ((ExistsResponse) f.response()).stat() : null;
    }

    /** Waits until {@code path} has stat {@code expected} when read on every running member. */
    public void sameEverywhere(String path, Stat expected) throws Exception {
        for (int i = 0; i < servers.size(); i++) {
            if (!servers.get(i).isRunning()) {
                continue;
            }
            try (RawClient c = session(i)) {
                eventually(path + " on server " + (i + 1), () -> expected.equals(stat(c, path)));
            }
        }
    }

    /** Stops every running member. */
    @Override
    public void close() {
        for (WardenServer s : servers) {
            s.close();
        }
    }
}
