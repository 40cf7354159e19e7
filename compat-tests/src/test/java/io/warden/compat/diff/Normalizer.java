package io.warden.compat.diff;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.EventType;
import io.warden.protocol.KeeperState;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WatcherEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a {@link Transcript} into lines that two correct servers produce identically.
 *
 * <ul>
 *   <li><b>zxids</b> become {@code z+N}: the offset from a baseline zxid captured just before the
 *       scenario (the zxid of a probe session's closeSession). Offsets are exact, so a server that
 *       forgets that a failed write consumes a zxid, or that consumes one for a read, differs.
 *       0 and negative zxids (the initial tree, catch-up notifications, unknown-op replies) stay
 *       literal.
 *   <li><b>session ids</b> (sessionId, ephemeralOwner) become {@code s1, s2, ...} in order of
 *       first appearance; 0 stays 0.
 *   <li><b>times</b> (ctime, mtime) become {@code T} when they are plausible wall-clock
 *       milliseconds of the scenario, agree with every earlier time seen for the same zxid and
 *       are monotonic in zxid; otherwise a {@code T!...} marker that names the violation. 0 stays 0.
 *       Exact equality classes would be flaky (two writes often share a millisecond).
 *   <li><b>passwords</b> become {@code pw[16]} (or {@code pw[16 zeros]}).
 *   <li><b>child lists</b> and other unordered lists (children, ephemerals, whoAmI identities) are
 *       sorted: ZooKeeper returns hash-set order.
 * </ul>
 * Everything else is rendered exactly, records by their component names.
 *
 * <p>Thread-confined: one normalizer per transcript rendering (it keeps ordinal tables).
 */
final class Normalizer {
    /** Times may be this far outside the scenario's wall-clock window (clock granularity, skew). */
    static final long TIME_SLACK_MS = 60_000;

    private static final Set<String> ZXID_NAMES =
            Set.of("zxid", "czxid", "mzxid", "pzxid", "lastZxidSeen", "relativeZxid");
    private static final Set<String> SESSION_NAMES = Set.of("sessionId", "ephemeralOwner");
    private static final Set<String> UNORDERED_NAMES = Set.of("children", "ephemerals", "clientInfo");
    private static final Set<String> ERROR_NAMES = Set.of("err", "code");

    private final long baselineZxid;
    private final long windowStartMs;
    private final long windowEndMs;
    private final Map<Long, Integer> sessionOrdinals = new HashMap<>();
    private final TreeMap<Long, Long> timeByZxid = new TreeMap<>();

    /**
     * @param baselineZxid the zxid offsets are taken from
     * @param windowStartMs wall-clock time the scenario started (ms since the epoch)
     * @param windowEndMs wall-clock time the scenario ended
     */
    Normalizer(long baselineZxid, long windowStartMs, long windowEndMs) {
        this.baselineZxid = baselineZxid;
        this.windowStartMs = windowStartMs;
        this.windowEndMs = windowEndMs;
    }

    /** The normalized lines of {@code transcript}, one per entry. */
    List<String> render(Transcript transcript) {
        List<String> lines = new ArrayList<>(transcript.size());
        for (Transcript.Entry entry : transcript.entries()) {
            lines.add(entry(entry));
        }
        return lines;
    }

    String entry(Transcript.Entry entry) {
        // Java 17: no pattern switch; the sealed Entry family is covered branch by branch.
        if (entry instanceof Transcript.Note n) {
            return "# " + n.text();
        } else if (entry instanceof Transcript.Sent s) {
            return s.actor() + " -> " + message(s.message()) + " [" + s.frameBytes() + "B]";
        } else if (entry instanceof Transcript.Received r) {
            return r.actor() + " <- " + message(r.message()) + " [" + r.frameBytes() + "B"
                    + (r.trailingHex().isEmpty() ? "]" : ", trailing 0x" + r.trailingHex() + "]");
        } else if (entry instanceof Transcript.Undecodable u) {
            return u.actor() + " <- UNDECODABLE " + u.hex() + " (" + u.error() + ")";
        } else if (entry instanceof Transcript.Closed c) {
            return c.actor() + " <- connection closed";
        } else if (entry instanceof Transcript.Timeout t) {
            return t.actor() + " !! nothing arrived while waiting for " + t.what();
        } else if (entry instanceof Transcript.Call c) {
            return c.actor() + ": " + c.operation() + " => " + value(c.outcome(), "");
        } else if (entry instanceof Transcript.Event e) {
            return e.actor() + ": event to " + e.watcher() + ": " + eventType(e.type()) + " "
                    + keeperState(e.state()) + " " + (e.path() == null ? "null" : quote(e.path()))
                    + " zxid=" + zxid(e.zxid());
        } else if (entry instanceof Transcript.Aborted a) {
            return "!! scenario aborted: " + a.reason();
        }
        throw new IllegalArgumentException("unknown entry " + entry.getClass());
    }

    private String message(Object message) {
        if (message instanceof ReplyFrame frame) {
            return replyFrame(frame);
        }
        if (message instanceof RequestFrame frame) {
            OpCode op = OpCode.fromCode(frame.header().type());
            String opName = op == null ? "unknown" : op.zkName();
            return "xid=" + frame.xid() + " " + opName + "(" + frame.header().type() + ") "
                    + value(frame.request(), "");
        }
        return value(message, "");
    }

    private String replyFrame(ReplyFrame frame) {
        if (frame.response() instanceof WatcherEvent event) {
            return "notification xid=" + frame.xid() + " zxid=" + zxid(frame.header().zxid())
                    + " err=" + error(frame.header().err()) + " " + eventType(event.type()) + " "
                    + keeperState(event.state()) + " " + value(event.path(), "path");
        }
        String body = frame.response() instanceof EmptyResponse ? "" : " " + value(frame.response(), "");
        return "reply xid=" + frame.xid() + " zxid=" + zxid(frame.header().zxid())
                + " err=" + error(frame.header().err()) + body;
    }

    /** Renders any value the transcript holds; {@code name} is its record component name. */
    String value(Object v, String name) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Long l && ZXID_NAMES.contains(name)) {
            return zxid(l);
        }
        if (v instanceof Long l && SESSION_NAMES.contains(name)) {
            return session(l);
        }
        if (v instanceof Integer i && ERROR_NAMES.contains(name)) {
            return error(i);
        }
        if (v instanceof Bytes b && name.equals("passwd")) {
            return password(b);
        }
        if (v instanceof Stat s) {
            return stat(s);
        }
        if (v instanceof Bytes b) {
            return bytes(b);
        }
        if (v instanceof byte[] b) {
            return bytes(Bytes.copyOf(b));
        }
        if (v instanceof String s) {
            if (s.length() > 200) {
                return "string[" + s.length() + " chars hash=" + Integer.toHexString(s.hashCode()) + "]";
            }
            return quote(s);
        }
        if (v instanceof List<?> list) {
            return list(list, name);
        }
        if (v instanceof Record r) {
            return record(r);
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        return String.valueOf(v);
    }

    private String list(List<?> list, String name) {
        List<String> items = new ArrayList<>(list.size());
        for (Object item : list) {
            items.add(value(item, ""));
        }
        if (UNORDERED_NAMES.contains(name)) {
            items.sort(null);
        }
        return "[" + String.join(", ", items) + "]";
    }

    private String record(Record r) {
        StringBuilder out = new StringBuilder(r.getClass().getSimpleName()).append('{');
        RecordComponent[] components = r.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
            if (i > 0) {
                out.append(' ');
            }
            out.append(c.getName()).append('=').append(value(v, c.getName()));
        }
        return out.append('}').toString();
    }

    String stat(Stat s) {
        return "Stat{cz=" + zxid(s.czxid()) + " mz=" + zxid(s.mzxid())
                + " ct=" + time(s.ctime(), s.czxid()) + " mt=" + time(s.mtime(), s.mzxid())
                + " v=" + s.version() + " cv=" + s.cversion() + " av=" + s.aversion()
                + " owner=" + session(s.ephemeralOwner()) + " len=" + s.dataLength()
                + " nc=" + s.numChildren() + " pz=" + zxid(s.pzxid()) + "}";
    }

    String zxid(long zxid) {
        if (zxid <= 0) {
            return Long.toString(zxid);
        }
        long offset = zxid - baselineZxid;
        return offset >= 0 ? "z+" + offset : "z" + offset;
    }

    String session(long sessionId) {
        if (sessionId == 0) {
            return "0";
        }
        int ordinal = sessionOrdinals.computeIfAbsent(sessionId, id -> sessionOrdinals.size() + 1);
        return "s" + ordinal;
    }

    String time(long timeMs, long zxid) {
        if (timeMs == 0) {
            return "0";
        }
        if (timeMs < windowStartMs - TIME_SLACK_MS || timeMs > windowEndMs + TIME_SLACK_MS) {
            return "T!implausible(" + timeMs + ")";
        }
        if (zxid <= 0) {
            return "T!time-without-zxid";
        }
        Long earlier = timeByZxid.get(zxid);
        if (earlier != null) {
            return earlier == timeMs ? "T" : "T!differs-from-earlier-time-of-same-zxid";
        }
        Map.Entry<Long, Long> lower = timeByZxid.lowerEntry(zxid);
        Map.Entry<Long, Long> higher = timeByZxid.higherEntry(zxid);
        if ((lower != null && lower.getValue() > timeMs) || (higher != null && higher.getValue() < timeMs)) {
            return "T!not-monotonic-in-zxid";
        }
        timeByZxid.put(zxid, timeMs);
        return "T";
    }

    static String error(int code) {
        if (code == 0) {
            return "0";
        }
        ErrorCode e = ErrorCode.fromCode(code);
        return code + (e == null ? "(UNKNOWN CODE)" : "(" + e.name() + ")");
    }

    static String eventType(int code) {
        EventType t = EventType.fromCode(code);
        return t == null ? "type" + code : t.name();
    }

    static String keeperState(int code) {
        KeeperState s = KeeperState.fromCode(code);
        return s == null ? "state" + code : s.name();
    }

    static String password(Bytes b) {
        if (b == null) {
            return "null";
        }
        for (int i = 0; i < b.length(); i++) {
            if (b.get(i) != 0) {
                return "pw[" + b.length() + "]";
            }
        }
        return "pw[" + b.length() + " zeros]";
    }

    static String bytes(Bytes b) {
        if (b == null) {
            return "null";
        }
        if (b.length() > 64) {
            return "bytes[" + b.length() + " hash=" + Integer.toHexString(Arrays.hashCode(b.unsafeArray())) + "]";
        }
        for (int i = 0; i < b.length(); i++) {
            if (b.get(i) < 0x20 || b.get(i) > 0x7e) {
                return "0x" + HexFormat.of().formatHex(b.unsafeArray());
            }
        }
        return "'" + b.toUtf8() + "'";
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
