package io.warden.compat.diff;

import io.warden.protocol.OpCode;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.response.ReplyFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * Runs a scenario on a target and renders its normalized transcript; compares two targets.
 *
 * <p>Before each run it captures the baseline zxid with a probe session (connect, closeSession:
 * the closeSession reply carries the server's newest zxid), so zxids in the transcript are exact
 * offsets and every consumed zxid counts. After the run every session of the scenario is closed,
 * so nothing expires later and shifts another scenario's zxids.
 *
 * <p>Stateless apart from the wall clock it reads ({@link #WALL_CLOCK}, the one clock this
 * package reads, only to bound plausible ctime/mtime values).
 */
final class DiffRunner {
    /** How long any single expected frame may take. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(
            Long.getLong("warden.diff.replyTimeoutSeconds", 3));
    /** Where transcripts are written, one file per scenario and target. */
    static final Path REPORT_DIR = Path.of("target", "diff-transcripts");

    private static final InstantSource WALL_CLOCK = InstantSource.system();

    private DiffRunner() {
    }

    /** A scenario's normalized transcript on one target. */
    record Run(String target, long baselineZxid, List<String> lines) {
    }

    /** The outcome of running a scenario on a reference and a candidate target. */
    record Comparison(Scenario scenario, Run reference, Run candidate) {
        boolean same() {
            return reference.lines().equals(candidate.lines());
        }

        String diff() {
            return TextDiff.diff(reference.lines(), candidate.lines(),
                    scenario.name() + " on " + reference.target() + " (expected)",
                    scenario.name() + " on " + candidate.target() + " (actual)");
        }
    }

    /** Runs {@code scenario} on {@code reference}, then on {@code candidate}. */
    static Comparison compare(Scenario scenario, Endpoint reference, Endpoint candidate) {
        return new Comparison(scenario, run(scenario, reference), run(scenario, candidate));
    }

    /** Runs {@code scenario} on {@code target} and normalizes what it saw. */
    static Run run(Scenario scenario, Endpoint target) {
        long baseline = baselineZxid(target);
        Transcript transcript = new Transcript();
        long startMs = WALL_CLOCK.millis();
        ScenarioContext ctx = new ScenarioContext(scenario.name(), target, transcript, REPLY_TIMEOUT);
        try {
            scenario.body().run(ctx);
        } catch (ScenarioAbort e) {
            transcript.add(new Transcript.Aborted(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transcript.add(new Transcript.Aborted("interrupted"));
        } catch (Exception e) {
            transcript.add(new Transcript.Aborted(e.getClass().getName() + ": " + e.getMessage()));
        } finally {
            ctx.cleanup();
        }
        long endMs = WALL_CLOCK.millis();
        List<String> lines = new Normalizer(baseline, startMs, endMs).render(transcript);
        return new Run(target.name(), baseline, lines);
    }

    /**
     * The server's newest zxid, read by opening and closing a probe session: the closeSession
     * reply carries the zxid of that closeSession.
     */
    static long baselineZxid(Endpoint target) {
        Transcript scratch = new Transcript();
        RawSession probe = new RawSession("probe", target, scratch, REPLY_TIMEOUT);
        try {
            if (probe.connectNew() == null) {
                throw new IllegalStateException(target.name() + " refused the baseline probe session");
            }
            ReplyFrame reply = probe.call(OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE);
            if (reply == null || reply.header().err() != 0) {
                throw new IllegalStateException(target.name() + " failed closeSession of the probe: " + reply);
            }
            probe.expectClosed();
            return reply.header().zxid();
        } catch (ScenarioAbort e) {
            throw new IllegalStateException(target.name() + ": baseline probe failed: " + e.getMessage()
                    + "; probe transcript: " + scratch.entries(), e);
        } finally {
            probe.cleanup();
        }
    }

    /** Writes both transcripts (and the diff, if any) under {@link #REPORT_DIR}/{@code suite}. */
    static void writeReport(String suite, Comparison comparison) {
        Path dir = REPORT_DIR.resolve(suite);
        String name = comparison.scenario().name();
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + "." + comparison.reference().target() + ".txt"),
                    comparison.reference().lines(), StandardCharsets.UTF_8);
            Files.write(dir.resolve(name + "." + comparison.candidate().target() + ".txt"),
                    comparison.candidate().lines(), StandardCharsets.UTF_8);
            Path diff = dir.resolve(name + ".diff");
            if (comparison.same()) {
                Files.deleteIfExists(diff);
            } else {
                Files.writeString(diff, comparison.diff(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write transcripts to " + dir, e);
        }
    }
}
