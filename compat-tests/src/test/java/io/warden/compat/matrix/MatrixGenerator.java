package io.warden.compat.matrix;

import io.warden.compat.matrix.Mapping.Placed;
import io.warden.compat.matrix.Mapping.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes {@code compatibility.md}: the client × feature matrix of the compatibility suite, made
 * from the {@link ResultsFile}s the suite recorded, with a header saying when and from what, and
 * the evidence for every cell (each test, its columns and its outcome per server).
 *
 * <p>A cell aggregates the tests {@link Mapping} places in it. Per test: it fails on Warden but
 * not on ZooKeeper (or the differential comparison fails): "Warden differs"; it fails on the
 * reference: "fails on ZooKeeper too"; else it passed on the servers it ran on. A cell shows the
 * worst test's state and how many tests it holds.
 *
 * <p>{@link ResultsListener} calls it after every run; {@link #main} regenerates from saved
 * results without running tests. Stateless apart from the injected clock; thread-safe.
 */
public final class MatrixGenerator {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int MAX_REF_CHARS = 200;
    private static final int MAX_NAMED_RUNS = 8;

    private final InstantSource clock;

    /** A generator that stamps its output with {@code clock}'s time. */
    public MatrixGenerator(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Regenerates a matrix from saved results: {@code MatrixGenerator [resultsDir [output]]},
     * by default {@code compat-tests/target/compat-results} and
     * {@code compat-tests/target/compatibility.md} under the current directory.
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 2) {
            System.err.println("usage: MatrixGenerator [resultsDir [output.md]]");
            System.exit(2);
        }
        Path target = Path.of("compat-tests", "target");
        Path results = args.length > 0 ? Path.of(args[0]) : resultsDir(target);
        Path output = args.length > 1 ? Path.of(args[1]) : matrixFile(target);
        List<ResultsFile> files = ResultsFile.readAll(results);
        if (files.isEmpty()) {
            System.err.println("no results in " + results + ": run the compat-tests suite first");
            System.exit(1);
        }
        String markdown = new MatrixGenerator(InstantSource.system())
                .generate(files, repositoryRoot(output.toAbsolutePath().getParent()));
        Files.writeString(output, markdown, StandardCharsets.UTF_8);
        System.out.println("wrote " + output);
    }

    /** Where results files go under a module's {@code target} directory. */
    static Path resultsDir(Path targetDir) {
        return targetDir.resolve("compat-results");
    }

    /** Where the generated matrix goes under a module's {@code target} directory. */
    static Path matrixFile(Path targetDir) {
        return targetDir.resolve("compatibility.md");
    }

    /** The git checkout {@code <repo>/compat-tests/target} belongs to, if it is one. */
    static Optional<Path> repositoryRoot(Path targetDir) {
        Path module = targetDir.toAbsolutePath().normalize().getParent();
        Path root = module == null ? null : module.getParent();
        return root != null && Files.exists(root.resolve(".git")) ? Optional.of(root) : Optional.empty();
    }

    /** The markdown for {@code files}; {@code repositoryRoot} names the commit in the header. */
    public String generate(List<ResultsFile> files, Optional<Path> repositoryRoot) {
        List<TestResult> all = files.stream().flatMap(file -> file.results().stream()).toList();
        List<Placed> placed = new ArrayList<>();
        List<TestResult> unplaced = new ArrayList<>();
        for (TestResult result : all) {
            Mapping.place(result).ifPresentOrElse(placed::add, () -> unplaced.add(result));
        }
        StringBuilder out = new StringBuilder();
        header(out, files, all, repositoryRoot.flatMap(GitHead::commit));
        matrix(out, placed);
        legend(out);
        details(out, placed);
        unplaced(out, unplaced);
        return out.toString();
    }

    private void header(StringBuilder out, List<ResultsFile> files, List<TestResult> all, Optional<String> commit) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant first = files.stream().map(ResultsFile::recordedAt).min(Instant::compareTo).orElse(now);
        Instant last = files.stream().map(ResultsFile::recordedAt).max(Instant::compareTo).orElse(now);
        out.append("# Compatibility matrix\n\n")
                .append("<!-- Generated by io.warden.compat.matrix.MatrixGenerator: do not edit by hand. -->\n\n")
                .append("Generated ").append(TIME.format(now)).append(" from ").append(all.size())
                .append(" recorded results of ").append(files.size()).append(" test classes of `compat-tests`")
                .append(first.equals(last) ? ", recorded " + TIME.format(first)
                        : ", recorded between " + TIME.format(first) + " and " + TIME.format(last))
                .append(commit.map(c -> ", source tree at commit `" + c + "`").orElse(""))
                .append(".\n\n")
                .append("Every run of the compat-tests suite records each test's outcome on each server in ")
                .append("`compat-tests/target/compat-results/` (the JUnit Platform listener `ResultsListener`) ")
                .append("and, when the run ends, rewrites `compat-tests/target/compatibility.md` from them, ")
                .append("failures included. The servers: **zookeeper** is real Apache ZooKeeper 3.9.5 (the ")
                .append("reference: every scenario is proven on it first), **warden** is Warden, both standalone ")
                .append("on 127.0.0.1; the differential suite runs each scenario on both and compares the ")
                .append("normalized transcripts. A test annotated `@Compat(client, features)` places itself; ")
                .append("the others are placed by the tables in `io.warden.compat.matrix.Mapping` (by package, ")
                .append("class, method or scenario name).\n\n")
                .append("To regenerate: run the suite (`scripts/test.sh`, or only this module: ")
                .append("`mvn -B -pl compat-tests -am verify -Dtest='io/warden/compat/**/*' ")
                .append("-Dsurefire.failIfNoSpecifiedTests=false`), then ")
                .append("`cp compat-tests/target/compatibility.md docs/compatibility.md`. From saved results ")
                .append("alone, without running tests: ")
                .append("`java -cp compat-tests/target/test-classes io.warden.compat.matrix.MatrixGenerator` ")
                .append("in the repository root.\n\n");
    }

    private static void matrix(StringBuilder out, List<Placed> placed) {
        out.append("## Matrix\n\n| client |");
        for (CompatFeature feature : CompatFeature.values()) {
            out.append(' ').append(feature.title()).append(" |");
        }
        out.append("\n| --- |");
        out.append(" --- |".repeat(CompatFeature.values().length));
        out.append('\n');
        for (CompatClient client : CompatClient.values()) {
            out.append("| ").append(client.title()).append(" |");
            for (CompatFeature feature : CompatFeature.values()) {
                List<Placed> inCell = placed.stream()
                        .filter(p -> p.client() == client && p.features().contains(feature)).toList();
                out.append(' ').append(cell(inCell).text()).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private static void legend(StringBuilder out) {
        out.append("Cells, worst first (the number is how many tests the cell holds):\n\n");
        for (CellState state : CellState.values()) {
            out.append("- **").append(state.text()).append("**: ").append(state.meaning()).append('\n');
        }
        out.append('\n');
    }

    private static void details(StringBuilder out, List<Placed> placed) {
        out.append("## Tests behind each row\n\n");
        for (CompatClient client : CompatClient.values()) {
            Map<String, List<Placed>> units = byUnit(placed.stream().filter(p -> p.client() == client).toList());
            out.append("### ").append(client.title()).append("\n\n");
            if (units.isEmpty()) {
                out.append("No tests recorded.\n\n");
                continue;
            }
            out.append("| test | features | result | placed by |\n| --- | --- | --- | --- |\n");
            for (Map.Entry<String, List<Placed>> unit : units.entrySet()) {
                List<Placed> runs = unit.getValue();
                Placed first = runs.get(0);
                String features = first.features().isEmpty() ? "(no column)"
                        : first.features().stream().map(CompatFeature::title).collect(Collectors.joining(", "));
                out.append("| `").append(escape(unit.getKey())).append("` | ").append(features).append(" | ")
                        .append(escape(resultText(runs))).append(" | ").append(first.basis().label()).append(" |\n");
            }
            out.append('\n');
        }
    }

    private static void unplaced(StringBuilder out, List<TestResult> unplaced) {
        out.append("## Not in the matrix\n\n")
                .append("Tests of the harness itself (codec cross-checks against jute, the real-ZooKeeper ")
                .append("harness, the Docker-image reference check, the transcript normalizer and the ")
                .append("ZooKeeper-against-ZooKeeper self check, this generator) and tests no mapping places:\n\n");
        if (unplaced.isEmpty()) {
            out.append("None recorded.\n");
            return;
        }
        Map<String, List<TestResult>> byClass = new TreeMap<>();
        for (TestResult result : unplaced) {
            byClass.computeIfAbsent(result.className(), name -> new ArrayList<>()).add(result);
        }
        out.append("| class | passed | failed | skipped | kind |\n| --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, List<TestResult>> entry : byClass.entrySet()) {
            List<TestResult> results = entry.getValue();
            out.append("| `").append(entry.getKey()).append("` | ")
                    .append(results.stream().filter(r -> r.outcome() == TestResult.Outcome.PASSED).count()).append(" | ")
                    .append(results.stream().filter(r -> r.outcome() == TestResult.Outcome.FAILED).count()).append(" | ")
                    .append(results.stream().filter(r -> r.outcome().skipped()).count()).append(" | ")
                    .append(Mapping.isHarness(results.get(0)) ? "harness" : "unmapped").append(" |\n");
        }
    }

    /** The cell for the tests placed in it. */
    static Cell cell(List<Placed> inCell) {
        Map<String, List<Placed>> units = byUnit(inCell);
        if (units.isEmpty()) {
            return new Cell(CellState.NOT_COVERED, 0, 0);
        }
        Map<CellState, Integer> counts = new EnumMap<>(CellState.class);
        for (List<Placed> runs : units.values()) {
            counts.merge(unitState(runs), 1, Integer::sum);
        }
        CellState worst = counts.keySet().iterator().next(); // EnumMap iterates worst first
        boolean zookeeper = counts.containsKey(CellState.PASS_BOTH) || counts.containsKey(CellState.ZOOKEEPER_ONLY);
        boolean warden = counts.containsKey(CellState.PASS_BOTH) || counts.containsKey(CellState.WARDEN_ONLY);
        if (!worst.failing() && zookeeper && warden) {
            worst = CellState.PASS_BOTH;
        }
        return new Cell(worst, units.size(), counts.getOrDefault(worst, 0));
    }

    /** One test's state over its runs (one per server, or several parameter sets per server). */
    static CellState unitState(List<Placed> runs) {
        boolean referenceFails = false;
        boolean wardenFails = false;
        boolean zookeeperPasses = false;
        boolean wardenPasses = false;
        boolean wardenSkipped = false;
        boolean unknownPasses = false;
        for (Placed run : runs) {
            TestResult.Outcome outcome = run.result().outcome();
            boolean passed = outcome == TestResult.Outcome.PASSED;
            boolean failed = outcome == TestResult.Outcome.FAILED;
            switch (run.target()) {
                case ZOOKEEPER -> {
                    referenceFails |= failed;
                    zookeeperPasses |= passed;
                }
                case WARDEN -> {
                    wardenFails |= failed;
                    wardenPasses |= passed;
                    wardenSkipped |= outcome.skipped();
                }
                case COMPARISON -> {
                    wardenFails |= failed;
                    zookeeperPasses |= passed;
                    wardenPasses |= passed;
                }
                case UNKNOWN -> {
                    referenceFails |= failed;
                    unknownPasses |= passed;
                }
            }
        }
        if (referenceFails) {
            return CellState.REFERENCE_FAILS;
        }
        if (wardenFails) {
            return CellState.WARDEN_DIFFERS;
        }
        if (zookeeperPasses && wardenSkipped && !wardenPasses) {
            return CellState.KNOWN_GAP;
        }
        if (zookeeperPasses && wardenPasses) {
            return CellState.PASS_BOTH;
        }
        if (zookeeperPasses) {
            return CellState.ZOOKEEPER_ONLY;
        }
        if (wardenPasses) {
            return CellState.WARDEN_ONLY;
        }
        return unknownPasses ? CellState.TARGET_NOT_RECORDED : CellState.SKIPPED;
    }

    /** "zookeeper: passed; warden: failed (message)" for one test's runs. */
    static String resultText(List<Placed> runs) {
        Map<Target, List<TestResult>> byTarget = new EnumMap<>(Target.class);
        for (Placed run : runs) {
            byTarget.computeIfAbsent(run.target(), t -> new ArrayList<>()).add(run.result());
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Target, List<TestResult>> entry : byTarget.entrySet()) {
            parts.add(entry.getKey().label() + ": " + outcomeText(entry.getKey(), entry.getValue()));
        }
        return String.join("; ", parts);
    }

    private static String outcomeText(Target target, List<TestResult> results) {
        Map<TestResult.Outcome, Long> counts = results.stream()
                .collect(Collectors.groupingBy(TestResult::outcome, () -> new EnumMap<>(TestResult.Outcome.class),
                        Collectors.counting()));
        String text;
        if (counts.size() == 1) {
            TestResult.Outcome only = counts.keySet().iterator().next();
            text = word(target, only) + runs(results);
        } else {
            text = counts.entrySet().stream().map(e -> e.getValue() + " " + word(target, e.getKey()))
                    .collect(Collectors.joining(", "));
        }
        Optional<String> reason = results.stream()
                .filter(r -> r.outcome() != TestResult.Outcome.PASSED && !r.message().isEmpty())
                .map(r -> (results.size() == 1 || r.invocation().isEmpty() ? "" : r.invocation() + ": ") + r.message())
                .findFirst();
        return text + reason.map(r -> " — " + cap(r)).orElse("");
    }

    /** " (3 runs: 3.5.10 nio, 3.6.4 nio, 3.9.5 nio)", the names only when there are few. */
    private static String runs(List<TestResult> results) {
        if (results.size() == 1) {
            return "";
        }
        boolean named = results.size() <= MAX_NAMED_RUNS && results.stream().noneMatch(r -> r.invocation().isEmpty());
        return " (" + results.size() + " runs"
                + (named ? ": " + results.stream().map(TestResult::invocation).collect(Collectors.joining(", ")) : "")
                + ")";
    }

    private static String word(Target target, TestResult.Outcome outcome) {
        if (target == Target.COMPARISON) {
            return switch (outcome) {
                case PASSED -> "same transcript";
                case FAILED -> "differs";
                case ABORTED, DISABLED -> "skipped";
            };
        }
        return switch (outcome) {
            case PASSED -> "passed";
            case FAILED -> "failed";
            case ABORTED, DISABLED -> "skipped";
        };
    }

    private static Map<String, List<Placed>> byUnit(List<Placed> placed) {
        Map<String, List<Placed>> units = new LinkedHashMap<>();
        for (Placed p : placed) {
            units.computeIfAbsent(p.result().unit(), unit -> new ArrayList<>()).add(p);
        }
        return units;
    }

    private static String cap(String text) {
        return text.length() <= MAX_REF_CHARS ? text : text.substring(0, MAX_REF_CHARS) + "…";
    }

    /** Makes {@code text} safe inside a markdown table cell. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("`", "'")
                .replace("\n", " ").replace("\r", " ");
    }

    /** What a cell says, worst first (the order {@link #cell} relies on). */
    enum CellState {
        WARDEN_DIFFERS("Warden differs", "a test passes on ZooKeeper (or the differential comparison runs)"
                + " but fails on Warden"),
        REFERENCE_FAILS("fails on ZooKeeper too", "a test fails on the reference itself: the test or the"
                + " environment is broken, so it proves nothing about Warden"),
        KNOWN_GAP("known gap", "a test passes on ZooKeeper but is skipped on Warden: a known difference,"
                + " named in the test's skip reason (see the details below)"),
        PASS_BOTH("pass on both", "every test passes on ZooKeeper and on Warden"),
        ZOOKEEPER_ONLY("pass on ZooKeeper only", "the tests here run against ZooKeeper only (Warden is"
                + " covered by the module's own tests, e.g. our client's in recipes)"),
        WARDEN_ONLY("pass on Warden only", "the tests here run against Warden only"),
        TARGET_NOT_RECORDED("pass, server unknown", "tests pass but their server could not be told from"
                + " their names"),
        SKIPPED("skipped", "every test here was skipped (a peer is missing outside CI, or disabled)"),
        NOT_COVERED("not covered", "no test of the suite exercises this client and feature");

        private final String text;
        private final String meaning;

        CellState(String text, String meaning) {
            this.text = text;
            this.meaning = meaning;
        }

        String text() {
            return text;
        }

        String meaning() {
            return meaning;
        }

        /** Whether the cell must show this state even when other tests pass on both. */
        boolean failing() {
            return this == WARDEN_DIFFERS || this == REFERENCE_FAILS || this == KNOWN_GAP;
        }
    }

    /**
     * A matrix cell.
     *
     * @param state the worst state of its tests
     * @param units how many tests it holds
     * @param inState how many of them are in {@code state}
     */
    record Cell(CellState state, int units, int inState) {
        /** The cell's markdown. */
        String text() {
            return switch (state) {
                case NOT_COVERED -> state.text();
                case WARDEN_DIFFERS, REFERENCE_FAILS, KNOWN_GAP ->
                        "**" + state.text() + "** (" + inState + " of " + units + ")";
                default -> state.text() + " (" + units + ")";
            };
        }
    }
}
