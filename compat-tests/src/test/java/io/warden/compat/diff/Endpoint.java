package io.warden.compat.diff;

import io.warden.compat.harness.Target;

/**
 * Where a scenario runs: a server serving the ZooKeeper client protocol on {@code host:port},
 * labelled {@code name} in reports (e.g. {@code zookeeper-a} or {@code warden}). One server serves
 * many scenarios in turn; each scenario uses its own path prefix and closes every session it
 * opened. Starting and stopping the server is its owner's job ({@link Target}). Immutable.
 *
 * @param name a short label for reports
 * @param host the address to connect to ({@code 127.0.0.1}, or {@code ::1} over IPv6)
 * @param port the client port
 */
record Endpoint(String name, String host, int port) {

    /** {@code target} labelled {@code name}. */
    static Endpoint of(String name, Target target) {
        return new Endpoint(name, target.host(), target.port());
    }

    /** {@code host:port}, for the official client. */
    String connectString() {
        return host + ":" + port;
    }
}
