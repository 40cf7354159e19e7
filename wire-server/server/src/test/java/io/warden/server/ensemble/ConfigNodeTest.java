package io.warden.server.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * /zookeeper/config content. Every expected string below was read (kazoo, get /zookeeper/config)
 * from a real ZooKeeper 3.9.5 QuorumPeerMain started with standaloneEnabled=false and the same
 * server lines (observer lines for servers that were not running).
 */
class ConfigNodeTest {
    private static EnsembleMember m(long id, String value) {
        return EnsembleParser.member(id, "server." + id, value);
    }

    @Test
    void dynamicFormWithOnlyAClientPort() {
        assertEquals("server.1=127.0.0.1:22888:23888:participant;0.0.0.0:22181\nversion=0",
                ConfigNode.content(List.of(m(1, "127.0.0.1:22888:23888;22181")), 0));
    }

    @Test
    void threeFourFormHasNoClientPart() {
        // clientPort=22182 was set in zoo.cfg; ZooKeeper still prints no client part
        assertEquals("server.1=127.0.0.1:22889:23889:participant\nversion=0",
                ConfigNode.content(List.of(m(1, "127.0.0.1:22889:23889")), 0));
        // with reconfigEnabled=true the first leader bumps the version to its first zxid
        assertEquals("server.1=127.0.0.1:22890:23890:participant\nversion=100000000",
                ConfigNode.content(List.of(m(1, "127.0.0.1:22890:23890")), 0x100000000L));
    }

    @Test
    void ipv6LiteralsInJavasCanonicalFormAndTheFileVersion() {
        EnsembleConfig c = new EnsembleConfig(1, List.of(m(7, "[::1]:22892:23892:observer;22185"),
                m(1, "[::1]:22891:23891:participant;[::1]:22184")), 0x2a, ServerRole.PARTICIPANT, 5, 2, false, true,
                Path.of("zoo.cfg.dynamic.2a"));
        assertEquals("server.1=[0:0:0:0:0:0:0:1]:22891:23891:participant;[0:0:0:0:0:0:0:1]:22184\n"
                + "server.7=[0:0:0:0:0:0:0:1]:22892:23892:observer;0.0.0.0:22185\nversion=2a", ConfigNode.content(c));
    }

    @Test
    void hostNamesAsWrittenAndMembersByAscendingId() {
        List<EnsembleMember> members = List.of(m(3, "localhost:22895:23895:observer"),
                m(2, "127.0.0.2:22894:23894:observer;22187"), m(1, "localhost:22893:23893:participant;localhost:22186"));
        String expected = "server.1=localhost:22893:23893:participant;localhost:22186\n"
                + "server.2=127.0.0.2:22894:23894:observer;0.0.0.0:22187\n"
                + "server.3=localhost:22895:23895:observer\nversion=0";
        assertEquals(expected, ConfigNode.content(members, 0));
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), ConfigNode.bytes(members, 0));
    }
}
