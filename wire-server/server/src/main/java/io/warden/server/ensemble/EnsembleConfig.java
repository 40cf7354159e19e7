package io.warden.server.ensemble;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ensemble settings of zoo.cfg, validated ({@link EnsembleParser} builds it). Without
 * {@code server.N} lines ({@link #none()}) the server is standalone, as ZooKeeper's. Immutable.
 *
 * @param myId this server's id from {@code <dataDir>/myid}, or {@link #UNSET_ID} when the file is
 *     absent (allowed only when the configuration is not {@linkplain #distributed() distributed})
 * @param members the server lines, ascending by id, ids unique
 * @param version the configuration version: the hex suffix of the dynamic file's name
 *     ({@code zoo.cfg.dynamic.100000000}), else 0, as ZooKeeper
 * @param peerType {@code peerType}, corrected to this server's role in the server lines (ZooKeeper
 *     warns and lets the server lines win)
 * @param initLimit {@code initLimit} in ticks, 0 when unset
 * @param syncLimit {@code syncLimit} in ticks, 0 when unset
 * @param standaloneEnabled {@code standaloneEnabled} (default true): a single participant line
 *     then means standalone, as ZooKeeper
 * @param reconfigEnabled {@code reconfigEnabled} (default false)
 * @param dynamicConfigFile {@code dynamicConfigFile}, or null when the lines are in zoo.cfg
 */
public record EnsembleConfig(long myId, List<EnsembleMember> members, long version, ServerRole peerType,
        int initLimit, int syncLimit, boolean standaloneEnabled, boolean reconfigEnabled, Path dynamicConfigFile) {
    /** ZooKeeper's {@code UNSET_SERVERID}. */
    public static final long UNSET_ID = -1;

    private static final EnsembleConfig NONE = new EnsembleConfig(UNSET_ID, List.of(), 0, ServerRole.PARTICIPANT,
            0, 0, true, false, null);

    public EnsembleConfig {
        members = members.stream().sorted(Comparator.comparingLong(EnsembleMember::id)).toList();
        for (int i = 1; i < members.size(); i++) {
            if (members.get(i).id() == members.get(i - 1).id()) {
                throw new IllegalArgumentException("duplicate server id " + members.get(i).id());
            }
        }
        Objects.requireNonNull(peerType, "peerType");
    }

    /** No server lines: a standalone server. */
    public static EnsembleConfig none() {
        return NONE;
    }

    /** Whether zoo.cfg has no server lines. */
    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The voting members. */
    public List<EnsembleMember> participants() {
        return members.stream().filter(m -> m.role() == ServerRole.PARTICIPANT).toList();
    }

    /** The observers. */
    public List<EnsembleMember> observers() {
        return members.stream().filter(m -> m.role() == ServerRole.OBSERVER).toList();
    }

    /** The member with this id. */
    public Optional<EnsembleMember> member(long id) {
        return members.stream().filter(m -> m.id() == id).findFirst();
    }

    /** This server's line ({@link #myId}), if any. */
    public Optional<EnsembleMember> self() {
        return myId == UNSET_ID ? Optional.empty() : member(myId);
    }

    /**
     * ZooKeeper's {@code QuorumPeerConfig.isDistributed()}: there are server lines and either
     * {@code standaloneEnabled=false} or more than one participant. Otherwise the server runs
     * standalone (a single participant line with standaloneEnabled is ignored, as ZooKeeper).
     */
    public boolean distributed() {
        return !members.isEmpty() && (!standaloneEnabled || participants().size() > 1);
    }
}
