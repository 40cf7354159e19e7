package io.warden.compat.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.linearizability.LinearizabilityChecker.Bounds;
import io.warden.compat.linearizability.LinearizabilityChecker.Result;
import io.warden.compat.linearizability.LinearizabilityChecker.Verdict;
import io.warden.compat.linearizability.SimulatedHistories.Mutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The checker on generated histories: linearizable by construction ones must pass, the same with
 * one result corrupted must (nearly always, and on a pinned set of seeds always) fail, and on
 * small histories its verdict must equal an exhaustive search over all orders.
 */
class RandomizedCheckerTest {
    private static final Bounds BOUNDS = new Bounds(Duration.ofSeconds(30), 2_000_000);

    @Test
    void simulatedHistoriesAreLinearizable() {
        for (long seed = 1; seed <= 100; seed++) {
            History history = SimulatedHistories.generate(seed, 400, 4, 3);
            Result result = LinearizabilityChecker.check(history, BOUNDS);
            assertEquals(Verdict.LINEARIZABLE, result.verdict(), "seed " + seed + ": " + result);
        }
    }

    @Test
    void largeSimulatedHistoryIsCheckedQuickly() {
        History history = SimulatedHistories.generate(42, 30_000, 8, 1);
        Result result = LinearizabilityChecker.check(history, BOUNDS);
        System.out.println("30000-op simulated history, 8 clients: " + result.verdict() + " in "
                + result.elapsed().toMillis() + " ms, " + result.steps() + " steps, "
                + result.cacheEntries() + " cached");
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::toString);
    }

    /**
     * Seeds (1..60) per mutation whose corrupted history is still linearizable, found by running
     * this test: the corruption happened to be consistent with another order of concurrent ops
     * (e.g. a stale read overlapping the writes it missed). Pinned, so that the checker getting
     * weaker (or the generator changing) shows.
     */
    private static List<Long> stillLinearizable(Mutation mutation) {
        return switch (mutation) {
            // #115 read [11560..11649] overlaps the CAS #114 [11434..11585] it was made to miss.
            case STALE_READ -> List.of(53L);
            case PHANTOM_READ, FAILED_CAS_SUCCEEDS, ACKED_WRITE_FAILS, READ_VERSION_OFF_BY_ONE -> List.of();
        };
    }

    @Test
    void oneCorruptedResultIsRejected() {
        StringBuilder report = new StringBuilder();
        StringBuilder mismatches = new StringBuilder();
        for (Mutation mutation : Mutation.values()) {
            TreeSet<Long> accepted = new TreeSet<>();
            int mutated = 0;
            for (long seed = 1; seed <= 60; seed++) {
                History history = SimulatedHistories.generate(seed, 300, 4, 3);
                History corrupted = SimulatedHistories.mutate(history, mutation, seed);
                if (corrupted == null) {
                    continue;
                }
                mutated++;
                Result result = LinearizabilityChecker.check(corrupted, BOUNDS);
                assertTrue(result.verdict() != Verdict.INCONCLUSIVE, "seed " + seed + ": " + result);
                if (result.linearizable()) {
                    accepted.add(seed);
                }
            }
            report.append(mutation).append(": ").append(mutated).append(" mutated, still linearizable: ")
                    .append(accepted).append('\n');
            assertTrue(mutated >= 50, mutation + " applied to only " + mutated + " of 60 histories");
            if (!new TreeSet<>(stillLinearizable(mutation)).equals(accepted)) {
                mismatches.append(mutation).append(" expected ").append(stillLinearizable(mutation))
                        .append(" got ").append(accepted).append('\n');
            }
        }
        System.out.print(report);
        assertEquals("", mismatches.toString(), report::toString);
    }

    @Test
    void counterexampleNamesTheCorruptedOperation() {
        History history = SimulatedHistories.generate(7, 300, 4, 0);
        History corrupted = SimulatedHistories.mutate(history, Mutation.PHANTOM_READ, 7);
        assertNotNull(corrupted);
        Result result = LinearizabilityChecker.check(corrupted, BOUNDS);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        Op phantom = corrupted.ops().stream()
                .filter(op -> op.result() instanceof Op.Result.Observed seen && "phantom".equals(seen.value()))
                .findFirst().orElseThrow();
        assertTrue(result.explanation().contains("stuck: " + phantom.describe()), result::toString);
    }

    @Test
    void smallHistoriesAgreeWithExhaustiveSearch() {
        int rejected = 0;
        int accepted = 0;
        for (long seed = 1; seed <= 1500; seed++) {
            History history = SimulatedHistories.generate(seed, 7, 3, 20);
            Mutation[] mutations = Mutation.values();
            int pick = (int) (seed % (mutations.length + 1));
            if (pick < mutations.length) {
                History corrupted = SimulatedHistories.mutate(history, mutations[pick], seed);
                if (corrupted != null) {
                    history = corrupted;
                }
            }
            boolean expected = Exhaustive.linearizable(history);
            Result result = LinearizabilityChecker.check(history, BOUNDS);
            assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, result.verdict(),
                    "seed " + seed + ":\n" + describe(history) + result);
            if (expected) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertTrue(rejected >= 300 && accepted >= 300, "too one-sided: " + accepted + " accepted, "
                + rejected + " rejected");
    }

    private static String describe(History history) {
        StringBuilder out = new StringBuilder();
        for (Op op : history.ops()) {
            out.append("  ").append(op.describe()).append('\n');
        }
        return out.toString();
    }

    /**
     * Brute force, written independently of the checker: tries every order of the operations that
     * respects real time, with every subset of the INFO writes.
     */
    private static final class Exhaustive {
        private record State(String value, int version) {}

        static boolean linearizable(History history) {
            List<Op> ops = new ArrayList<>();
            for (Op op : history.ops()) {
                boolean read = op.call() instanceof Op.Call.Read || op.call() instanceof Op.Call.SyncRead;
                boolean observation = op.outcome() != Op.Outcome.FAIL
                        || (op.result() instanceof Op.Result.Failed f
                                && (f.code().equals("NONODE") || (f.code().equals("BADVERSION")
                                        && op.call() instanceof Op.Call.Cas)));
                if (!(read && op.outcome() == Op.Outcome.INFO) && observation) {
                    ops.add(op);
                }
            }
            State initial = new State(history.initial().value(), history.initial().version());
            return search(ops, new boolean[ops.size()], initial);
        }

        private static boolean search(List<Op> ops, boolean[] placed, State state) {
            boolean allRequired = true;
            for (int i = 0; i < ops.size(); i++) {
                if (!placed[i] && ops.get(i).outcome() != Op.Outcome.INFO) {
                    allRequired = false;
                }
            }
            if (allRequired) {
                return true;
            }
            for (int i = 0; i < ops.size(); i++) {
                if (placed[i] || !ready(ops, placed, i)) {
                    continue;
                }
                State after = apply(state, ops.get(i));
                if (after == null) {
                    continue;
                }
                placed[i] = true;
                boolean found = search(ops, placed, after);
                placed[i] = false;
                if (found) {
                    return true;
                }
            }
            return false;
        }

        /** Every required op that completed before op i was invoked is placed. */
        private static boolean ready(List<Op> ops, boolean[] placed, int i) {
            for (int j = 0; j < ops.size(); j++) {
                if (!placed[j] && j != i && ops.get(j).completeNanos() < ops.get(i).invokeNanos()) {
                    return false;
                }
            }
            return true;
        }

        private static State apply(State s, Op op) {
            boolean exists = s.value() != null;
            if (op.result() instanceof Op.Result.Observed seen) {
                return seen.value() == null ? (exists ? null : s)
                        : (seen.value().equals(s.value()) && seen.version() == s.version() ? s : null);
            }
            if (op.result() instanceof Op.Result.Failed f) {
                if (f.code().equals("NONODE")) {
                    return exists ? null : s;
                }
                return exists && ((Op.Call.Cas) op.call()).expectedVersion() != s.version() ? s : null;
            }
            if (!exists) {
                return null;
            }
            String value;
            if (op.call() instanceof Op.Call.Cas cas) {
                if (cas.expectedVersion() != s.version()) {
                    return null;
                }
                value = cas.value();
            } else {
                value = ((Op.Call.Write) op.call()).value();
            }
            if (op.result() instanceof Op.Result.Written w && w.newVersion() != s.version() + 1) {
                return null;
            }
            return new State(value, s.version() + 1);
        }
    }
}
