package io.warden.compat.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.PeerProcess;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.Targets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * zkCli.sh (the Debian 3.8.0 CLI) in interactive sessions, two at a time where a watch in one
 * must fire after a change in the other, following walkthroughs 000 (configuration, leader
 * election) and 003 (addWatch) command for command, plus ACLs with digest auth, the inspection
 * commands (golden transcript shared by both servers) and quotas. Every expected line was
 * checked against real ZooKeeper 3.9.5, which runs the same body.
 */
class ZkCliTest {
    private static final Duration WATCH_TIMEOUT = Duration.ofSeconds(15);
    private static final Targets TARGETS = new Targets(Target.Settings.defaults());

    @AfterAll
    static void stopServers() throws IOException {
        TARGETS.close();
    }

    /** Walkthrough 000, "Centralised configuration management", steps 1 to 6. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void configurationWalkthroughNotifiesTheWatchingTerminal(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        try (ZkCliSession service = ZkCliSession.start("service", target.connectString());
                ZkCliSession admin = ZkCliSession.start("admin", target.connectString())) {
            expect(service.run("create /config \"\""), "", "Created /config\n");
            expect(service.run("create -e /config/database \"db_host=localhost;db_port=5432\""), "",
                    "Created /config/database\n");
            expect(service.run("get /config/database"), "db_host=localhost;db_port=5432\n", "");
            expect(service.run("get /config/database -w"), "db_host=localhost;db_port=5432\n", "");

            expect(admin.run("set /config/database \"db_host=localhost;db_port=5433\""), "", "");

            String event = "WatchedEvent state:SyncConnected type:NodeDataChanged path:/config/database";
            assertTrue(service.awaitStdout(event, 1, WATCH_TIMEOUT), service.describe("no event: " + event));
            expect(service.run("get /config/database"), "db_host=localhost;db_port=5433\n", "");
            // The watch was one-time: a second change does not fire it again.
            admin.run("set /config/database \"db_host=localhost;db_port=5434\"");
            service.run("get /config/database");
            assertEquals(1, ZkCliSession.occurrences(service.stdout(), event), service.describe("fired twice"));

            // The database node is ephemeral: it goes when the service's session closes.
            quit(service);
            expect(admin.run("ls /config"), "[]\n", "");
            expect(admin.run("deleteall /config"), "", "");
            quit(admin);
        }
    }

    /** Walkthrough 000, "Leader Election", steps 1 to 3, the candidates in two terminals. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void leaderElectionWalkthroughHandsOverWhenTheLeaderQuits(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        try (ZkCliSession first = ZkCliSession.start("service1", target.connectString());
                ZkCliSession others = ZkCliSession.start("service2+3", target.connectString())) {
            expect(first.run("create /election \"\""), "", "Created /election\n");
            expect(first.run("create -e -s /election/candidate \"service1\""), "",
                    "Created /election/candidate0000000000\n");
            expect(others.run("create -e -s /election/candidate \"service2\""), "",
                    "Created /election/candidate0000000001\n");
            expect(others.run("create -e -s /election/candidate \"service3\""), "",
                    "Created /election/candidate0000000002\n");

            expect(others.run("ls /election"), "[candidate0000000000, candidate0000000001, candidate0000000002]\n", "");
            expect(others.run("get /election/candidate0000000000"), "service1\n", "");
            others.run("ls -w /election");

            quit(first);
            String event = "WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/election";
            assertTrue(others.awaitStdout(event, 1, WATCH_TIMEOUT), others.describe("no event: " + event));
            expect(others.run("ls /election"), "[candidate0000000001, candidate0000000002]\n", "");
            expect(others.run("get /election/candidate0000000000"), "",
                    "Node does not exist: /election/candidate0000000000\n");
            expect(others.run("get /election/candidate0000000001"), "service2\n", "");
            expect(others.run("deleteall /election"), "", "");
            quit(others);
        }
    }

    /** Walkthrough 003: addWatch in one terminal, two sets in the other, both notified. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void addWatchWalkthroughFiresForEverySet(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        try (ZkCliSession writer = ZkCliSession.start("writer", target.connectString());
                ZkCliSession watcher = ZkCliSession.start("watcher", target.connectString())) {
            expect(writer.run("create /test "), "", "Created /test\n");
            expect(writer.run("set /test \"count=0\""), "", "");
            expect(writer.run("create /test \"count=0\""), "", "Node already exists: /test\n");
            expect(writer.run("get /test "), "count=0\n", "");

            expect(watcher.run("addWatch /test"), "", "");
            writer.run("set /test count=1");
            String event = "WatchedEvent state:SyncConnected type:NodeDataChanged path:/test";
            assertTrue(watcher.awaitStdout(event, 1, WATCH_TIMEOUT), watcher.describe("no first event"));
            writer.run("set /test count=2");
            assertTrue(watcher.awaitStdout(event, 2, WATCH_TIMEOUT), watcher.describe("no second event"));
            // addWatch defaults to persistent recursive: a child's creation is reported too.
            writer.run("create /test/child x");
            assertTrue(watcher.awaitStdout("type:NodeCreated path:/test/child", 1, WATCH_TIMEOUT),
                    watcher.describe("no NodeCreated for the child"));
            expect(watcher.run("get /test"), "count=2\n", "");

            expect(writer.run("deleteall /test"), "", "");
            assertTrue(watcher.awaitStdout("type:NodeDeleted path:/test\n", 1, WATCH_TIMEOUT),
                    watcher.describe("no NodeDeleted"));
            quit(writer);
            quit(watcher);
        }
    }

    /** addauth digest + setAcl in one terminal; a session without the credentials is refused. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void digestAclRefusesAnUnauthenticatedSession(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        String alice = "'digest,'alice:V55/p2T0OpjQ+low3NVAH4aLvm0=\n: cdrwa\n";
        try (ZkCliSession owner = ZkCliSession.start("owner", target.connectString());
                ZkCliSession stranger = ZkCliSession.start("stranger", target.connectString())) {
            expect(owner.run("create /acl-demo \"secret\""), "", "Created /acl-demo\n");
            expect(owner.run("getAcl /acl-demo"), "'world,'anyone\n: cdrwa\n", "");
            expect(owner.run("addauth digest alice:pw"), "", "");
            expect(owner.run("setAcl /acl-demo auth:alice:pw:cdrwa"), "", "");
            expect(owner.run("getAcl /acl-demo"), alice, "");
            expect(owner.run("get /acl-demo"), "secret\n", "");

            String refused = "Insufficient permission : /acl-demo\n";
            expect(stranger.run("get /acl-demo"), "", refused);
            expect(stranger.run("set /acl-demo hacked"), "", refused);
            expect(stranger.run("getAcl /acl-demo"), "", refused);
            expect(stranger.run("ls /acl-demo"), "", refused);
            expect(stranger.run("create /acl-demo/child x"), "", "Insufficient permission : /acl-demo/child\n");
            expect(stranger.run("setAcl /acl-demo world:anyone:cdrwa"), "", refused);
            expect(stranger.run("addauth digest alice:wrong"), "", "");
            expect(stranger.run("get /acl-demo"), "", refused);
            expect(stranger.run("addauth digest alice:pw"), "", "");
            expect(stranger.run("get /acl-demo"), "secret\n", "");
            // Both addauth calls added an identity: digest ids name the user, not the password.
            expect(stranger.run("whoami"), "Auth scheme: User\nip: 127.0.0.1\ndigest: alice\ndigest: alice\n", "");

            // The first setAcl made aclVersion 1; -v checks it.
            expect(owner.run("setAcl -v 0 /acl-demo world:anyone:r"), "", "version No is not valid : /acl-demo\n");
            expect(owner.run("setAcl -v 1 /acl-demo world:anyone:r"), "", "");
            // world:anyone:r leaves nobody ADMIN: the permission check comes before the version.
            expect(owner.run("setAcl -v 7 /acl-demo world:anyone:cdrwa"), "", refused);
            expect(owner.run("set /acl-demo denied"), "", refused);
            expect(owner.run("getAcl /acl-demo"), "'world,'anyone\n: r\n", "");
            // Deleting needs DELETE on the parent (/: world cdrwa), not rights on the node.
            expect(owner.run("delete /acl-demo"), "", "");
            quit(owner);
            quit(stranger);
        }
    }

    /**
     * getAcl, stat, get -s, ls -s, ls -R, set -s, versioned set/delete, the error messages, and
     * deleteall, in one session; the normalized transcript must equal the golden one, which real
     * ZooKeeper proves (so ZooKeeper's and Warden's transcripts are equal).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void inspectionCommandsPrintWhatZooKeeperPrints(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        List<String> script = List.of(
                "create /inspect \"hello\"",
                "create /inspect/child1 \"c1\"",
                "create -s /inspect/seq- \"s\"",
                "create -e /inspect/eph \"\"",
                "create /inspect \"again\"",
                "getAcl /inspect",
                "stat /inspect",
                "get -s /inspect",
                "ls /inspect",
                "ls -s /inspect",
                "ls -R /inspect",
                "set -v 5 /inspect \"stale\"",
                "set -s /inspect \"v2\"",
                "delete /inspect",
                "delete -v 9 /inspect/child1",
                "create /inspect/eph/x \"\"",
                "create /no/parent \"\"",
                "getAllChildrenNumber /inspect",
                "getEphemerals /inspect",
                "deleteall /inspect",
                "stat /inspect",
                "create -t 1000 /inspect-ttl \"\"",
                "create -c /inspect-container \"\"",
                "get /inspect-container",
                "deleteall /inspect-container",
                "sync /",
                "create /inspect-misc",
                "get /inspect-misc",
                "create /inspect-misc/a \"1\"",
                "addWatch -m persistent /inspect-misc",
                "removewatches /inspect-misc",
                "removewatches /inspect-misc -a",
                "removewatches /nothing",
                "reconfig -add server.5=localhost:2888:3888;2181",
                "delete /zookeeper",
                "create /bad//path",
                "ls /zookeeper",
                "getAcl /zookeeper/config",
                "get /zookeeper/config",
                "deleteall /inspect-misc",
                "whoami");
        StringBuilder transcript = new StringBuilder();
        try (ZkCliSession cli = ZkCliSession.start("inspect", target.connectString())) {
            for (String line : script) {
                transcript.append(transcriptOf(cli.run(line)));
            }
            quit(cli);
        }
        String actual = CliOutput.normalize(transcript.toString());
        Path saved = CliOutput.save("zkcli-inspection-" + kind.label() + ".txt", actual);
        assertEquals(CliOutput.golden("zkcli-inspection.txt"), actual, "normalized transcript, saved in " + saved);
    }

    /**
     * setquota / listquota / delquota. Quotas are soft by default (nothing is refused); listquota
     * shows the limit and the server-maintained count and bytes under /zookeeper/quota.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void quotasAreListedWithTheirUsage(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        try (ZkCliSession cli = ZkCliSession.start("quota", target.connectString())) {
            expect(cli.run("setquota -n 2 /quota-demo"), "", "/quota-demo does not exist.\n");
            expect(cli.run("create /quota-demo \"\""), "", "Created /quota-demo\n");
            expect(cli.run("setquota -n 2 /quota-demo"), "", "");
            ZkCliSession.Output first = cli.run("listquota /quota-demo");
            String limits = "absolute path is /zookeeper/quota/quota-demo/zookeeper_limits\n";
            String quota = "Output quota for /quota-demo count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1\n";
            assertEquals(limits, first.stderr(), first.describe());
            assertEquals(quota + "Output stat for /quota-demo count=1,bytes=0\n", first.withoutEvents(), first.describe());
            for (String child : List.of("a", "b", "c")) {
                cli.run("create /quota-demo/" + child + " \"12345\"");
            }
            ZkCliSession.Output second = cli.run("listquota /quota-demo");
            assertEquals(quota + "Output stat for /quota-demo count=4,bytes=15\n", second.withoutEvents(),
                    second.describe());
            expect(cli.run("setquota -n 2 /quota-demo"),
                    "[Warning]: the count quota you create is less than the existing count:4\n", "");
            expect(cli.run("delquota -n /quota-demo"), "", "");
            expect(cli.run("listquota /quota-demo"), ""
                    + "Output quota for /quota-demo count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=-1\n"
                    + "Output stat for /quota-demo count=4,bytes=15\n", limits);
            expect(cli.run("delquota /quota-demo"), "", "");
            expect(cli.run("listquota /quota-demo"), "", limits + "quota for /quota-demo does not exist.\n");
            expect(cli.run("deleteall /quota-demo"), "", "");
            quit(cli);
        }
    }

    /**
     * Hard limits (zkCli 3.7+'s -N and -B): setquota adds each limit to the existing limits node,
     * listquota shows the sorted hard-limit keys next to the server-kept usage, delquota -N/-B
     * clears one limit at a time. The servers here do not enforce quotas (QuotaEnforcedDiffTest
     * covers enforcement), so nothing is refused.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void hardQuotasAreSetListedAndClearedOneAtATime(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        try (ZkCliSession cli = ZkCliSession.start("hard-quota", target.connectString())) {
            String limits = "absolute path is /zookeeper/quota/hard-demo/zookeeper_limits\n";
            expect(cli.run("create /hard-demo \"abc\""), "", "Created /hard-demo\n");
            expect(cli.run("create /hard-demo/a \"12\""), "", "Created /hard-demo/a\n");
            expect(cli.run("setquota -N 5 /hard-demo"), "", "");
            expect(cli.run("setquota -B 100 /hard-demo"), "", "");
            expect(cli.run("listquota /hard-demo"), ""
                    + "Output quota for /hard-demo count=-1,bytes=-1=;byteHardLimit=100;countHardLimit=5\n"
                    + "Output stat for /hard-demo count=2,bytes=5\n", limits);
            expect(cli.run("set /hard-demo/a \"1234567\""), "", "");
            expect(cli.run("delete /hard-demo/a"), "", "");
            expect(cli.run("delquota -N /hard-demo"), "", "");
            expect(cli.run("listquota /hard-demo"), ""
                    + "Output quota for /hard-demo count=-1,bytes=-1=;byteHardLimit=100;countHardLimit=-1\n"
                    + "Output stat for /hard-demo count=1,bytes=3\n", limits);
            expect(cli.run("get /zookeeper/quota/hard-demo/zookeeper_stats"), "count=1,bytes=3\n", "");
            expect(cli.run("delquota /hard-demo"), "", "");
            expect(cli.run("ls /zookeeper/quota"), "[]\n", "");
            expect(cli.run("deleteall /hard-demo"), "", "");
            quit(cli);
        }
    }

    /** Walkthrough 001, "Commands", as written (the data strings quoted, child_1's typo kept). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void nodeCommandsWalkthroughShowsDataAndTheOpenAcl(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        try (ZkCliSession cli = ZkCliSession.start("walkthrough-001", target.connectString())) {
            expect(cli.run("create /znode_test \"this is the data of the znode_test\""), "", "Created /znode_test\n");
            expect(cli.run("get /znode_test"), "this is the data of the znode_test\n", "");
            expect(cli.run("create /znode_test/child_1 \"this is the data of chid_1\""), "",
                    "Created /znode_test/child_1\n");
            expect(cli.run("delete /znode_test/child_1"), "", "");
            expect(cli.run("getAcl /znode_test"), "'world,'anyone\n: cdrwa\n", "");
            expect(cli.run("ls /znode_test"), "[]\n", "");
            expect(cli.run("deleteall /znode_test"), "", "");
            quit(cli);
        }
    }

    /** "> command", its stdout lines, then its stderr lines each prefixed with "! ". */
    static String transcriptOf(ZkCliSession.Output out) {
        StringBuilder text = new StringBuilder("> ").append(out.command()).append('\n');
        String stdout = out.withoutEvents();
        text.append(stdout);
        if (!stdout.isEmpty() && !stdout.endsWith("\n")) {
            text.append('\n');
        }
        for (String line : out.stderr().split("\n")) {
            if (!line.isEmpty()) {
                text.append("! ").append(line).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * Types quit and waits for the CLI to exit. Its status is that of the last command (here the
     * failed barrier stat), so only a clean exit in time is checked.
     */
    private static void quit(ZkCliSession cli) throws IOException {
        PeerProcess.Result result = cli.quit();
        assertFalse(result.timedOut(), () -> cli.describe("did not exit after quit"));
    }

    private static void expect(ZkCliSession.Output actual, String stdout, String stderr) {
        assertEquals(stdout, actual.withoutEvents(), () -> "stdout of " + actual.describe());
        assertEquals(stderr, actual.stderr(), () -> "stderr of " + actual.describe());
    }
}
