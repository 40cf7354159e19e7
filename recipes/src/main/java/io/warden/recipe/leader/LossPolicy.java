package io.warden.recipe.leader;

/**
 * When a leader must consider its leadership gone. Immutable.
 * <ul>
 *   <li>{@link #ON_SUSPENDED} (the default, Curator's standard policy): as soon as the connection
 *       drops. The session may still be alive, but the leader cannot know, and another participant
 *       may be elected once it expires on the server. Leadership returns on RECONNECTED if our node
 *       is still first and ours.</li>
 *   <li>{@link #ON_LOST}: only when the session is lost (or our node is deleted). Fewer spurious
 *       changes of leader on short network blips, at the price of a window in which a partitioned
 *       old leader and a new one both believe they lead: only epoch-guarded writes keep that
 *       safe.</li>
 * </ul>
 */
public enum LossPolicy {
    ON_SUSPENDED,
    ON_LOST
}
