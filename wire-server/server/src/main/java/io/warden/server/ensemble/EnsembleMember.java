package io.warden.server.ensemble;

import java.util.Objects;

/**
 * One {@code server.N} line: {@code server.id=peerHost:peerPort:electionPort[:role][;[clientHost:]clientPort]}.
 * Immutable.
 *
 * @param id the server id ({@code N}; matched against the {@code myid} file)
 * @param peerAddress ZooKeeper's quorum address (host:peerPort, 2888 by convention); Warden binds
 *     the Ratis gRPC server here
 * @param electionAddress ZooKeeper's leader-election address (same host, electionPort, 3888 by
 *     convention); Ratis elects over the peer port, so Warden does not bind it (see
 *     docs/ensemble-design.md)
 * @param role participant (votes) or observer
 * @param clientAddress the client address of the line's {@code ;[host:]port} part ({@code 0.0.0.0}
 *     when only a port is given), or null when the line has none (the static {@code clientPort}
 *     then applies, and {@code /zookeeper/config} shows no client part, as ZooKeeper's)
 */
public record EnsembleMember(long id, HostPort peerAddress, HostPort electionAddress, ServerRole role,
        HostPort clientAddress) {
    public EnsembleMember {
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(electionAddress, "electionAddress");
        Objects.requireNonNull(role, "role");
    }

    /** The line's value as ZooKeeper prints it in {@code /zookeeper/config} (without {@code server.N=}). */
    public String zooKeeperForm() {
        StringBuilder sb = new StringBuilder();
        sb.append(peerAddress.zooKeeperHost()).append(':').append(peerAddress.port()).append(':')
                .append(electionAddress.port()).append(':').append(role.zooCfgName());
        if (clientAddress != null) {
            sb.append(';').append(clientAddress.zooKeeperForm());
        }
        return sb.toString();
    }
}
