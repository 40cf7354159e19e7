/**
 * Group membership ({@link io.warden.recipe.group.GroupMember}, Curator's {@code GroupMember}):
 * each member keeps an ephemeral node {@code groupPath/<memberId>} holding its payload (a
 * {@link io.warden.recipe.node.PersistentNode}, so it comes back after a session loss), and sees
 * the current members through a {@link io.warden.recipe.cache.SubtreeCache} of the group.
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.cache}, {@code io.warden.recipe.node}, the JDK.
 *
 * <p>Threading: thread-safe; listeners run in the cache's serial context and must not block.
 */
package io.warden.recipe.group;
