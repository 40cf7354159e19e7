/**
 * Machinery shared by the recipes, not an API: {@link io.warden.recipe.internal.Contender} (one
 * ephemeral-sequential node in a queue: protected-name create and recovery, the predecessor watch,
 * the session check before a grant, and the reactions to SUSPENDED, RECONNECTED and LOST),
 * creating parent containers, and failure classification.
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.support}, Guava, the JDK.
 *
 * <p>Threading: each stateful object is confined to its own sequential executor (Guava's
 * {@code SequentialExecutor} over a direct executor): tasks run one at a time, in order, with a
 * happens-before edge between them, on the client's event thread or on the thread that called a
 * recipe method. Nothing here blocks.
 */
package io.warden.recipe.internal;
