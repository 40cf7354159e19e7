package io.warden.recipe.leader;

/**
 * Told when a {@link LeaderLatch} gains or loses leadership, in the latch's serial context (usually
 * the client's event thread; {@code notLeader} from {@code close} runs on the closing thread). Calls
 * alternate: {@code isLeader}, {@code notLeader}, {@code isLeader}, ... Must not block.
 */
public interface LeaderLatchListener {
    /** We are the leader now; {@code epoch} is our node's czxid. */
    void isLeader(long epoch);

    /** We are not the leader any more (or may not be: see {@link LossPolicy}). */
    void notLeader();
}
