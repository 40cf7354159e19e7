package io.warden.compat.linearizability;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds histories by hand for the checker's tests: each method adds one operation with explicit
 * invocation and completion times (any unit; only their order matters).
 *
 * <p>Not thread-safe; one test builds one history.
 */
final class Histories {
    private final Op.Result.Observed initial;
    private final List<Op> ops = new ArrayList<>();

    private Histories(Op.Result.Observed initial) {
        this.initial = initial;
    }

    /** A history on a znode that starts as {@code value} at version 0. */
    static Histories startingAt(String value) {
        return new Histories(new Op.Result.Observed(value, 0));
    }

    private Histories add(int process, Op.Call call, Op.Outcome outcome, Op.Result result, long invoke,
            long complete) {
        ops.add(new Op(ops.size(), process, call, outcome, result, invoke, complete));
        return this;
    }

    Histories read(int process, long invoke, long complete, String value, int version) {
        return add(process, new Op.Call.Read(), Op.Outcome.OK, new Op.Result.Observed(value, version),
                invoke, complete);
    }

    Histories syncRead(int process, long invoke, long complete, String value, int version) {
        return add(process, new Op.Call.SyncRead(), Op.Outcome.OK, new Op.Result.Observed(value, version),
                invoke, complete);
    }

    Histories write(int process, long invoke, long complete, String value, int newVersion) {
        return add(process, new Op.Call.Write(value), Op.Outcome.OK, new Op.Result.Written(newVersion),
                invoke, complete);
    }

    Histories cas(int process, long invoke, long complete, int expected, String value, int newVersion) {
        return add(process, new Op.Call.Cas(expected, value), Op.Outcome.OK,
                new Op.Result.Written(newVersion), invoke, complete);
    }

    Histories casBadVersion(int process, long invoke, long complete, int expected, String value) {
        return add(process, new Op.Call.Cas(expected, value), Op.Outcome.FAIL,
                new Op.Result.Failed("BADVERSION"), invoke, complete);
    }

    Histories writeInfo(int process, long invoke, String value) {
        return add(process, new Op.Call.Write(value), Op.Outcome.INFO,
                new Op.Result.Unknown("CONNECTIONLOSS"), invoke, Op.NEVER);
    }

    Histories casInfo(int process, long invoke, int expected, String value) {
        return add(process, new Op.Call.Cas(expected, value), Op.Outcome.INFO,
                new Op.Result.Unknown("CONNECTIONLOSS"), invoke, Op.NEVER);
    }

    History build() {
        return History.of(initial, ops);
    }
}
