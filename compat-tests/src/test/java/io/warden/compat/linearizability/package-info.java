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
 * <h2>Workload</h2>
 * {@link io.warden.compat.linearizability.CasWorkload#run}{@code (connectString, settings,
 * faultInjector)}: N sessions of the official 3.9.5 Java client, one thread each, on one fresh
 * znode, a seeded mix of {@code getData}, {@code sync}+{@code getData}, CAS {@code setData} (from
 * the last version the client saw) and plain {@code setData}; {@code faultInjector} (a
 * {@link java.lang.Runnable}) is called from its own thread every {@code faultInterval} until the
 * duration has passed; then the clients settle and a fresh session does a final sync+read. The
 * {@link io.warden.compat.linearizability.CasWorkload.Report} holds the history, the fault count
 * and fault errors. Tests: {@code WardenLinearizabilityTest} and {@code
 * ZooKeeperLinearizabilityTest} (standalone server forked, SIGKILL + restart every 4 s, 4 clients,
 * 15 s, 2 min under {@code -Psoak}), and {@code ForgetfulServerLinearizabilityTest} (a ZooKeeper
 * that wipes its data on restart must be NOT_LINEARIZABLE).
 *
 * <h2>On an ensemble ("kill -9 the leader")</h2>
 * With {@link io.warden.compat.harness.ForkedEnsemble} {@code ensemble} (already serving):
 * <pre>{@code
 * CasWorkload.Settings settings = CasWorkload.Settings.of(4, Duration.ofSeconds(30), seed)
 *         .withFaultInterval(Duration.ofSeconds(6));
 * CasWorkload.Report report = CasWorkload.run(ensemble.connectString(), settings, () -> {
 *     try {
 *         int leader = ensemble.awaitLeader(Duration.ofSeconds(60));
 *         ensemble.kill(leader);                                  // SIGKILL
 *         ensemble.awaitLeader(Duration.ofSeconds(60));           // the others elect a new one
 *         ensemble.restart(leader);                               // back as a follower
 *     } catch (IOException e) {
 *         throw new UncheckedIOException(e);
 *     }
 * });
 * assertEquals(List.of(), report.faultErrors());
 * LinearizabilityChecker.Result result =
 *         LinearizabilityChecker.check(report.history().withoutPlainReads());
 * assertEquals(LinearizabilityChecker.Verdict.LINEARIZABLE, result.verdict(), result::toString);
 * }</pre>
 * Check {@code history().withoutPlainReads()} there: ZooKeeper serves a plain {@code getData}
 * from the server the session is connected to, which may lag the leader, so across sessions on
 * different servers plain reads are only sequentially consistent and real ZooKeeper may fail the
 * full history (correctly). Writes, CAS and {@code sync}+{@code getData} are expected to be
 * linearizable (ZooKeeper's {@code sync} is not a quorum operation, so a read right after a
 * leader change could in theory still be stale; we have not seen it). Alternatively drop plain
 * reads at the source with {@code settings.withMix(0, 45, 40)}. The fault injector runs on its own
 * thread while the clients keep going; make it return only when the fault is over (restarted).
 * Sessions: 15 s by default ({@code withSessionTimeoutMs}); the clients reconnect through the
 * connect string by themselves. Each run creates its znode ({@code /linearizability-<seed>}), so
 * several runs on one ensemble need different seeds or {@code withPath}.
 *
 * <p>May depend on: the JDK, JUnit 5, the official ZooKeeper client (test scope) and
 * {@link io.warden.compat.harness} (and {@link io.warden.compat.crash} for forked servers in
 * tests). The checker confines its search to the calling thread; the recorder is thread-safe.
 * Every loop and wait is bounded.
 */
package io.warden.compat.linearizability;
