package io.warden.compat.matrix;

/**
 * A row of the compatibility matrix: a client that talks to the server. Order is row order.
 * Immutable.
 */
public enum CompatClient {
    JAVA_395("official Java client 3.9.5"),
    JAVA_OLDER("official Java client, older versions"),
    CURATOR("Apache Curator"),
    KAZOO("Kazoo (Python)"),
    ZKCLI("zkCli.sh"),
    C_CLIENT("C client (cli_mt)"),
    NODE("node-zookeeper-client"),
    WARDEN_CLIENT("our client and recipes (io.warden.client)"),
    RAW("raw frames (differential suite, 4lw socket)");

    private final String title;

    CompatClient(String title) {
        this.title = title;
    }

    /** The row heading. */
    public String title() {
        return title;
    }
}
