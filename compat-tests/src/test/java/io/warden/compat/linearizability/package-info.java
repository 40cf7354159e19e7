/**
 * Linearizability of one znode under concurrent clients and faults (issue #6, "Linearizability"):
 * a history model, a checker, and a workload that records histories from the official
 * ZooKeeper 3.9.5 Java client.
 *
 * <h2>History model</h2>
 * {@link io.warden.compat.linearizability.Op}: client ({@code process}), {@link
 * io.warden.compat.linearizability.Op.Call} (read = {@code getData}, sync+read, write =
 * {@code setData(v, -1)}, cas = {@code setData(v, expectedVersion)}), invoke and complete times
 * from one monotonic clock, and an outcome: OK (took effect, with the answer), FAIL (definitely did
 * not take effect: {@code BADVERSION}, which is also an observation that the version differed), or
 * INFO (unknown: {@code CONNECTIONLOSS}, {@code SESSIONEXPIRED}, {@code OPERATIONTIMEOUT}, still
 * pending at the end; completion time +infinity). {@link io.warden.compat.linearizability.History}
 * holds them with the znode's initial state; {@link
 * io.warden.compat.linearizability.HistoryRecorder} records one from many client threads.
 *
 * <h2>Checker</h2>
 * {@link io.warden.compat.linearizability.LinearizabilityChecker}: Wing &amp; Gong linear search
 * with Lowe's memoization of (linearized set, state), the set held as two 64-bit Zobrist hashes;
 * the model is a znode's (data, version) with ZooKeeper's setData/CAS/getData semantics. Bounded in
 * time and cache entries ({@link io.warden.compat.linearizability.LinearizabilityChecker.Bounds},
 * default 60 s / 4 M entries): beyond them it answers INCONCLUSIVE. A NOT_LINEARIZABLE answer
 * carries a counterexample: the deepest path's last operations and state, the operation that
 * could not be placed and those concurrent with it. Its own tests: hand-made anomalies and legal
 * concurrency ({@code LinearizabilityCheckerTest}), simulated histories with and without one
 * corrupted result, and agreement with an exhaustive search on 1500 small histories
 * ({@code RandomizedCheckerTest}).
 *
 * <p>May depend on: the JDK, JUnit 5, the official ZooKeeper client (test scope) and
 * {@link io.warden.compat.harness} (and {@link io.warden.compat.crash} for forked servers in
 * tests). The checker confines its search to the calling thread; the recorder is thread-safe.
 * Every loop and wait is bounded.
 */
package io.warden.compat.linearizability;
