/**
 * {@link io.warden.recipe.node.PersistentNode}: a node that stays present as long as we want it,
 * in particular an ephemeral one that is created again in each new session (Curator's
 * {@code PersistentNode}).
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.internal}, the JDK.
 *
 * <p>Threading: thread-safe; the state is confined to the node's serial context.
 */
package io.warden.recipe.node;
