package io.warden.bench.load;

/** The two servers under comparison. Immutable. */
public enum Target {
    ZOOKEEPER("zookeeper"),
    WARDEN("warden");

    private final String label;

    Target(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
