package io.warden.compat.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Linearizable-by-construction histories for the checker's randomized tests: a sequential
 * simulation of one znode executes operations at linearization points 100 time units apart, each
 * issued by a random client, and every operation then gets a random interval around its point
 * that does not overlap its client's previous and next operations (so operations of different
 * clients overlap at random). Some operations become INFO (completion +infinity), half of them
 * applied, half not. Then {@link #mutate} changes one result to something the simulation did not
 * produce.
 *
 * <p>Stateless; each call confines its random source.
 */
final class SimulatedHistories {
    private static final long SPACING = 100;

    private SimulatedHistories() {}

    /** A linearizable history of {@code size} operations by {@code clients} clients. */
    static History generate(long seed, int size, int clients, int infoPercent) {
        SplittableRandom random = new SplittableRandom(seed);
        String value = "init";
        int version = 0;
        int[] process = new int[size];
        Op.Call[] calls = new Op.Call[size];
        Op.Outcome[] outcomes = new Op.Outcome[size];
        Op.Result[] results = new Op.Result[size];
        for (int i = 0; i < size; i++) {
            process[i] = random.nextInt(clients);
            int dice = random.nextInt(100);
            Op.Call call;
            if (dice < 25) {
                call = new Op.Call.Read();
            } else if (dice < 40) {
                call = new Op.Call.SyncRead();
            } else if (dice < 55) {
                call = new Op.Call.Write("v" + i);
            } else {
                int expected = random.nextInt(100) < 65 ? version : Math.max(0, version + random.nextInt(-2, 3));
                call = new Op.Call.Cas(expected, "v" + i);
            }
            calls[i] = call;
            boolean info = random.nextInt(100) < infoPercent;
            boolean applies = !info || random.nextBoolean();
            if (call instanceof Op.Call.Read || call instanceof Op.Call.SyncRead) {
                outcomes[i] = Op.Outcome.OK;
                results[i] = new Op.Result.Observed(value, version);
                if (info) {
                    outcomes[i] = Op.Outcome.INFO;
                    results[i] = new Op.Result.Unknown("CONNECTIONLOSS");
                }
                continue;
            }
            boolean matches = !(call instanceof Op.Call.Cas cas) || cas.expectedVersion() == version;
            if (info) {
                outcomes[i] = Op.Outcome.INFO;
                results[i] = new Op.Result.Unknown("CONNECTIONLOSS");
                if (applies && matches) {
                    value = "v" + i;
                    version++;
                }
            } else if (matches) {
                value = "v" + i;
                version++;
                outcomes[i] = Op.Outcome.OK;
                results[i] = new Op.Result.Written(version);
            } else {
                outcomes[i] = Op.Outcome.FAIL;
                results[i] = new Op.Result.Failed("BADVERSION");
            }
        }
        // Intervals: an op of client p at point a followed by p's next op at point b: the first
        // completes in [a, a + gap/2), the second is invoked in (b - gap/2, b].
        long[] invoke = new long[size];
        long[] complete = new long[size];
        Map<Integer, Integer> last = new HashMap<>();
        for (int i = 0; i < size; i++) {
            long point = SPACING * (i + 1);
            Integer before = last.put(process[i], i);
            if (before == null) {
                invoke[i] = point - random.nextLong(3 * SPACING);
            } else {
                long gap = point - SPACING * (before + 1);
                long half = Math.max(1, gap / 2);
                complete[before] = SPACING * (before + 1) + random.nextLong(half);
                invoke[i] = point - random.nextLong(half);
            }
        }
        for (int i : last.values()) {
            complete[i] = SPACING * (i + 1) + random.nextLong(3 * SPACING);
        }
        List<Op> ops = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long end = outcomes[i] == Op.Outcome.INFO ? Op.NEVER : complete[i];
            ops.add(new Op(i, process[i], calls[i], outcomes[i], results[i], invoke[i], end));
        }
        return History.of(new Op.Result.Observed("init", 0), ops);
    }

    /** The kinds of single-result corruption {@link #mutate} applies. */
    enum Mutation {
        /** An OK read returns the state of several writes earlier. */
        STALE_READ,
        /** An OK read returns a value nobody wrote. */
        PHANTOM_READ,
        /** A BADVERSION CAS reports success instead. */
        FAILED_CAS_SUCCEEDS,
        /**
         * A successful CAS reports BADVERSION, a successful write some other failure, though a
         * later read saw its value. (Without that read the mutated history is often linearizable:
         * a never-applied INFO write may take the lost write's place.)
         */
        ACKED_WRITE_FAILS,
        /** An OK read's version is off by one. */
        READ_VERSION_OFF_BY_ONE
    }

    /**
     * {@code history} with one result changed by {@code mutation} on a random eligible operation
     * from the middle half of the history; {@code null} if no operation is eligible.
     */
    static History mutate(History history, Mutation mutation, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x6d75746174650000L);
        List<Op> ops = new ArrayList<>(history.ops());
        List<Integer> eligible = new ArrayList<>();
        int from = ops.size() / 4;
        int to = 3 * ops.size() / 4;
        for (int i = from; i < to; i++) {
            if (eligible(ops.get(i), mutation) && (mutation != Mutation.ACKED_WRITE_FAILS || readLater(ops, i))) {
                eligible.add(i);
            }
        }
        if (eligible.isEmpty()) {
            return null;
        }
        int i = eligible.get(random.nextInt(eligible.size()));
        Op op = ops.get(i);
        Op.Result result = op.result();
        Op.Outcome outcome = op.outcome();
        switch (mutation) {
            case STALE_READ -> {
                // The most recent OK read at least 8 ops earlier whose state differs.
                Op.Result.Observed now = (Op.Result.Observed) op.result();
                for (int j = i - 8; j >= 0; j--) {
                    Op earlier = ops.get(j);
                    if (earlier.outcome() == Op.Outcome.OK && earlier.result() instanceof Op.Result.Observed seen
                            && !seen.equals(now)) {
                        result = seen;
                        break;
                    }
                }
                if (result == op.result()) {
                    return null;
                }
            }
            case PHANTOM_READ -> result = new Op.Result.Observed("phantom",
                    ((Op.Result.Observed) op.result()).version());
            case FAILED_CAS_SUCCEEDS -> {
                outcome = Op.Outcome.OK;
                result = new Op.Result.Written(((Op.Call.Cas) op.call()).expectedVersion() + 1);
            }
            case ACKED_WRITE_FAILS -> {
                outcome = Op.Outcome.FAIL;
                result = new Op.Result.Failed(op.call() instanceof Op.Call.Cas ? "BADVERSION" : "NOTEMPTY");
            }
            case READ_VERSION_OFF_BY_ONE -> {
                Op.Result.Observed seen = (Op.Result.Observed) op.result();
                result = new Op.Result.Observed(seen.value(), seen.version() + (random.nextBoolean() ? 1 : -1));
            }
            default -> throw new IllegalStateException(mutation.toString());
        }
        ops.set(i, new Op(i, op.process(), op.call(), outcome, result, op.invokeNanos(), op.completeNanos()));
        return new History(history.initial(), ops);
    }

    /** Whether an OK read observed the value op {@code i} wrote (else another write may stand in for it). */
    private static boolean readLater(List<Op> ops, int i) {
        String written = ops.get(i).call() instanceof Op.Call.Cas cas ? cas.value()
                : ((Op.Call.Write) ops.get(i).call()).value();
        return ops.stream().anyMatch(op -> op.outcome() == Op.Outcome.OK
                && op.result() instanceof Op.Result.Observed seen && written.equals(seen.value()));
    }

    private static boolean eligible(Op op, Mutation mutation) {
        boolean okRead = op.outcome() == Op.Outcome.OK && op.result() instanceof Op.Result.Observed;
        return switch (mutation) {
            case STALE_READ, PHANTOM_READ -> okRead;
            case READ_VERSION_OFF_BY_ONE -> okRead && ((Op.Result.Observed) op.result()).version() > 0;
            case FAILED_CAS_SUCCEEDS -> op.outcome() == Op.Outcome.FAIL && op.call() instanceof Op.Call.Cas;
            case ACKED_WRITE_FAILS -> op.outcome() == Op.Outcome.OK && op.result() instanceof Op.Result.Written;
        };
    }
}
