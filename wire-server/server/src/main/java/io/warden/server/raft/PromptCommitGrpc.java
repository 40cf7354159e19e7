package io.warden.server.raft;

import java.util.List;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.raftlog.RaftLogIOException;

/**
 * Ratis's gRPC transport ({@code raft.rpc.type} = this class's name) with one change on the
 * leader: a follower learns a new commit index at once, not with the next append or heartbeat.
 *
 * <p>Why: Ratis 3.3.0's leader wakes its log appenders when the commit index advances, and
 * {@code GrpcLogAppender} sees that the follower's commit is behind, but then builds no request
 * (an append with no entries is only built as a heartbeat, due every {@code rpc.timeout.min / 2}).
 * A follower therefore applied its own clients' writes up to 500 ms late, unless the commit-index
 * metadata entries were on; those cost a second log entry (append, fsync on every member, one more
 * round) per commit, which halved the ensemble's write rate (docs/ensemble-write-path). Here the
 * appender sends an empty AppendEntries carrying the leader's commit index instead: the follower
 * commits up to {@code min(leaderCommit, previous)}, so {@code previous} is the follower's match
 * index, an entry it has acknowledged (it holds it whatever else is in flight, so the request may
 * overtake pending appends on the heartbeat channel). No log entry, no fsync; Raft's safety does not
 * depend on when a follower learns the commit index.
 *
 * <p>Ratis creates the instance by reflection (public no-argument constructor). Thread-safe: the
 * appender's state is written by its own Ratis thread only.
 */
public final class PromptCommitGrpc implements RpcType {
    /** While an acknowledgement that would let the commit reach the follower is pending: poll period. */
    static final long ACK_POLL_MS = 1;
    /** A follower silent for longer is not polled for (a dead one would keep the appender spinning). */
    static final long RESPONSIVE_MS = 1_000;

    /** Ratis instantiates it from {@code raft.rpc.type}. */
    public PromptCommitGrpc() {
    }

    @Override
    public String name() {
        return PromptCommitGrpc.class.getName();
    }

    @Override
    public RpcFactory newFactory(Parameters parameters) {
        return new Factory(parameters);
    }

    /** The gRPC factory, with {@link Appender} as the leader's log appender. Stateless. */
    static final class Factory extends GrpcFactory {
        Factory(Parameters parameters) {
            super(parameters);
        }

        @Override
        public LogAppender newLogAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
            return new Appender(server, state, follower);
        }
    }

    /**
     * {@link GrpcLogAppender} that sends a pending commit index on its own. Confined to the
     * appender's Ratis thread (the one running {@link #run}), which alone builds requests.
     */
    static final class Appender extends GrpcLogAppender {
        /** The highest commit index this follower can apply from a request sent so far. */
        private volatile long sent = -1;

        Appender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
            super(server, state, follower);
        }

        @Override
        public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat)
                throws RaftLogIOException {
            AppendEntriesRequestProto request = super.newAppendEntriesRequest(callId, heartbeat);
            if (request != null) {
                if (request.hasPreviousLog()) {
                    long reach = Math.min(request.getLeaderCommit(),
                            request.getPreviousLog().getIndex() + request.getEntriesCount());
                    sent = Math.max(sent, reach);
                }
                return request;
            }
            long target = pushable();
            if (target < 0) {
                return null;
            }
            TermIndex previous = getRaftLog().getTermIndex(getFollower().getMatchIndex());
            if (previous == null) {
                return null; // purged or not known yet: the next heartbeat carries it
            }
            sent = target;
            return getLeaderState().newAppendEntriesRequestProto(getFollower(), List.of(), previous, callId);
        }

        /** The commit index the follower could learn now and has not been sent, else -1. */
        private long pushable() {
            FollowerInfo f = getFollower();
            long target = Math.min(getRaftLog().getLastCommittedIndex(), f.getMatchIndex());
            return target > Math.max(f.getCommitIndex(), sent) && target >= RaftLog.LEAST_VALID_LOG_INDEX ? target : -1;
        }

        /**
         * Ratis wakes the appender when the commit index advances, not when a follower that was
         * not part of that majority acknowledges later: while such an acknowledgement is pending,
         * look again every {@link #ACK_POLL_MS} (if the follower answered within
         * {@link #RESPONSIVE_MS}).
         */
        @Override
        public long getWaitTimeMs() {
            long wait = super.getWaitTimeMs();
            if (wait <= ACK_POLL_MS) {
                return wait;
            }
            FollowerInfo f = getFollower();
            long commit = getRaftLog().getLastCommittedIndex();
            boolean awaitingAck = commit > Math.max(f.getCommitIndex(), sent) && f.getMatchIndex() < commit
                    && hasPendingDataRequests() && f.getLastRpcResponseTime().elapsedTimeMs() < RESPONSIVE_MS;
            return awaitingAck || pushable() >= 0 ? ACK_POLL_MS : wait;
        }
    }
}
