package io.warden.server.state;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Rebuilds a {@link StateMachine} from a snapshot: the nodes (parents first, as
 * {@link FrozenState#forEachNode} gives them), the sessions, then {@link #finish} with the zxid
 * and the reapers' order. Checks the tree as it goes, so a snapshot that decodes but describes
 * an impossible tree is refused rather than served: a node before its parent, a duplicate, an
 * owner not matching the kind, a missing built-in node, an ephemeral of no live session, a zxid
 * newer than the snapshot's.
 *
 * <p>Thread-confined: one thread builds; the finished state machine then belongs to the thread
 * that applies to it (hand it over with a happens-before edge, e.g. a queue or thread start).
 */
public final class StateRestorer {
    private final StateMachine sm;
    private final DataTree tree;
    private final Set<String> builtInsSeen = new HashSet<>();
    private long nodeCount;
    private long maxZxid;
    private boolean finished;

    public StateRestorer(StateConfig config) {
        this.sm = new StateMachine(config);
        this.tree = sm.tree();
    }

    /**
     * Announces how many znodes will follow (a snapshot header's count), so the tree's tables are
     * sized once instead of growing step by step. Optional; a wrong count only costs time.
     */
    public void expectNodes(long count) {
        checkOpen();
        if (nodeCount == 0) {
            tree.reserve(count);
        }
    }

    /**
     * Adds one znode; its parent must have been added before (the root and the other built-in
     * nodes exist from the start and are overwritten).
     *
     * @throws IllegalArgumentException if the node does not fit the tree built so far
     */
    public void node(NodeImage image) {
        checkOpen();
        tree.restore(image);
        if (DataTree.isProtected(image.path())) {
            builtInsSeen.add(image.path());
        }
        nodeCount++;
        // /zookeeper/config's mzxid is the configuration version (as ZooKeeper's), which a
        // dynamic file's name may set beyond this log's zxids.
        long mzxid = image.path().equals(DataTree.CONFIG) ? 0 : image.mzxid();
        maxZxid = Math.max(maxZxid, Math.max(image.czxid(), Math.max(mzxid, image.pzxid())));
    }

    /**
     * Adds one live session.
     *
     * @throws IllegalArgumentException for a second session with the same id
     */
    public void session(SessionInfo session) {
        checkOpen();
        Objects.requireNonNull(session, "session");
        if (sm.sessionTable().contains(session.sessionId())) {
            throw new IllegalArgumentException("duplicate session 0x" + Long.toHexString(session.sessionId()));
        }
        sm.sessionTable().put(session);
    }

    /** Nodes added so far. */
    public long nodeCount() {
        return nodeCount;
    }

    /**
     * The rebuilt state machine as of {@code lastZxid}.
     *
     * @throws IllegalArgumentException if the state is inconsistent (see class javadoc)
     */
    public StateMachine finish(long lastZxid, List<String> containerOrder, List<String> ttlOrder) {
        checkOpen();
        finished = true;
        if (builtInsSeen.size() != 4) {
            throw new IllegalArgumentException("snapshot lacks built-in znodes: has only " + builtInsSeen);
        }
        if (maxZxid > lastZxid) {
            throw new IllegalArgumentException("a znode has zxid 0x" + Long.toHexString(maxZxid)
                    + ", after the snapshot's 0x" + Long.toHexString(lastZxid));
        }
        for (Long owner : tree.ephemeralOwners()) {
            if (!sm.sessionTable().contains(owner)) {
                throw new IllegalArgumentException("ephemerals of session 0x" + Long.toHexString(owner)
                        + " which is not in the session table");
            }
        }
        tree.restoreReapOrder(containerOrder, ttlOrder);
        sm.restoreLastZxid(lastZxid);
        return sm;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("restore already finished");
        }
    }
}
