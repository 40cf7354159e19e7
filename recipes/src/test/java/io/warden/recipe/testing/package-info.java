/**
 * Test support for the recipes, shipped in the recipes test-jar so that compat-tests can run the
 * same scenarios against real ZooKeeper: {@link io.warden.recipe.testing.RecipeTestBase} (clients,
 * per-test base znodes, orphan checks, the server's watch statistics),
 * {@link io.warden.client.testing.ChaosProxy#cutAfter} (from the client's test support: cuts a
 * connection right after a chosen request reached the server, so its reply is lost),
 * {@link io.warden.recipe.testing.Histories}
 * (checkers over recorded histories: mutual exclusion, fencing tokens, one leader per epoch),
 * {@link io.warden.recipe.testing.ChaosHistory} (the fault-injection frame that records those
 * histories on the server) and {@link io.warden.recipe.testing.StaleSessionScenario} (a contender's
 * answer from its old session processed after its client started a new one, while the server
 * still holds the old session: what the grant-time session check is for).
 *
 * <p>May depend on: {@code io.warden.client} and its test support, {@code io.warden.recipe.*},
 * {@code io.warden.protocol}, JUnit, the JDK. Threading: each class documents its own.
 */
package io.warden.recipe.testing;
