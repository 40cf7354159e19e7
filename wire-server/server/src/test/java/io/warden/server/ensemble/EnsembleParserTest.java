package io.warden.server.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server lines, myid and ensemble settings, read as ZooKeeper 3.9 reads them, and every error. */
class EnsembleParserTest {
    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();

    private EnsembleConfig parse(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return EnsembleParser.parse(m, dir, notes);
    }

    private void myid(String content) throws Exception {
        Files.writeString(dir.resolve("myid"), content);
    }

    private void fails(String expected, String... keyValues) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(keyValues));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static EnsembleMember line(String value) {
        return EnsembleParser.member(1, "server.1", value);
    }

    @Test
    void noServerLinesIsStandalone() {
        EnsembleConfig c = parse("initLimit", "10", "syncLimit", "5");
        assertTrue(c.isEmpty());
        assertFalse(c.distributed());
        assertEquals(EnsembleConfig.UNSET_ID, c.myId());
        assertEquals(10, c.initLimit());
        assertEquals(5, c.syncLimit());
        assertTrue(c.standaloneEnabled());
        assertFalse(c.reconfigEnabled());
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void theThreeFourForm() {
        EnsembleMember m = line("zk1.example.com:2888:3888");
        assertEquals(new HostPort("zk1.example.com", 2888), m.peerAddress());
        assertEquals(new HostPort("zk1.example.com", 3888), m.electionAddress());
        assertEquals(ServerRole.PARTICIPANT, m.role());
        assertNull(m.clientAddress());
        assertEquals(ServerRole.OBSERVER, line("10.0.0.3:2888:3888:observer").role());
        assertEquals(ServerRole.PARTICIPANT, line("10.0.0.3:2888:3888:PARTICIPANT").role());
    }

    @Test
    void theDynamicFormWithClientPart() {
        EnsembleMember m = line("127.0.0.1:2888:3888:participant;2181");
        assertEquals(new HostPort("0.0.0.0", 2181), m.clientAddress(), "a bare port = 0.0.0.0, as ZooKeeper");
        assertEquals(new HostPort("127.0.0.1", 2182), line("127.0.0.1:2888:3888;127.0.0.1:2182").clientAddress());
        assertEquals(ServerRole.OBSERVER, line("h:1:2:observer;h:3").role());
        assertNull(line("h:1:2;").clientAddress(), "a trailing ';' is dropped, as String.split");
    }

    @Test
    void ipv6InBrackets() {
        EnsembleMember m = line("[::1]:2888:3888:observer;[fe80::1]:2181");
        assertEquals(new HostPort("::1", 2888), m.peerAddress());
        assertEquals(3888, m.electionAddress().port());
        assertEquals(ServerRole.OBSERVER, m.role());
        assertEquals(new HostPort("fe80::1", 2181), m.clientAddress());
        assertEquals(new HostPort("2001:db8::7", 2888), line("[2001:db8::7]:2888:3888").peerAddress());
    }

    @Test
    void malformedLines() {
        for (String bad : List.of("h:2888", "h", "h:1:2:participant:x", "h:1:2;h:3;4", "h:1:2;a:b:3",
                ":2888:3888")) {
            ConfigException e = assertThrows(ConfigException.class, () -> line(bad), bad);
            assertTrue(e.getMessage().contains("invalid value for server.1: '" + bad + "'"), e.getMessage());
        }
        assertTrue(assertThrows(ConfigException.class, () -> line("h:x:3888")).getMessage()
                .contains("peer port 'x' is not a number"));
        assertTrue(assertThrows(ConfigException.class, () -> line("h:2888:y")).getMessage()
                .contains("election port 'y' is not a number"));
        assertTrue(assertThrows(ConfigException.class, () -> line("h:2888:3888;z")).getMessage()
                .contains("client port 'z' is not a number"));
        assertTrue(assertThrows(ConfigException.class, () -> line("h:70000:3888")).getMessage()
                .contains("peer port 70000 out of range 1..65535"));
        assertTrue(assertThrows(ConfigException.class, () -> line("h:0:3888")).getMessage()
                .contains("out of range"));
        assertTrue(assertThrows(ConfigException.class, () -> line("h:2888:2888")).getMessage()
                .contains("peer port and election port must be different"));
        assertTrue(assertThrows(ConfigException.class, () -> line("h:2888:3888:voter")).getMessage()
                .contains("Unrecognised peertype: voter"));
        assertTrue(assertThrows(ConfigException.class, () -> line("[::1:2888:3888")).getMessage()
                .contains("starts with '[' but has no matching ']:'"));
        assertTrue(assertThrows(ConfigException.class, () -> line("[::1]")).getMessage()
                .contains("doesn't have a port after colon"));
        assertTrue(assertThrows(ConfigException.class, () -> line("[::1]:")).getMessage()
                .contains("doesn't have a port after colon"));
        assertTrue(assertThrows(ConfigException.class, () -> line("a:1:2|b:1:2")).getMessage()
                .contains("several addresses per server (|) are not supported"));
    }

    @Test
    void serverIds() {
        fails("invalid server id in server.x", "server.x", "h:1:2");
        fails("invalid server id in server.-1", "server.-1", "h:1:2");
        fails("server.01 and server.1 both name server id 1", "server.1", "h:1:2", "server.01", "h:3:4");
    }

    @Test
    void oneParticipantWithStandaloneEnabledRunsStandaloneWithZooKeepersWarning() {
        EnsembleConfig c = parse("server.1", "127.0.0.1:2888:3888");
        assertFalse(c.distributed());
        assertEquals(1, c.members().size());
        assertTrue(notes.get(0).startsWith("Invalid configuration, only one server specified (ignoring server.1)"),
                notes.toString());
        fails("Observers w/o quorum is an invalid configuration",
                "server.1", "h:1:2", "server.2", "h:3:4:observer");
        fails("Observers w/o participants is an invalid configuration", "server.2", "h:3:4:observer");
        fails("standaloneEnabled = false then number of participants should be >0",
                "standaloneEnabled", "false", "server.2", "h:3:4:observer");
    }

    @Test
    void aGroupOfOne() throws Exception {
        myid("1\n");
        EnsembleConfig c = parse("standaloneEnabled", "false", "initLimit", "5", "syncLimit", "2",
                "server.1", "127.0.0.1:2888:3888;2181");
        assertTrue(c.distributed());
        assertEquals(1, c.myId());
        assertEquals(c.members().get(0), c.self().orElseThrow());
        assertTrue(notes.get(0).contains("No server failure will be tolerated"), notes.toString());
    }

    @Test
    void threeServersAndOrdering() throws Exception {
        myid("2");
        EnsembleConfig c = parse("initLimit", "5", "syncLimit", "2", "server.3", "h3:2888:3888",
                "server.1", "h1:2888:3888", "server.2", "h2:2888:3888", "server.4", "h4:2888:3888:observer");
        assertTrue(c.distributed());
        assertEquals(List.of(1L, 2L, 3L, 4L), c.members().stream().map(EnsembleMember::id).toList());
        assertEquals(3, c.participants().size());
        assertEquals(1, c.observers().size());
        assertEquals("h2", c.self().orElseThrow().peerAddress().host());
        assertTrue(notes.isEmpty(), notes.toString());
        notes.clear();
        parse("initLimit", "5", "syncLimit", "2", "server.1", "h1:1:2", "server.2", "h2:1:2", "server.3", "h3:1:2",
                "server.4", "h4:1:2");
        assertTrue(notes.get(0).contains("consider an odd number of servers"), notes.toString());
    }

    @Test
    void myidErrors() throws Exception {
        String[] group = {"standaloneEnabled", "false", "initLimit", "5", "syncLimit", "2", "server.1", "h:1:2"};
        fails("myid file is missing (" + dir.resolve("myid") + ")", group);
        myid("x1\n");
        fails("serverid x1 is not a number (myid file " + dir.resolve("myid") + ")", group);
        myid("");
        fails("serverid null is not a number", group);
        myid("1 \n");
        fails("serverid 1  is not a number", group);
        myid("-3");
        fails("serverid -3 is not a number", group);
        myid("5\n");
        fails("My id 5 not in the peer list [1]", group);
        // a standalone server does not need (nor check) myid, as ZooKeeper
        assertFalse(parse("server.1", "h:1:2").distributed());
        Files.delete(dir.resolve("myid"));
        assertEquals(EnsembleConfig.UNSET_ID, parse("server.1", "h:1:2").myId());
    }

    @Test
    void limitsAndFlags() throws Exception {
        myid("1");
        fails("initLimit is not set", "standaloneEnabled", "false", "syncLimit", "2", "server.1", "h:1:2");
        fails("syncLimit is not set", "standaloneEnabled", "false", "initLimit", "2", "server.1", "h:1:2");
        fails("invalid value for initLimit: 'ten'", "initLimit", "ten");
        fails("invalid value for syncLimit: '-1'", "syncLimit", "-1");
        fails("invalid value for standaloneEnabled: 'maybe' (expected true or false)", "standaloneEnabled", "maybe");
        fails("invalid value for reconfigEnabled: 'yes'", "reconfigEnabled", "yes");
        fails("Unrecognised peertype: leader", "peerType", "leader");
        assertTrue(parse("reconfigEnabled", "TRUE").reconfigEnabled());
        // limits not needed standalone
        assertFalse(parse("server.1", "h:1:2").distributed());
    }

    @Test
    void peerTypeFollowsTheServerLines() throws Exception {
        myid("2");
        EnsembleConfig c = parse("initLimit", "5", "syncLimit", "2", "peerType", "participant",
                "server.1", "h1:1:2", "server.2", "h2:1:2:observer", "server.3", "h3:1:2");
        assertEquals(ServerRole.OBSERVER, c.peerType());
        assertTrue(notes.stream().anyMatch(n -> n.contains("Peer type from servers list (observer) doesn't match"
                + " peerType (participant). Defaulting to servers list.")), notes.toString());
        assertEquals(ServerRole.OBSERVER, parse("peerType", "observer").peerType());
    }

    @Test
    void dynamicConfigFile() throws Exception {
        myid("1");
        Path dyn = dir.resolve("zoo.cfg.dynamic.100000000");
        Files.writeString(dyn, "server.1=[::1]:2888:3888:participant;[::1]:2181\n"
                + "server.2=10.0.0.2:2888:3888:observer;2181\nfoo=bar\n");
        EnsembleConfig c = parse("standaloneEnabled", "false", "initLimit", "5", "syncLimit", "2",
                "reconfigEnabled", "true", "dynamicConfigFile", dyn.toString());
        assertEquals(0x100000000L, c.version());
        assertEquals(dyn, c.dynamicConfigFile());
        assertEquals(2, c.members().size());
        assertEquals(new HostPort("::1", 2181), c.self().orElseThrow().clientAddress());
        assertTrue(notes.stream().anyMatch(n -> n.contains("ignoring dynamicConfigFile setting foo")), notes.toString());

        Path noVersion = dir.resolve("servers");
        Files.writeString(noVersion, "server.1=h:1:2\n");
        assertEquals(0, parse("dynamicConfigFile", noVersion.toString()).version());
        assertEquals(0, EnsembleParser.versionFromFileName(Path.of("zoo.cfg.dynamic.xyz")));
        assertEquals(0x2a, EnsembleParser.versionFromFileName(Path.of("/a/b/zoo.cfg.dynamic.2a")));

        fails("parameter: server.1 must be in a separate dynamic config file",
                "server.1", "h:1:2", "dynamicConfigFile", dyn.toString());
        fails("dynamicConfigFile " + dir.resolve("absent") + " not found", "dynamicConfigFile",
                dir.resolve("absent").toString());
        Path withVersion = dir.resolve("zoo.cfg.dynamic.5");
        Files.writeString(withVersion, "server.1=h:1:2\nversion=5\n");
        fails("dynamic file shouldn't have version inside", "dynamicConfigFile", withVersion.toString());
    }

    @Test
    void clientAddressReconciledWithTheStaticClientPort() throws Exception {
        myid("1");
        EnsembleConfig c = parse("standaloneEnabled", "false", "initLimit", "5", "syncLimit", "2",
                "server.1", "127.0.0.1:2888:3888;127.0.0.1:2181");
        assertEquals(new HostPort("127.0.0.1", 2181), EnsembleParser.clientAddress(c, null, null).orElseThrow());
        assertEquals(2181, EnsembleParser.clientAddress(c, 2181, null).orElseThrow().port());
        assertEquals(2181, EnsembleParser.clientAddress(c, 2181, "127.0.0.1").orElseThrow().port());
        ConfigException e = assertThrows(ConfigException.class, () -> EnsembleParser.clientAddress(c, 2182, null));
        assertTrue(e.getMessage().contains("client address for this server (id = 1) in static config file is "
                + "0.0.0.0:2182 is different from client address found in dynamic file: 127.0.0.1:2181"),
                e.getMessage());
        assertThrows(ConfigException.class, () -> EnsembleParser.clientAddress(c, 2181, "10.1.1.1"));
        EnsembleConfig noClient = parse("standaloneEnabled", "false", "initLimit", "5", "syncLimit", "2",
                "server.1", "127.0.0.1:2888:3888");
        assertTrue(EnsembleParser.clientAddress(noClient, 2181, null).isEmpty());
    }
}
