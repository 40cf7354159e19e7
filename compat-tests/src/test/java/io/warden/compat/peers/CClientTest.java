package io.warden.compat.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.OfficialJavaClient;
import io.warden.compat.harness.PeerProcess;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.Targets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The C client shell {@code cli_mt} (Debian zookeeper-bin 3.8.0): a scripted CRUD session whose
 * watches fire on changes made by a second {@code cli_mt}, on real ZooKeeper 3.9.5 and on
 * Warden, plus addauth digest against a node the official Java client protected with a digest
 * ACL. The normalized transcript must equal the golden one ({@code peers/cli_mt-session.txt}),
 * which ZooKeeper proves. This shell has no transaction command (the binary does not link
 * {@code zoo_multi}), so multi is covered by Kazoo and the Java client instead.
 */
class CClientTest {
    private static final Targets TARGETS = new Targets(Target.Settings.defaults());

    @AfterAll
    static void stopServers() throws IOException {
        TARGETS.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void crudAndWatchSessionPrintsWhatZooKeeperPrints(Target.Kind kind) throws Exception {
        Target target = TARGETS.get(kind);
        createDigestProtectedNode(target, "/cclient-secret", "alice:pw");
        StringBuilder transcript = new StringBuilder();
        try (CClientSession main = CClientSession.start("main", target.connectString());
                CClientSession other = CClientSession.start("other", target.connectString())) {
            for (String command : List.of(
                    "create /cclient",
                    "create +e /cclient/eph",
                    "create +s /cclient/seq",
                    "create +es /cclient/eseq",
                    "create /cclient",
                    "create /cclient/missing/parent",
                    "create +e /cclient/eph/child",
                    "create +t=1000 /cclient/ttl",
                    "set /cclient hello",
                    "get /cclient",
                    "ls /cclient",
                    "ls2 /cclient",
                    "exists /cclient",
                    "exists /cclient/nope",
                    "wexists /cclient/eph",
                    "wexists /cclient/later",
                    "get /cclient/nope",
                    "delete /cclient",
                    "sync /cclient")) {
                transcript.append(step("main", command, main.run(command)));
            }

            // Changes from the other session fire the watches the main session set above.
            transcript.append(step("other", "set /cclient fromother", other.run("set /cclient fromother")));
            awaitEvent(main, "Watcher CHANGED_EVENT state = CONNECTED_STATE for path /cclient\n");
            transcript.append(step("other", "create /cclient/later", other.run("create /cclient/later")));
            awaitEvent(main, "Watcher CREATED_EVENT state = CONNECTED_STATE for path /cclient/later\n");
            awaitEvent(main, "Watcher CHILD_EVENT state = CONNECTED_STATE for path /cclient\n");
            transcript.append(step("other", "delete /cclient/eph", other.run("delete /cclient/eph")));
            awaitEvent(main, "Watcher DELETED_EVENT state = CONNECTED_STATE for path /cclient/eph\n");
            transcript.append(step("main", "(events)", main.run("")));

            for (String command : List.of(
                    "get /cclient",
                    "delete /cclient/later",
                    "delete /cclient/seq0000000001",
                    "delete /cclient/eseq0000000002",
                    "delete /cclient",
                    "exists /cclient",
                    "get /cclient-secret",
                    "addauth digest alice:wrong",
                    "get /cclient-secret",
                    "addauth digest alice:pw",
                    "get /cclient-secret",
                    "delete /cclient-secret",
                    "myid")) {
                transcript.append(step("main", command, main.run(command)));
            }
            PeerProcess.Result quit = main.quit();
            assertFalse(quit.timedOut(), main.describe("did not exit after quit"));
            assertEquals(0, quit.exitCode(), main.describe("exit status"));
            assertTrue(quit.stdout().contains("session Id = "), main.describe("myid printed nothing"));
            assertFalse(other.quit().timedOut(), other.describe("did not exit after quit"));
        }
        String actual = CliOutput.normalize(transcript.toString());
        Path saved = CliOutput.save("cli_mt-session-" + kind.label() + ".txt", actual);
        assertEquals(CliOutput.golden("cli_mt-session.txt"), actual, "normalized transcript, saved in " + saved);
    }

    /** A node only {@code user:password} may use, made with the official Java client. */
    private static void createDigestProtectedNode(Target target, String path, String userPassword)
            throws Exception {
        ZooKeeper zk = OfficialJavaClient.connect(target.connectString());
        try {
            String digest = DigestAuthenticationProvider.generateDigest(userPassword);
            zk.create(path, "classified".getBytes(StandardCharsets.UTF_8),
                    new ArrayList<>(List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE, new Id("digest", digest)))),
                    CreateMode.PERSISTENT);
        } finally {
            zk.close();
        }
    }

    private static void awaitEvent(CClientSession session, String event) throws IOException {
        assertTrue(session.awaitEvent(event), () -> session.describe("no event: " + event));
    }

    /**
     * "session> command", then what it printed. The children of ls/ls2 are sorted: their order is
     * unspecified (ZooKeeper answers in hash-set order).
     */
    private static String step(String session, String command, String printed) {
        StringBuilder text = new StringBuilder(session).append("> ").append(command).append('\n');
        List<String> children = new ArrayList<>();
        for (String line : printed.split("\n")) {
            boolean child = command.startsWith("ls") && line.startsWith("\t") && !line.contains("=");
            if (child) {
                children.add(line);
                continue;
            }
            flush(children, text);
            text.append(line).append('\n');
        }
        flush(children, text);
        return text.toString();
    }

    private static void flush(List<String> children, StringBuilder text) {
        children.stream().sorted().forEach(c -> text.append(c).append('\n'));
        children.clear();
    }
}
