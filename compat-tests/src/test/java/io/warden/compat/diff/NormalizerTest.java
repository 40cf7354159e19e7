package io.warden.compat.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetChildrenResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WatcherEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The normalizer removes run-to-run noise (absolute zxids, session ids, wall-clock times,
 * passwords, child order) and nothing else.
 */
class NormalizerTest {
    private static final long T0 = 1_700_000_000_000L;

    private static Normalizer normalizer(long baseline) {
        return new Normalizer(baseline, T0, T0 + 1000);
    }

    private static List<String> render(long baseline, Transcript.Entry... entries) {
        Transcript t = new Transcript();
        for (Transcript.Entry e : entries) {
            t.add(e);
        }
        return normalizer(baseline).render(t);
    }

    private static Transcript.Received reply(int xid, long zxid, int err) {
        return new Transcript.Received("a", new ReplyFrame(new io.warden.protocol.response.ReplyHeader(xid, zxid, err),
                io.warden.protocol.response.EmptyResponse.INSTANCE), 16, "");
    }

    @Test
    void zxidsAreOffsetsFromTheBaseline() {
        assertEquals(render(100, reply(1, 103, 0)), render(500, reply(1, 503, 0)));
        assertNotEquals(render(100, reply(1, 103, 0)), render(500, reply(1, 504, 0)),
                "one more consumed zxid must show");
        assertEquals(List.of("a <- reply xid=1 zxid=z+3 err=0 [16B]", "a <- reply xid=2 zxid=-1 err=-6(UNIMPLEMENTED) [16B]",
                "a <- reply xid=3 zxid=0 err=0 [16B]"), render(100, reply(1, 103, 0), reply(2, -1, -6), reply(3, 0, 0)));
    }

    @Test
    void sessionIdsBecomeOrdinalsInOrderOfAppearance() {
        Normalizer n = normalizer(0);
        assertEquals("s1", n.session(0x0100_0006_bf87_0000L));
        assertEquals("s2", n.session(0x0100_0006_bf87_0001L));
        assertEquals("s1", n.session(0x0100_0006_bf87_0000L));
        assertEquals("0", n.session(0));
    }

    @Test
    void passwordsAreMaskedButZeroPasswordsStayVisible() {
        ConnectResponse valid = new ConnectResponse(0, 30000, 42, Bytes.copyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                11, 12, 13, 14, 15, 16}), false, true);
        String line = normalizer(0).entry(new Transcript.Received("a", valid, 37, ""));
        assertTrue(line.contains("passwd=pw[16]"), line);
        assertTrue(line.contains("sessionId=s1"), line);
        String invalid = normalizer(0).entry(new Transcript.Received("a", ConnectResponse.invalid(true), 37, ""));
        assertTrue(invalid.contains("timeOut=0 sessionId=0 passwd=pw[16 zeros]"), invalid);
    }

    @Test
    void timesMustBePlausibleConsistentAndMonotonic() {
        Normalizer n = normalizer(0);
        assertEquals("T", n.time(T0 + 10, 5));
        assertEquals("T", n.time(T0 + 10, 5), "same zxid, same time");
        assertTrue(n.time(T0 + 11, 5).startsWith("T!"), "same zxid, another time");
        assertTrue(n.time(T0 + 5, 9).startsWith("T!"), "a later zxid with an earlier time");
        assertEquals("T", n.time(T0 + 10, 9), "a later zxid in the same millisecond");
        assertTrue(n.time(12345, 20).startsWith("T!implausible"), "seconds instead of milliseconds");
        assertEquals("0", n.time(0, 0));
    }

    @Test
    void statsRenderEveryField() {
        Stat stat = new Stat(103, 104, T0 + 1, T0 + 2, 1, 2, 3, 0x77, 5, 6, 105);
        assertEquals("Stat{cz=z+3 mz=z+4 ct=T mt=T v=1 cv=2 av=3 owner=s1 len=5 nc=6 pz=z+5}", normalizer(100).stat(stat));
    }

    @Test
    void childListsAreSortedButOtherListsKeepTheirOrder() {
        Transcript.Received children = new Transcript.Received("a",
                ReplyFrame.ok(1, 5, new GetChildrenResponse(List.of("b", "a", "c"))), 30, "");
        assertTrue(normalizer(0).entry(children).contains("children=[\"a\", \"b\", \"c\"]"));
        assertEquals("[\"b\", \"a\"]", normalizer(0).value(List.of("b", "a"), "acl"));
    }

    @Test
    void nullAndEmptyDataDiffer() {
        Normalizer n = normalizer(0);
        assertEquals("null", n.value(null, "data"));
        assertEquals("''", n.value(Bytes.EMPTY, "data"));
        assertEquals("'hi'", n.value(Bytes.utf8("hi"), "data"));
        assertEquals("0x00ff", n.value(Bytes.copyOf(new byte[] {0, -1}), "data"));
    }

    @Test
    void notificationsTrailingBytesAndClosesAreVisible() {
        List<String> lines = render(10,
                new Transcript.Received("b", ReplyFrame.notification(12, new WatcherEvent(3, 3, "/x")), 26, ""),
                new Transcript.Received("b", ReplyFrame.ok(4, 12, new CreateResponse("/x")), 22, "ffff"),
                new Transcript.Closed("b"),
                new Transcript.Sent("b", new io.warden.protocol.request.RequestFrame(5, OpCode.SYNC,
                        new io.warden.protocol.request.SyncRequest("/x")), 14));
        assertEquals(List.of(
                "b <- notification xid=-1 zxid=z+2 err=0 NODE_DATA_CHANGED SYNC_CONNECTED \"/x\" [26B]",
                "b <- reply xid=4 zxid=z+2 err=0 CreateResponse{path=\"/x\"} [22B, trailing 0xffff]",
                "b <- connection closed",
                "b -> xid=5 sync(9) SyncRequest{path=\"/x\"} [14B]"), lines);
    }

    @Test
    void controlCharactersInPathsAreEscaped() {
        assertEquals("\"/a\\u0000b\"", Normalizer.quote("/a\u0000b"));
        String line = normalizer(0).entry(new Transcript.Received("a",
                ReplyFrame.ok(1, 1, new ExistsResponse(Stat.ZERO)), 84, ""));
        assertTrue(line.contains("Stat{cz=0 mz=0 ct=0 mt=0"), line);
    }

    @Test
    void fanOutToSeveralWatchersIsOrderedByLabel() {
        Transcript.Event d = new Transcript.Event("j", "data", 3, 3, "/n", 7);
        Transcript.Event e = new Transcript.Event("j", "exist", 3, 3, "/n", 7);
        Transcript.Event c = new Transcript.Event("j", "child", 4, 3, "/", 7);
        assertEquals(List.of(d, e, c), JavaClient.sortFanOut(List.of(e, d, c)));
        assertEquals(List.of(c, d, e), JavaClient.sortFanOut(List.of(c, e, d)));
    }

    @Test
    void textDiffShowsOnlyChangedLinesWithContext() {
        String diff = TextDiff.diff(List.of("a", "b", "c"), List.of("a", "x", "c"), "zk", "warden");
        assertTrue(diff.contains("- b\n+ x\n"), diff);
        assertEquals("", TextDiff.diff(List.of("a"), List.of("a"), "zk", "warden"));
    }
}
