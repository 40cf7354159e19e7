package io.warden.server.ensemble;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The data of {@code /zookeeper/config} in ZooKeeper 3.9's format
 * ({@code QuorumMaj.toString()}): one {@code server.N=host:peerPort:electionPort:role[;host:clientPort]}
 * line per member in ascending id order, each ending with {@code \n}, then {@code version=<hex>}
 * with no trailing newline. Observed on ZooKeeper 3.9.5: {@code server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\nversion=0}
 * for {@code server.1=127.0.0.1:2888:3888;2181}; a line without a client part prints none even
 * when a static {@code clientPort} is set; IPv6 literals print as {@code [0:0:0:0:0:0:0:1]};
 * the version is the dynamic file's name suffix, or 0 (with {@code reconfigEnabled=true}
 * ZooKeeper's first leader then bumps it to its first zxid, e.g. {@code 100000000}). Curator's
 * {@code EnsembleTracker} builds its connect string from the client parts. Stateless.
 */
public final class ConfigNode {
    private ConfigNode() {
    }

    /** The text for these members and config version. */
    public static String content(List<EnsembleMember> members, long version) {
        StringBuilder sb = new StringBuilder();
        members.stream().sorted(Comparator.comparingLong(EnsembleMember::id)).forEach(m ->
                sb.append("server.").append(m.id()).append('=').append(m.zooKeeperForm()).append('\n'));
        sb.append("version=").append(Long.toHexString(version));
        return sb.toString();
    }

    /** The text for this configuration at its own version. */
    public static String content(EnsembleConfig config) {
        return content(config.members(), config.version());
    }

    /** {@link #content(List, long)} as the node's UTF-8 bytes. */
    public static byte[] bytes(List<EnsembleMember> members, long version) {
        return content(members, version).getBytes(StandardCharsets.UTF_8);
    }
}
