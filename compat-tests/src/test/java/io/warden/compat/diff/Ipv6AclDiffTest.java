package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.getAcl;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.setData;
import static io.warden.compat.diff.RawOps.whoAmI;

import io.warden.compat.harness.Target;
import io.warden.compat.matrix.Compat;
import io.warden.compat.matrix.CompatClient;
import io.warden.compat.matrix.CompatFeature;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ip ACLs seen from an IPv6 client: both servers listen on {@code [::1]} only (loopback) and the
 * raw sessions connect over IPv6, so the server's ip identity is the IPv6 loopback. The
 * scenario compares whoAmI, which IPv6 and IPv4 ids and CIDR ranges match that identity, and which
 * are invalid (INVALIDACL). Real ZooKeeper 3.9.5 runs in-process (a ZooKeeperServer on its own
 * connection factory bound to ::1; the harness binds 127.0.0.1 only). Transcripts go to
 * {@code target/diff-transcripts/warden-vs-zookeeper-over-ipv6}.
 */
@Compat(client = CompatClient.RAW, features = CompatFeature.ACL)
class Ipv6AclDiffTest {
    private static final String SUITE = "warden-vs-zookeeper-over-ipv6";
    private static final String IPV6_LOOPBACK = "::1";
    private static Path zooKeeperDir;
    private static ZooKeeperServer zooKeeperServer;
    private static ServerCnxnFactory zooKeeperFactory;
    private static Target warden;

    @BeforeAll
    static void startServers() throws Exception {
        zooKeeperDir = Files.createTempDirectory("zk-ipv6-");
        zooKeeperServer = new ZooKeeperServer(zooKeeperDir.toFile(), zooKeeperDir.toFile(), 2000);
        zooKeeperFactory = ServerCnxnFactory.createFactory(new InetSocketAddress(IPV6_LOOPBACK, 0), 100);
        zooKeeperFactory.startup(zooKeeperServer);
        warden = Target.start(Target.Kind.WARDEN, Target.Settings.defaults().withDurableWarden(true)
                .withFourLetterWords(Target.FourLetterWords.DEFAULT).withWardenAddress(IPV6_LOOPBACK));
    }

    @AfterAll
    static void stopServers() throws IOException {
        try {
            if (zooKeeperFactory != null) {
                zooKeeperFactory.shutdown();
            }
            if (zooKeeperServer != null) {
                zooKeeperServer.shutdown();
            }
        } finally {
            try {
                if (warden != null) {
                    warden.close();
                }
            } finally {
                if (zooKeeperDir != null) {
                    try (Stream<Path> files = Files.walk(zooKeeperDir)) {
                        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }
    }

    @Test
    void wardenMatchesIpv6ClientsLikeZooKeeper() throws Exception {
        Scenario scenario = new Scenario("acl-ipv6-client", Ipv6AclDiffTest::ipv6Client);
        DiffRunner.Comparison comparison = DiffRunner.compare(scenario,
                new Endpoint("zookeeper", IPV6_LOOPBACK, zooKeeperFactory.getLocalPort()),
                Endpoint.of("warden", warden));
        ServerPair.assertSameAsReference(SUITE, comparison);
    }

    private static void ipv6Client(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        whoAmI(a);
        create(a, ctx.root(), "root", 0);
        List<String> ids = List.of("::1", "0:0:0:0:0:0:0:1", "::1/128", "::1/127", "::/0", "::0/1", "fe80::/10",
                "::2", "127.0.0.1", "0.0.0.0/0", "::ffff:127.0.0.1", "::1/129", "::1/-1", "[::1]", "::1%lo");
        for (int i = 0; i < ids.size(); i++) {
            String node = ctx.path("n" + i);
            ctx.note("ip:" + ids.get(i));
            create(a, node, "d", List.of(new Acl(Perms.ALL, new Id("ip", ids.get(i)))), 0);
            getData(a, node, false);
            setData(a, node, "w", -1);
            getAcl(a, node);
        }
        a.closeSession();
    }
}
