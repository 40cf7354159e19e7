package io.warden.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.warden.protocol.CreateMode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.server.WardenServer;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RawClient;
import io.warden.server.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every four-letter word over a socket, in ZooKeeper's formats (PROTOCOL.md section 19). */
class FourLetterWordsTest {
    @TempDir
    Path dir;
    private final FakeTicker ticker = new FakeTicker();
    private WardenServer server;
    private RawClient client;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(dir, ticker);
        client = RawClient.session(server.port());
        client.call(OpCode.CREATE, new CreateRequest("/e", null, Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL.flag()));
        client.call(OpCode.GET_DATA, new GetDataRequest("/e", true));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private String word(String command) throws Exception {
        return RawClient.fourLetterWord(server.port(), command);
    }

    private String sid() {
        return "0x" + Long.toHexString(client.sessionId());
    }

    @Test
    void ruokAndIsro() throws Exception {
        assertEquals("imok", word("ruok"));
        assertEquals("rw", word("isro"));
    }

    @Test
    void srvrReportsAParsableVersionModeZxidAndNodeCount() throws Exception {
        String out = word("srvr");
        assertTrue(out.matches("(?s)Zookeeper version: 3\\.9\\.5-warden-[^,]+, built on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\n"
                + "Latency min/avg/max: \\d+/[0-9.]+/\\d+\nReceived: \\d+\nSent: \\d+\nConnections: 2\nOutstanding: \\d+\n"
                + "Zxid: 0x2\nMode: standalone\nNode count: 6\n"), out);
    }

    @Test
    void statListsEveryConnectionBriefly() throws Exception {
        String out = word("stat");
        assertTrue(out.startsWith("Zookeeper version: 3.9.5-warden-"), out);
        assertTrue(out.contains("\nClients:\n"), out);
        Matcher m = Pattern.compile(" /127\\.0\\.0\\.1:\\d+\\[[01]\\]\\(queued=\\d+,recved=\\d+,sent=\\d+\\)\n").matcher(out);
        int lines = 0;
        while (m.find()) {
            lines++;
        }
        assertEquals(2, lines, "the session's connection and the asking one: " + out);
        assertTrue(out.contains(")\n\nLatency min/avg/max: "), out);
        assertTrue(out.endsWith("Mode: standalone\nNode count: 6\n"), out);
    }

    @Test
    void consShowsSessionDetails() throws Exception {
        String out = word("cons");
        assertTrue(out.contains(",sid=" + sid() + ",lop=GETD,est="), out);
        assertTrue(out.contains(",to=30000,lcxid=0x2,lzxid=0x2,lresp="), out);
        assertTrue(out.endsWith(")\n\n"), out);
        assertEquals("Connection stats reset.\n", word("crst"));
        assertTrue(word("cons").contains("recved=0,sent=0,sid=" + sid() + ",lop=NA"));
    }

    @Test
    void mntrUsesZooKeeperKeys() throws Exception {
        String out = word("mntr");
        assertTrue(out.startsWith("zk_version\t3.9.5-warden-"), out);
        for (String line : new String[] {"zk_server_state\tstandalone", "zk_ephemerals_count\t1",
                "zk_num_alive_connections\t2", "zk_znode_count\t6", "zk_watch_count\t1", "zk_global_sessions\t1",
                "zk_outstanding_requests\t"}) {
            assertTrue(out.contains("\n" + line), line + " in " + out);
        }
        assertTrue(out.matches("(?s).*\nzk_avg_latency\t[0-9]+\\.[0-9]+\n.*"), out);
        assertTrue(out.matches("(?s).*\nzk_packets_received\t\\d+\n.*"), out);
        assertEquals("Server stats reset.\n", word("srst"));
    }

    @Test
    void confReportsTheBoundPortAndSessionBounds() throws Exception {
        String out = word("conf");
        assertTrue(out.startsWith("clientPort=" + server.port() + "\nsecureClientPort=-1\ndataDir="), out);
        assertTrue(out.contains("tickTime=2000\nmaxClientCnxns=60\nminSessionTimeout=4000\nmaxSessionTimeout=40000\n"),
                out);
        assertTrue(out.endsWith("serverId=0\n"), out);
    }

    @Test
    void enviHasAZooKeeperVersionKazooCanParseAndSaysWarden() throws Exception {
        String out = word("envi");
        assertTrue(out.startsWith("Environment:\n"), out);
        Matcher m = Pattern.compile("\nzookeeper\\.version=([^\n]*)\n").matcher(out);
        assertTrue(m.find(), out);
        // Kazoo's server_version(): the part before the first '-', split on '.'
        assertEquals("3.9.5", m.group(1).split("-", 2)[0]);
        assertTrue(out.contains("\nwarden.version="), out);
        assertTrue(out.contains("\njava.version=" + System.getProperty("java.version") + "\n"), out);
    }

    @Test
    void watchWords() throws Exception {
        assertEquals("1 connections watching 1 paths\nTotal watches:1\n", word("wchs"));
        assertEquals(sid() + "\n\t/e\n\n", word("wchc"));
        assertEquals("/e\n\t" + sid() + "\n\n", word("wchp"));
    }

    @Test
    void dumpListsSessionsAndEphemerals() throws Exception {
        String out = word("dump");
        assertTrue(out.startsWith("SessionTracker dump:\nSession Sets (1)/(1):\n1 expire at "), out);
        assertTrue(out.contains("\t" + sid() + "\n"), out);
        assertTrue(out.contains("Sessions with Ephemerals (1):\n" + sid() + ":\n\t/e\n"), out);
        assertTrue(out.contains("Connections dump:\n"), out);
    }

    @Test
    void dirsTraceMaskAndHash() throws Exception {
        // the durable log (dataLogDir, here = dataDir) preallocates its open segment
        String dirs = word("dirs");
        assertTrue(dirs.matches("datadir_size: [1-9]\\d*\nlogdir_size: [1-9]\\d*\n"), dirs);
        assertEquals("306", word("gtmk"));
        try (RawClient c = new RawClient(server.port())) {
            byte[] stmk = new byte[12];
            Unpooled.wrappedBuffer(stmk).setBytes(0, "stmk".getBytes(StandardCharsets.US_ASCII)).setLong(4, 0x1ffL);
            c.write(stmk);
            assertEquals("511", c.readAllText());
        }
        assertEquals("511", word("gtmk"));
        assertEquals("", word("hash"));
    }

    @Test
    void defaultWhitelistRunsOnlySrvr(@TempDir Path other) throws Exception {
        try (WardenServer plain = WardenServer.start(io.warden.server.ServerConfig.builder()
                .clientPortAddress("127.0.0.1").clientPort(0).dataDir(other).build())) {
            for (String command : new String[] {"ruok", "isro", "stat", "mntr", "envi", "cons"}) {
                assertEquals(command + " is not executed because it is not in the whitelist.\n",
                        RawClient.fourLetterWord(plain.port(), command));
            }
            assertTrue(RawClient.fourLetterWord(plain.port(), "srvr").contains("\nMode: standalone\n"));
        }
    }
}
