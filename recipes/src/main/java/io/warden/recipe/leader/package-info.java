/**
 * Leader election on ephemeral-sequential znodes, laid out as Curator's {@code LeaderLatch}
 * ({@code path/_c_<uuid>-latch-<seq>} holding the participant id as UTF-8): a
 * {@link io.warden.recipe.leader.LeaderLatch} (start, await, hasLeadership, listeners, relinquish,
 * close, participants readable by anyone) and a {@link io.warden.recipe.leader.LeaderElection}
 * whose {@code runWhileLeader(ctx -> ...)} cancels its
 * {@link io.warden.recipe.leader.LeadershipContext} the moment leadership may be lost. Each term's
 * epoch is the czxid of the leader's node: terms are strictly ordered and one node belongs to one
 * participant, so there is never more than one leader per epoch, and epoch-guarded writes make a
 * deposed leader's writes fail.
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.internal}, {@code io.warden.recipe.support}, Guava, the JDK.
 *
 * <p>Threading: public classes are thread-safe; listeners run in the recipe's serial context
 * (usually the client's event thread) and must not block; {@code runWhileLeader} runs its action on
 * the calling thread.
 */
package io.warden.recipe.leader;
