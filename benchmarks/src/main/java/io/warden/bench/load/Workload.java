package io.warden.bench.load;

/**
 * What each client session does in a loop. Immutable.
 *
 * <ul>
 *   <li>{@link #CREATE}: create a new persistent znode with the value under the session's own
 *       directory (the nodes are deleted after the run).
 *   <li>{@link #SET}: setData(value, version -1) on the session's own znode.
 *   <li>{@link #GET}: getData (no watch) of the session's own znode.
 *   <li>{@link #EXISTS}: exists (no watch) of the session's own znode.
 *   <li>{@link #CHILDREN}: getChildren with stat (opcode getChildren2) of one shared parent with
 *       {@link #CHILD_COUNT} children.
 *   <li>{@link #MIXED}: 90% get, 10% set of the session's own znode (seeded per session).
 *   <li>{@link #EPHEMERAL_SEQUENTIAL}: create an ephemeral-sequential znode with the value.
 *   <li>{@link #WATCH}: watch fan-out, K watcher sessions (the client count) and one writer;
 *       an operation is one notification delivered, its latency from the write being sent
 *       ({@link FanOutDriver}).
 *   <li>{@link #CONNECT}: create and close sessions over raw frames, no client library; an
 *       operation is one session, its latency the handshake ({@link ConnectDriver}).
 *   <li>{@link #LOCK}: the herd-free lock recipe on one shared lock; an operation is one
 *       acquisition, its latency from queueing to holding ({@link LockDriver}).
 * </ul>
 */
public enum Workload {
    CREATE("create", true),
    SET("set", true),
    GET("get", true),
    EXISTS("exists", false),
    CHILDREN("children", false),
    MIXED("mixed", true),
    EPHEMERAL_SEQUENTIAL("ephemeral-sequential", true),
    WATCH("watch", false),
    CONNECT("connect", false),
    LOCK("lock", false);

    /** Children of the shared parent in {@link #CHILDREN}. */
    public static final int CHILD_COUNT = 100;
    /** Percentage of gets in {@link #MIXED}. */
    public static final int MIXED_GET_PERCENT = 90;

    private final String label;
    private final boolean valueSized;

    Workload(String label, boolean valueSized) {
        this.label = label;
        this.valueSized = valueSized;
    }

    /** The name used on the command line and in reports. */
    public String label() {
        return label;
    }

    /**
     * Whether the value size changes what is sent or returned; workloads that do not depend on
     * it run once, at the smallest value size.
     */
    public boolean valueSized() {
        return valueSized;
    }

    /** The workload with this label. */
    public static Workload byLabel(String label) {
        for (Workload w : values()) {
            if (w.label.equals(label)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload " + label);
    }
}
