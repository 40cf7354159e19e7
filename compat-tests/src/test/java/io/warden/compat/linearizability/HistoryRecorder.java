package io.warden.compat.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Records a {@link History} while clients run: {@link #invoke} just before a request is handed to
 * the client library, then exactly one of {@link #ok}, {@link #fail} or {@link #info} just after
 * its answer. Both timestamps come from the one monotonic clock given to the constructor, so
 * real-time order between clients is exact up to that clock. Operations never completed when
 * {@link #history()} is taken count as INFO.
 *
 * <p>Thread-safe (all methods synchronize on the recorder); each {@link Pending} belongs to the
 * client thread that invoked it. Bounded: at most {@code maxOps} invocations; {@link #invoke}
 * returns null after that.
 */
public final class HistoryRecorder {
    private final LongSupplier clockNanos;
    private final Op.Result.Observed initial;
    private final int maxOps;
    private final List<Op> done = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private int invoked;

    /**
     * @param clockNanos the monotonic clock (nanoseconds) shared by all clients
     * @param initial the znode's state before the first operation
     * @param maxOps how many operations may be invoked
     */
    public HistoryRecorder(LongSupplier clockNanos, Op.Result.Observed initial, int maxOps) {
        this.clockNanos = Objects.requireNonNull(clockNanos, "clockNanos");
        this.initial = Objects.requireNonNull(initial, "initial");
        this.maxOps = maxOps;
    }

    /** An invoked operation awaiting its answer. */
    public static final class Pending {
        private final int process;
        private final Op.Call call;
        private final long invokeNanos;
        private boolean completed;

        private Pending(int process, Op.Call call, long invokeNanos) {
            this.process = process;
            this.call = call;
            this.invokeNanos = invokeNanos;
        }
    }

    /** Whether {@code maxOps} operations have been invoked. */
    public synchronized boolean full() {
        return invoked >= maxOps;
    }

    /**
     * Stamps the invocation of {@code call} by {@code process}; null if the history is full
     * (then the caller must not run the operation).
     */
    public synchronized Pending invoke(int process, Op.Call call) {
        if (invoked >= maxOps) {
            return null;
        }
        invoked++;
        Pending p = new Pending(process, call, clockNanos.getAsLong());
        pending.add(p);
        return p;
    }

    /** It took effect; {@code result} is what the server answered. */
    public synchronized void ok(Pending p, Op.Result result) {
        complete(p, Op.Outcome.OK, result, clockNanos.getAsLong());
    }

    /** It definitely did not take effect; {@code code} is the error that proves it. */
    public synchronized void fail(Pending p, String code) {
        complete(p, Op.Outcome.FAIL, new Op.Result.Failed(code), clockNanos.getAsLong());
    }

    /** Unknown whether it took effect. */
    public synchronized void info(Pending p, String reason) {
        complete(p, Op.Outcome.INFO, new Op.Result.Unknown(reason), Op.NEVER);
    }

    private void complete(Pending p, Op.Outcome outcome, Op.Result result, long completeNanos) {
        if (p.completed) {
            throw new IllegalStateException("completed twice: " + p.call.describe());
        }
        p.completed = true;
        pending.remove(p);
        done.add(new Op(done.size(), p.process, p.call, outcome, result, p.invokeNanos, completeNanos));
    }

    /** The history so far; operations not yet completed are INFO ("pending"). */
    public synchronized History history() {
        List<Op> all = new ArrayList<>(done);
        for (Pending p : pending) {
            all.add(new Op(all.size(), p.process, p.call, Op.Outcome.INFO, new Op.Result.Unknown("pending"),
                    p.invokeNanos, Op.NEVER));
        }
        return History.of(initial, all);
    }
}
