package io.warden.bench.client;

/** The two clients under comparison. Immutable. */
public enum ClientKind {
    /** {@code io.warden.client.WardenClient}, its CompletableFuture API. */
    OURS("ours"),
    /** {@code org.apache.zookeeper.ZooKeeper} 3.9.5, its callback async API. */
    OFFICIAL("official");

    private final String label;

    ClientKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
