package io.warden.server.ensemble;

import java.util.List;

/**
 * What a server knows about its ensemble at one moment, for the four-letter words, {@code mntr}
 * and {@code /zookeeper/config}. Immutable.
 *
 * @param mode ZooKeeper's {@code Mode:} word: {@code standalone}, {@code leader},
 *     {@code follower}, {@code observer}, or {@code looking} while no leader is known
 * @param myId this server's id (1 when standalone)
 * @param leaderId the current leader's id, or -1 when none is known
 * @param votingMembers how many members vote (ZooKeeper's {@code zk_quorum_size})
 * @param learners on the leader: every other member and whether it is in sync (its match index
 *     within {@code syncLimit * tickTime} of the leader's); empty elsewhere
 * @param pendingSyncs sync / ReadIndex requests waiting on this server
 * @param lastProposalBytes size of the last log entry this server proposed (0 if none; the
 *     four-letter words print 0 as ZooKeeper's {@code -1})
 * @param minProposalBytes smallest proposed entry (0 if none)
 * @param maxProposalBytes largest proposed entry (0 if none)
 * @param members the configuration's members (empty when standalone)
 * @param configVersion the configuration version shown in {@code /zookeeper/config}
 * @param serving false while this server refuses clients (no leader contact, partitioned)
 * @param leaderUptimeMs on the leader: milliseconds since it became leader ({@code zk_leader_uptime});
 *     0 elsewhere
 */
public record EnsembleView(String mode, long myId, long leaderId, int votingMembers, List<Learner> learners,
        int pendingSyncs, long lastProposalBytes, long minProposalBytes, long maxProposalBytes,
        List<EnsembleMember> members, long configVersion, boolean serving, long leaderUptimeMs) {

    public EnsembleView {
        learners = List.copyOf(learners);
        members = List.copyOf(members);
    }

    /** A view without a leader uptime (0). */
    public EnsembleView(String mode, long myId, long leaderId, int votingMembers, List<Learner> learners,
            int pendingSyncs, long lastProposalBytes, long minProposalBytes, long maxProposalBytes,
            List<EnsembleMember> members, long configVersion, boolean serving) {
        this(mode, myId, leaderId, votingMembers, learners, pendingSyncs, lastProposalBytes, minProposalBytes,
                maxProposalBytes, members, configVersion, serving, 0);
    }

    /** Another member as the leader sees it. */
    public record Learner(long id, ServerRole role, boolean synced) {
    }

    /** A standalone server (no server lines). */
    public static final EnsembleView STANDALONE =
            new EnsembleView("standalone", 1, -1, 0, List.of(), 0, 0, 0, 0, List.of(), 0, true);

    /** Whether this server is standalone (no ensemble). */
    public boolean isStandalone() {
        return mode.equals("standalone");
    }

    /** Whether this server leads an ensemble (a group of one included). */
    public boolean isLeader() {
        return mode.equals("leader");
    }
}
