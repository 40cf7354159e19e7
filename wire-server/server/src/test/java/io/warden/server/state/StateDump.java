package io.warden.server.state;

import io.warden.protocol.data.Acl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A full, canonical text dump of a state machine's replicated state, read straight from its
 * internals (independent of {@link FrozenState}): every znode with every field and Stat, its
 * sorted children and ACL, the session table, lastZxid, the counters of {@code stats()}, the
 * ephemerals per session, the container and TTL reaper order and the ACL cache's reference counts.
 * Two state machines hold the same replicated state exactly when their dumps are equal. Watches
 * are left out (local to a server). For tests; stateless.
 */
public final class StateDump {
    private StateDump() {
    }

    /** One line per fact, in a canonical order. */
    public static List<String> lines(StateMachine sm) {
        DataTree tree = sm.tree();
        List<String> out = new ArrayList<>();
        out.add("lastZxid=" + sm.lastZxid());
        StateStats stats = sm.stats();
        out.add("nodeCount=" + stats.nodeCount() + " approximateDataSize=" + stats.approximateDataSize()
                + " ephemerals=" + stats.ephemeralsCount() + " sessions=" + stats.sessionCount());
        out.add("rootAlias=" + (tree.get("") == tree.root()));
        List<DataNode> nodes = tree.allNodes();
        nodes.sort(Comparator.comparing(n -> n.path));
        for (DataNode n : nodes) {
            List<String> children = new ArrayList<>(n.children());
            children.sort(null);
            out.add("node " + n.path + " data=" + n.data() + " acl=" + n.acl + " czxid=" + n.czxid + " mzxid=" + n.mzxid
                    + " ctime=" + n.ctime + " mtime=" + n.mtime + " pzxid=" + n.pzxid + " version=" + n.version
                    + " aversion=" + n.aversion + " C=" + n.childCounter + " kind=" + n.kind() + " owner=0x"
                    + Long.toHexString(n.ephemeralOwner) + " parent=" + (tree.parentOf(n) == null ? null
                            : tree.parentOf(n).path)
                    + " stat=" + n.stat() + " children=" + children);
        }
        List<SessionInfo> sessions = sm.sessions();
        sessions.sort(Comparator.comparingLong(SessionInfo::sessionId));
        for (SessionInfo s : sessions) {
            out.add("session 0x" + Long.toHexString(s.sessionId()) + " timeout=" + s.timeoutMs() + " password="
                    + s.password());
        }
        for (Map.Entry<Long, List<String>> e : new TreeMap<>(sm.ephemeralsBySession()).entrySet()) {
            out.add("ephemerals 0x" + Long.toHexString(e.getKey()) + " " + e.getValue());
        }
        out.add("containers " + new ArrayList<>(tree.containers()));
        out.add("ttls " + new ArrayList<>(tree.ttls()));
        out.add("aclCacheSize=" + tree.aclCacheSize());
        TreeMap<String, Long> refs = new TreeMap<>();
        for (DataNode n : nodes) {
            List<Acl> acl = n.acl;
            refs.put(acl.toString(), tree.aclCache().refs(acl));
        }
        refs.forEach((acl, count) -> out.add("aclRefs " + acl + " " + count));
        return out;
    }

    /**
     * A SHA-256 over the same facts as {@link #lines}, without holding them all: for trees too
     * large to dump as text (a million znodes).
     */
    public static String digest(StateMachine sm) {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        DataTree tree = sm.tree();
        List<DataNode> nodes = tree.allNodes();
        nodes.sort(Comparator.comparing(n -> n.path));
        StateStats stats = sm.stats();
        update(md, "lastZxid=" + sm.lastZxid() + " " + stats.nodeCount() + " " + stats.approximateDataSize() + " "
                + stats.ephemeralsCount() + " " + stats.sessionCount() + " " + tree.aclCacheSize());
        for (DataNode n : nodes) {
            update(md, n.path + " " + n.data() + " " + n.acl + " " + n.stat() + " " + n.childCounter + " " + n.kind() + " "
                    + n.ephemeralOwner);
        }
        List<SessionInfo> sessions = sm.sessions();
        sessions.sort(Comparator.comparingLong(SessionInfo::sessionId));
        sessions.forEach(x -> update(md, x.toString()));
        update(md, new ArrayList<>(tree.containers()) + " " + new ArrayList<>(tree.ttls()));
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static void update(java.security.MessageDigest md, String line) {
        md.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) '\n');
    }

    /** Null if equal, else the first differing line of each, for an assertion message. */
    public static String firstDifference(List<String> expected, List<String> actual) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "line " + i + ":\n  expected " + expected.get(i) + "\n  actual   " + actual.get(i);
            }
        }
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " lines, got " + actual.size() + "; first extra: "
                    + (expected.size() > n ? expected.get(n) : actual.get(n));
        }
        return null;
    }
}
