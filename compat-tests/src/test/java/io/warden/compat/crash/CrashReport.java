package io.warden.compat.crash;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a {@link CrashChecker} run did and found. Immutable.
 *
 * @param server the server's name
 * @param seed the seed of the run (rerun with {@code -Dwarden.crash.seed=SEED})
 * @param cycles one entry per completed kill/restart cycle
 * @param violations everything found wrong (the run stops after the first cycle with any);
 *     at most {@link CrashChecker#MAX_VIOLATIONS_PER_KIND} of each kind kept
 * @param violationCount how many were found in all
 */
public record CrashReport(String server, long seed, List<Cycle> cycles, List<Violation> violations,
        int violationCount) {
    public CrashReport {
        cycles = List.copyOf(cycles);
        violations = List.copyOf(violations);
    }

    /**
     * One kill/restart cycle.
     *
     * @param cycle index, from 0
     * @param killedPid the process SIGKILLed
     * @param ackedWrites writes acknowledged during this cycle's load (incl. keeper ephemerals and
     *     closed sessions), before the kill
     * @param inFlight requests that failed with connection loss at the kill
     * @param inFlightApplied of those, how many the restarted server shows applied
     * @param earlyKillMs if not -1, the restarted server was SIGKILLed again this long after its
     *     launch (while recovering) and then started once more
     * @param verifiedNodes acknowledged znodes compared after the restart (all cycles so far)
     * @param verifiedEphemerals ephemerals of live sessions checked present
     * @param verifiedClosed ephemerals of closed sessions checked absent
     * @param zxid the restarted server's zxid ({@code srvr})
     * @param restart from SIGKILL to serving again
     * @param reconnect from serving to every long-lived session being connected again
     * @param total the whole cycle
     */
    public record Cycle(int cycle, long killedPid, long ackedWrites, int inFlight, int inFlightApplied,
            int earlyKillMs, int verifiedNodes, int verifiedEphemerals, int verifiedClosed, long zxid,
            Duration restart, Duration reconnect, Duration total) {
        @Override
        public String toString() {
            return String.format("cycle %d: killed pid %d after %d acked writes (%d in flight, %d applied);%s"
                    + " restart %d ms, reconnect %d ms; verified %d nodes, %d live ephemerals,"
                    + " %d closed-session ephemerals; zxid 0x%x; cycle %d ms", cycle, killedPid,
                    ackedWrites, inFlight, inFlightApplied,
                    earlyKillMs < 0 ? "" : " killed again " + earlyKillMs + " ms into recovery;",
                    restart.toMillis(), reconnect.toMillis(), verifiedNodes, verifiedEphemerals,
                    verifiedClosed, zxid, total.toMillis());
        }
    }

    /** The kinds of violation found. */
    public Set<Violation.Kind> kinds() {
        return violations.isEmpty() ? EnumSet.noneOf(Violation.Kind.class)
                : EnumSet.copyOf(violations.stream().map(Violation::kind).collect(Collectors.toList()));
    }

    /** A multi-line account: seed, every cycle, every kept violation. */
    public String describe() {
        StringBuilder text = new StringBuilder("crash test on " + server + ", seed " + seed + ", "
                + cycles.size() + " cycles, " + violationCount + " violations\n");
        cycles.forEach(c -> text.append("  ").append(c).append('\n'));
        violations.forEach(v -> text.append("  ! ").append(v).append('\n'));
        return text.toString();
    }
}
