package io.warden.compat.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A concurrent history of operations on one znode, plus the znode's state before the first of
 * them: what {@link LinearizabilityChecker} checks. Operations are ordered by invocation time and
 * {@link Op#index()} is their position.
 *
 * <p>Immutable and thread-safe.
 *
 * @param initial the znode's data and version before any operation ({@link
 *     Op.Result.Observed#ABSENT} if it did not exist)
 * @param ops the operations, ordered by invocation, {@code ops.get(i).index() == i}
 */
public record History(Op.Result.Observed initial, List<Op> ops) {
    public History {
        Objects.requireNonNull(initial, "initial");
        ops = List.copyOf(ops);
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.index() != i) {
                throw new IllegalArgumentException("op at position " + i + " has index " + op.index());
            }
            if (i > 0 && ops.get(i - 1).invokeNanos() > op.invokeNanos()) {
                throw new IllegalArgumentException("ops not ordered by invocation at " + i);
            }
        }
    }

    /**
     * Orders {@code unordered} by invocation time and renumbers them; the rest of each op is kept.
     */
    public static History of(Op.Result.Observed initial, List<Op> unordered) {
        List<Op> sorted = new ArrayList<>(unordered);
        sorted.sort(Comparator.comparingLong(Op::invokeNanos).thenComparingInt(Op::index));
        List<Op> renumbered = new ArrayList<>(sorted.size());
        for (Op op : sorted) {
            renumbered.add(new Op(renumbered.size(), op.process(), op.call(), op.outcome(), op.result(),
                    op.invokeNanos(), op.completeNanos()));
        }
        return new History(initial, renumbered);
    }

    /** The operations {@code keep} accepts, renumbered. */
    public History filter(Predicate<Op> keep) {
        return of(initial, ops.stream().filter(keep).toList());
    }

    /**
     * Without plain (unsynced) reads: what to check against a ZooKeeper ensemble whose clients are
     * connected to different servers, where a plain {@code getData} served by a lagging follower
     * is only sequentially consistent, not linearizable. {@code sync}+{@code getData} stays.
     */
    public History withoutPlainReads() {
        return filter(op -> !(op.call() instanceof Op.Call.Read));
    }

    /** How many operations have {@code outcome} and a call of type {@code kind}. */
    public long count(Class<? extends Op.Call> kind, Op.Outcome outcome) {
        return ops.stream().filter(op -> kind.isInstance(op.call()) && op.outcome() == outcome).count();
    }

    /** Counts per kind and outcome, for reports. */
    public String summary() {
        StringBuilder out = new StringBuilder(ops.size() + " ops:");
        for (Class<? extends Op.Call> kind : List.of(Op.Call.Read.class, Op.Call.SyncRead.class,
                Op.Call.Write.class, Op.Call.Cas.class)) {
            out.append(' ').append(kind.getSimpleName()).append('=');
            for (Op.Outcome outcome : Op.Outcome.values()) {
                out.append(outcome.name().toLowerCase(java.util.Locale.ROOT)).append(':')
                        .append(count(kind, outcome)).append(outcome == Op.Outcome.INFO ? "" : "/");
            }
        }
        return out.toString();
    }
}
