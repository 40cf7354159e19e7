package io.warden.bench.client;

/**
 * What each session does, the same with both clients. Every request counts as one operation.
 * Immutable.
 */
public enum ClientWorkload {
    /** getData of the session's own znode (value size bytes), no watch. */
    GET("get"),
    /** setData of the session's own znode, version -1. */
    SET("set"),
    /**
     * create of a fresh persistent znode, then (from the create's completion, holding the same
     * in-flight slot) delete of it: half the operations are creates, half deletes.
     */
    CREATE_DELETE("create-delete"),
    /** exists of the session's own znode, no watch. */
    EXISTS("exists");

    private final String label;

    ClientWorkload(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static ClientWorkload byLabel(String label) {
        for (ClientWorkload w : values()) {
            if (w.label.equals(label)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload " + label);
    }
}
