package io.warden.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.netty.FourLetterWord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zoo.cfg, ZooKeeper system properties, positional arguments and overrides. */
class ZooCfgTest {
    @TempDir
    Path dir;

    private Path cfg(String text) throws Exception {
        Path p = dir.resolve("zoo.cfg");
        Files.writeString(p, text);
        return p;
    }

    private static ServerConfig parse(List<String> args, Map<String, String> props) {
        return ZooCfg.parseArgs(args, props).config();
    }

    @Test
    void sampleZooCfgWithZooKeeperDefaults() throws Exception {
        Path p = cfg("""
                # The number of milliseconds of each tick
                tickTime=2000
                initLimit=10
                syncLimit=5
                dataDir=/tmp/zookeeper
                clientPort=2181
                """);
        ZooCfg.Result r = ZooCfg.parseArgs(List.of(p.toString()), Map.of());
        ServerConfig c = r.config();
        assertEquals(2000, c.tickTimeMs());
        assertEquals(2181, c.clientPort());
        assertNull(c.clientPortAddress(), "all interfaces");
        assertEquals(Path.of("/tmp/zookeeper"), c.dataDir());
        assertEquals(c.dataDir(), c.dataLogDir());
        assertEquals(4000, c.minSessionTimeoutMs());
        assertEquals(40_000, c.maxSessionTimeoutMs());
        assertEquals(60, c.maxClientCnxns());
        assertEquals(1000, c.globalOutstandingLimit());
        assertEquals(0xfffff, c.maxFrameBytes());
        assertEquals(Set.of("srvr"), c.fourLetterWordWhitelist());
        assertEquals(10_000, c.handshakeTimeoutMs());
        assertFalse(c.skipAcl());
        assertFalse(c.extendedTypesEnabled());
        assertEquals(List.of(), r.notes(), "initLimit and syncLimit are ensemble settings, read: " + r.notes());
        assertEquals(10, c.ensemble().initLimit());
        assertEquals(5, c.ensemble().syncLimit());
        assertTrue(c.ensemble().isEmpty());
    }

    @Test
    void everyHonouredKey() throws Exception {
        Path p = cfg("""
                tickTime = 500
                dataDir=%s
                dataLogDir=%s/log
                clientPort=0
                clientPortAddress=127.0.0.1
                clientPortListenBacklog=100
                maxClientCnxns=0
                maxCnxns=500
                minSessionTimeout=3000
                maxSessionTimeout=9000
                4lw.commands.whitelist=ruok, stat ,mntr,bogus
                globalOutstandingLimit=77
                jute.maxbuffer=4096
                skipACL=yes
                extendedTypesEnabled=true
                DigestAuthenticationProvider.superDigest=super:abc=
                readonlymode.enabled=true
                znode.container.checkIntervalMs=1000
                znode.container.maxPerMinute=60
                warden.maxOutstandingPerConnection=5
                warden.maxSessions=10
                some.unknown.key=1
                server.1=localhost:2888:3888
                """.formatted(dir, dir));
        ZooCfg.Result r = ZooCfg.parseArgs(List.of(p.toString()), Map.of());
        ServerConfig c = r.config();
        assertEquals(500, c.tickTimeMs());
        assertEquals(dir.resolve("log"), c.dataLogDir());
        assertEquals("127.0.0.1", c.clientPortAddress());
        assertEquals(100, c.clientPortListenBacklog());
        assertEquals(0, c.maxClientCnxns(), "0 = no per-IP limit, as ZooKeeper");
        assertEquals(500, c.maxCnxns());
        assertEquals(3000, c.minSessionTimeoutMs());
        assertEquals(9000, c.maxSessionTimeoutMs());
        assertEquals(Set.of("ruok", "stat", "mntr", "srvr", "isro"), c.fourLetterWordWhitelist(),
                "srvr always, isro in read-only mode, unknown names skipped");
        assertEquals(77, c.globalOutstandingLimit());
        assertEquals(4096, c.maxFrameBytes());
        assertTrue(c.skipAcl());
        assertTrue(c.extendedTypesEnabled());
        assertEquals("super:abc=", c.superDigest());
        assertTrue(c.readOnlyModeEnabled());
        assertEquals(1000, c.containerCheckIntervalMs());
        assertEquals(5, c.maxOutstandingPerConnection());
        assertEquals(10, c.maxSessions());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("unknown zoo.cfg setting some.unknown.key")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("server.1")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("'bogus'")), r.notes().toString());
        assertEquals(c.stateConfig().maxDataBytes(), 4096);
    }

    @Test
    void ensembleSettingsAreReadAndTheLinesClientPartSetsTheClientPort() throws Exception {
        Files.writeString(dir.resolve("myid"), "3\n");
        Path p = cfg("""
                dataDir=%s
                initLimit=10
                syncLimit=5
                standaloneEnabled=false
                reconfigEnabled=true
                peerType=participant
                server.3=[::1]:2888:3888:participant;[::1]:2191
                """.formatted(dir));
        ZooCfg.Result r = ZooCfg.parseArgs(List.of(p.toString()), Map.of());
        ServerConfig c = r.config();
        assertTrue(c.ensemble().distributed());
        assertEquals(3, c.ensemble().myId());
        assertTrue(c.ensemble().reconfigEnabled());
        assertEquals(2191, c.clientPort());
        assertEquals("::1", c.clientPortAddress());
        assertFalse(r.notes().stream().anyMatch(n -> n.contains("ignoring")), r.notes().toString());
        // a static clientPort that disagrees with the line is ZooKeeper's error
        ConfigException e = assertThrows(ConfigException.class,
                () -> ZooCfg.parseArgs(List.of(p.toString(), "--clientPort=2181"), Map.of()));
        assertTrue(e.getMessage().contains("is different from client address found in dynamic file"), e.getMessage());
        // the 3.4 form keeps the static clientPort
        Path old = cfg("""
                dataDir=%s
                clientPort=2185
                initLimit=10
                syncLimit=5
                standaloneEnabled=false
                server.3=127.0.0.1:2888:3888
                """.formatted(dir));
        assertEquals(2185, ZooCfg.parseArgs(List.of(old.toString()), Map.of()).config().clientPort());
    }

    @Test
    void severalServerLinesAreAnEnsemble() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("myid"), "2\n");
        Path p = cfg("""
                dataDir=%s
                initLimit=5
                syncLimit=2
                server.1=127.0.0.1:2888:3888;2181
                server.2=127.0.0.1:2889:3889;2182
                server.3=127.0.0.1:2890:3890;2183
                """.formatted(dir));
        ServerConfig config = ZooCfg.parseArgs(List.of(p.toString()), Map.of()).config();
        assertEquals(3, config.ensemble().members().size());
        assertEquals(2, config.ensemble().myId());
        assertEquals(2182, config.clientPort(), "the client port of this server's line");
        assertEquals(1000, config.electionTimeoutMinMs());
        assertEquals(2000, config.electionTimeoutMaxMs());
        Path bad = cfg("""
                dataDir=%s
                clientPort=2181
                server.1=h1:2888
                server.2=h2:2888:3888
                """.formatted(dir));
        assertTrue(assertThrows(ConfigException.class, () -> ZooCfg.parseArgs(List.of(bad.toString()), Map.of()))
                .getMessage().contains("invalid value for server.1: 'h1:2888'"), "syntax errors are still reported");
    }

    @Test
    void systemPropertiesAreHonouredAndZooCfgWins() throws Exception {
        Map<String, String> props = Map.of(
                "jute.maxbuffer", "2048",
                "zookeeper.skipACL", "yes",
                "zookeeper.extendedTypesEnabled", "true",
                "znode.container.checkIntervalMs", "5000",
                "zookeeper.DigestAuthenticationProvider.superDigest", "super:xyz=",
                "readonlymode.enabled", "true",
                "zookeeper.4lw.commands.whitelist", "*",
                "zookeeper.globalOutstandingLimit", "10",
                "zookeeper.nio.sessionlessCnxnTimeout", "1234",
                "java.version", "17");
        ServerConfig c = parse(List.of("2181", dir.toString()), props);
        assertEquals(2048, c.maxFrameBytes());
        assertTrue(c.skipAcl());
        assertTrue(c.extendedTypesEnabled());
        assertEquals(5000, c.containerCheckIntervalMs());
        assertEquals("super:xyz=", c.superDigest());
        assertTrue(c.readOnlyModeEnabled());
        assertEquals(FourLetterWord.COMMANDS, c.fourLetterWordWhitelist());
        assertEquals(10, c.globalOutstandingLimit());
        assertEquals(1234, c.handshakeTimeoutMs());
        Path p = cfg("dataDir=" + dir + "\nclientPort=1\nglobalOutstandingLimit=20\n");
        assertEquals(20, parse(List.of(p.toString()), props).globalOutstandingLimit());
    }

    @Test
    void positionalFormOfZooKeeperServerMain() {
        ServerConfig c = parse(List.of("2182", dir.toString(), "100", "7"), Map.of());
        assertEquals(2182, c.clientPort());
        assertEquals(dir, c.dataDir());
        assertEquals(100, c.tickTimeMs());
        assertEquals(7, c.maxClientCnxns());
        assertEquals(200, c.minSessionTimeoutMs());
        assertEquals(2000, c.maxSessionTimeoutMs());
    }

    @Test
    void commandLineOverridesWin() throws Exception {
        Path p = cfg("dataDir=" + dir + "\nclientPort=2181\ntickTime=2000\n");
        ServerConfig c = parse(List.of("--clientPort=0", p.toString(), "--tickTime=100",
                "--clientPortAddress=127.0.0.1"), Map.of("zookeeper.globalOutstandingLimit", "5"));
        assertEquals(0, c.clientPort());
        assertEquals(100, c.tickTimeMs());
        assertEquals("127.0.0.1", c.clientPortAddress());
        assertEquals(5, c.globalOutstandingLimit());
    }

    @Test
    void errorsNameTheKeyAndTheValue() throws Exception {
        assertEquals("invalid value for tickTime: 'fast' (expected an integer)",
                assertThrows(ConfigException.class, () -> parse(List.of("2181", "d", "fast"), Map.of())).getMessage());
        assertEquals("invalid value for clientPort: '70000' (expected 0..65535)",
                assertThrows(ConfigException.class, () -> parse(List.of("70000", "d"), Map.of())).getMessage());
        assertEquals("minSessionTimeout (9000) must not be larger than maxSessionTimeout (5000)",
                assertThrows(ConfigException.class, () -> parse(List.of(cfg("dataDir=d\nclientPort=1\n"
                        + "minSessionTimeout=9000\nmaxSessionTimeout=5000\n").toString()), Map.of())).getMessage());
        assertEquals("dataDir is not set", assertThrows(ConfigException.class,
                () -> parse(List.of(cfg("clientPort=2181\n").toString()), Map.of())).getMessage());
        assertEquals("clientPort is not set", assertThrows(ConfigException.class,
                () -> parse(List.of(cfg("dataDir=d\n").toString()), Map.of())).getMessage());
        assertEquals("invalid value for skipACL: 'maybe' (expected true or false)", assertThrows(
                ConfigException.class, () -> parse(List.of("1", "d"), Map.of("zookeeper.skipACL", "maybe"))).getMessage());
        assertEquals("invalid value for jute.maxbuffer: '10' (expected 1024..1073741824)", assertThrows(
                ConfigException.class, () -> parse(List.of("1", "d"), Map.of("jute.maxbuffer", "10"))).getMessage());
        assertEquals("invalid value for tickTime: '0' (expected 1..3600000)", assertThrows(
                ConfigException.class, () -> parse(List.of("1", "d", "0"), Map.of())).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> parse(List.of(dir.resolve("missing.cfg").toString()),
                Map.of())).getMessage().endsWith("missing.cfg not found"));
        assertTrue(assertThrows(ConfigException.class, () -> parse(List.of(), Map.of())).getMessage()
                .contains("usage: java -jar warden-server.jar"));
        assertTrue(assertThrows(ConfigException.class, () -> parse(List.of("a", "b", "c", "d", "e"), Map.of()))
                .getMessage().contains("usage"));
        assertTrue(assertThrows(ConfigException.class, () -> parse(List.of("--=1", "1", "d"), Map.of()))
                .getMessage().startsWith("expected --key=value"));
    }

    @Test
    void builderValidatesBounds() {
        ServerConfig.Builder b = ServerConfig.builder().dataDir(dir);
        assertEquals("invalid value for warden.maxPendingWriteBytes: '10' (expected 2097152..1099511627776)",
                assertThrows(ConfigException.class, () -> b.maxPendingWriteBytes(10).build()).getMessage());
        assertEquals(ServerConfig.DEFAULT_MAX_CNXNS, ServerConfig.builder().dataDir(dir).maxCnxns(0).build().maxCnxns());
        assertEquals(4000, ServerConfig.builder().dataDir(dir).tickTimeMs(2000).build().negotiateSessionTimeoutMs(1));
    }

    @Test
    void enforceQuotaFromZooCfgOrItsSystemProperty() throws Exception {
        Path plain = cfg("dataDir=" + dir + "\nclientPort=2181\n");
        assertFalse(parse(List.of(plain.toString()), Map.of()).enforceQuota(), "off by default, as in ZooKeeper");
        assertFalse(parse(List.of(plain.toString()), Map.of()).stateConfig().enforceQuota());
        assertTrue(parse(List.of(plain.toString()), Map.of("zookeeper.enforceQuota", "true")).stateConfig()
                .enforceQuota());
        Path enforcing = cfg("dataDir=" + dir + "\nclientPort=2181\nenforceQuota=true\n");
        ZooCfg.Result r = ZooCfg.parseArgs(List.of(enforcing.toString()), Map.of());
        assertTrue(r.config().enforceQuota());
        assertEquals(List.of(), r.notes(), "enforceQuota is honoured, not reported as ignored");
    }
}
