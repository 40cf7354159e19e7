package io.warden.compat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.PeerProcess;
import io.warden.compat.harness.Target;
import io.warden.compat.matrix.Compat;
import io.warden.compat.matrix.CompatClient;
import io.warden.compat.matrix.CompatFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * node-zookeeper-client (npm, version pinned in {@code src/test/node/package.json}) against real
 * ZooKeeper 3.9.5 and against Warden: {@code node scenario.js} with the server in
 * {@code WARDEN_PEER_HOSTS} runs two sessions through CRUD with versions and error codes,
 * one-shot watches fired by the other session and by its own, transactions that commit and that
 * roll back, digest ACLs and an ephemeral removed with its session. The test requires exit
 * status 0 and every step's "ok" line, and shows the script's output when not.
 *
 * <p>Under {@code CI=true} a missing {@code node} or module fails the test
 * ({@link io.warden.compat.harness.ExternalPeers#requirePeer}); otherwise it is skipped.
 */
class NodeClientTest {
    /** The script's own budget is 60 s; this only catches a hung node process. */
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(90);

    /** Every step the script announces with "ok"; a script that skipped one would not pass. */
    private static final List<String> STEPS = List.of(
            "connect", "sessions", "crud: create", "crud: read", "crud: setData with versions",
            "crud: sequential and children", "crud: remove",
            "watch: getData watcher fires once for the other session's setData",
            "watch: same-session setData fires the watch too",
            "watch: exists watcher sees the node created", "watch: getData watcher sees the node deleted",
            "transaction: commit", "transaction: a failed check rolls every op back",
            "transaction: an existing node fails the create", "acl: digest auth",
            "ephemeral: removed with its session, watcher told", "clean up", "close");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    @Compat(client = CompatClient.NODE, features = {CompatFeature.CONNECT, CompatFeature.CRUD,
            CompatFeature.WATCHES, CompatFeature.MULTI, CompatFeature.ACL})
    void scriptedCrudWatchTransactionAndAclSession(Target.Kind kind) throws IOException {
        Path node = NodePeer.requireNode();
        Path dir = NodePeer.projectDir();
        assertTrue(Files.isRegularFile(dir.resolve("scenario.js")), "scenario.js not found in " + dir);
        String version = NodePeer.requireModule(dir);
        PeerProcess.Result result;
        try (Target target = Target.start(kind, Target.Settings.defaults());
                // node resolves require() from the script's directory, so src/test/node/node_modules.
                PeerProcess script = PeerProcess.start(
                        List.of(node.toString(), dir.resolve("scenario.js").toString()),
                        Map.of("WARDEN_PEER_HOSTS", target.connectString(), "WARDEN_PEER_TARGET", kind.label()))) {
            result = script.waitFor(NODE_TIMEOUT);
        }
        String context = NodePeer.MODULE + " " + version + " against " + kind + ":\n" + result.describe();
        assertEquals(0, result.exitCode(), () -> context);
        List<String> lines = result.stdout().lines().toList();
        for (String step : STEPS) {
            assertTrue(lines.contains("ok " + step), () -> "missing step '" + step + "' in " + context);
        }
        assertTrue(lines.contains("PASSED"), () -> context);
    }
}
