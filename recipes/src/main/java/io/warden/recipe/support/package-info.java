/**
 * Pure helpers shared by the recipes: sequential-node names (parsing the ten-digit suffix, sorting
 * contenders, finding a predecessor), Curator-compatible protected names ({@code _c_<uuid>-}),
 * znode path joining, and the one provider of fresh randomness for node ids.
 *
 * <p>May depend on: the JDK and Guava only (no client, no I/O).
 *
 * <p>Threading: every class here is immutable or stateless; {@link io.warden.recipe.support.IdSource}
 * implementations document their own thread-safety.
 */
package io.warden.recipe.support;
