package io.warden.recipe.leader;

/**
 * Leadership was (or may have been) lost while the leader's action ran: thrown by
 * {@link LeadershipContext#checkLeadership()}, and by {@link LeaderElection#runWhileLeader} when the
 * action failed after its context was cancelled (the action's failure is the cause).
 */
public final class LeadershipLostException extends Exception {
    private static final long serialVersionUID = 1L;

    public LeadershipLostException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
