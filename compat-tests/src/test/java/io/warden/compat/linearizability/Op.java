package io.warden.compat.linearizability;

import java.util.Objects;

/**
 * One operation of a {@link History}: which client ({@code process}) asked for what ({@link Call}),
 * when it was invoked and when its answer arrived (both read from the one monotonic clock of the
 * recorder, in nanoseconds), and what came back ({@link Outcome} and {@link Result}).
 *
 * <p>An {@link Outcome#INFO} operation has no completion: {@link #completeNanos()} is
 * {@link #NEVER} (+infinity), because its effect, if any, may happen at any time after its
 * invocation.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index position in the history (ordered by invocation), from 0
 * @param process the client that issued it; a client issues one operation at a time
 * @param call what was asked
 * @param outcome whether it took effect: yes, no, or unknown
 * @param result what came back
 * @param invokeNanos clock reading just before the request was handed to the client library
 * @param completeNanos clock reading just after the answer came back; {@link #NEVER} for INFO
 */
public record Op(int index, int process, Call call, Outcome outcome, Result result, long invokeNanos,
        long completeNanos) {
    /** The completion time of an operation whose effect is unknown: +infinity. */
    public static final long NEVER = Long.MAX_VALUE;

    public Op {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(result, "result");
        if (outcome == Outcome.INFO) {
            if (completeNanos != NEVER) {
                throw new IllegalArgumentException("an INFO operation never completes: " + completeNanos);
            }
            if (!(result instanceof Result.Unknown)) {
                throw new IllegalArgumentException("an INFO operation has an Unknown result: " + result);
            }
        } else if (completeNanos < invokeNanos || completeNanos == NEVER) {
            throw new IllegalArgumentException("op " + index + " completes at " + completeNanos
                    + " before its invocation at " + invokeNanos);
        }
        if (outcome == Outcome.OK) {
            boolean read = call instanceof Call.Read || call instanceof Call.SyncRead;
            if (read && !(result instanceof Result.Observed)) {
                throw new IllegalArgumentException("an OK read observes a value: " + result);
            }
            if (!read && !(result instanceof Result.Written)) {
                throw new IllegalArgumentException("an OK write returns its new version: " + result);
            }
        }
        if (outcome == Outcome.FAIL && !(result instanceof Result.Failed)) {
            throw new IllegalArgumentException("a FAIL operation has a Failed result: " + result);
        }
    }

    /** Whether {@code other} completed before this one was invoked (real-time order). */
    public boolean happensAfter(Op other) {
        return other.completeNanos < invokeNanos;
    }

    /** One line for reports, e.g. {@code #12 p3 cas(v4->"p3-7") OK v5 [1200..1450]}. */
    public String describe() {
        String end = completeNanos == NEVER ? "inf" : Long.toString(completeNanos);
        return "#" + index + " p" + process + " " + call.describe() + " " + outcome + " "
                + result.describe() + " [" + invokeNanos + ".." + end + "]";
    }

    /** Whether it took effect. */
    public enum Outcome {
        /** It took effect and the result is what the server answered. */
        OK,
        /** It definitely did not take effect (e.g. {@code BADVERSION}). */
        FAIL,
        /** Unknown (connection loss, timeout, session expiry): it may or may not have taken effect. */
        INFO
    }

    /** What a client asked for, on the one znode under test. */
    public sealed interface Call {
        /** For reports. */
        String describe();

        /** {@code getData}. */
        record Read() implements Call {
            @Override
            public String describe() {
                return "read";
            }
        }

        /** {@code sync} then {@code getData} on the same client, as one operation. */
        record SyncRead() implements Call {
            @Override
            public String describe() {
                return "sync+read";
            }
        }

        /** Unconditional {@code setData(path, value, -1)}. */
        record Write(String value) implements Call {
            public Write {
                Objects.requireNonNull(value, "value");
            }

            @Override
            public String describe() {
                return "write(\"" + value + "\")";
            }
        }

        /** {@code setData(path, value, expectedVersion)}: compare-and-set on the data version. */
        record Cas(int expectedVersion, String value) implements Call {
            public Cas {
                Objects.requireNonNull(value, "value");
                if (expectedVersion < 0) {
                    throw new IllegalArgumentException("a CAS expects a version >= 0: " + expectedVersion);
                }
            }

            @Override
            public String describe() {
                return "cas(v" + expectedVersion + "->\"" + value + "\")";
            }
        }
    }

    /** What came back. */
    public sealed interface Result {
        /** For reports. */
        String describe();

        /**
         * An OK read: the data and its version; {@code value == null} and {@code version == -1}
         * when the znode did not exist ({@code NONODE}).
         */
        record Observed(String value, int version) implements Result {
            /** The znode was not there. */
            public static final Observed ABSENT = new Observed(null, -1);

            public Observed {
                if ((value == null) != (version == -1)) {
                    throw new IllegalArgumentException("absent means no value and version -1: "
                            + value + " v" + version);
                }
            }

            @Override
            public String describe() {
                return value == null ? "absent" : "\"" + value + "\"@v" + version;
            }
        }

        /** An OK write: the data version the server reports after it. */
        record Written(int newVersion) implements Result {
            @Override
            public String describe() {
                return "->v" + newVersion;
            }
        }

        /** A FAIL: the error that proves it did not take effect (e.g. {@code BADVERSION}). */
        record Failed(String code) implements Result {
            public Failed {
                Objects.requireNonNull(code, "code");
            }

            @Override
            public String describe() {
                return code;
            }
        }

        /** An INFO: why the outcome is unknown (e.g. {@code CONNECTIONLOSS}). */
        record Unknown(String reason) implements Result {
            public Unknown {
                Objects.requireNonNull(reason, "reason");
            }

            @Override
            public String describe() {
                return "?" + reason;
            }
        }
    }
}
