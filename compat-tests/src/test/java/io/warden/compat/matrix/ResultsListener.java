package io.warden.compat.matrix;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records every compat-tests result for the compatibility matrix. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}, so the JUnit
 * launcher that surefire runs picks it up for every test class of this module; tests need no
 * annotation to be recorded ({@link Compat} only places them).
 *
 * <p>When the test plan ends (all tests of the surefire run, passed or not) it writes one
 * {@link ResultsFile} per test class into {@code target/compat-results/} and regenerates
 * {@code target/compatibility.md} from every results file there ({@link MatrixGenerator}). So
 * the matrix is written even when tests fail, which is when "Warden differs" matters; a run of
 * a few classes refreshes only their rows' evidence.
 *
 * <p>Besides tests, a container that fails or is skipped as a whole (a failing
 * {@code @BeforeAll}, a disabled class) is recorded once, since its tests never report.
 *
 * <p>Thread-safe: JUnit may call a listener from several threads when tests run in parallel;
 * every method is {@code synchronized}. Holds at most {@link #MAX_RESULTS} results.
 */
public final class ResultsListener implements TestExecutionListener {
    /** Bound on recorded results per run (the suite has a few hundred). */
    static final int MAX_RESULTS = 50_000;

    private final InstantSource clock;
    private final Path targetDir;
    private final Map<String, List<TestResult>> byClass = new LinkedHashMap<>(); // guarded by this
    private TestPlan plan; // guarded by this
    private int count; // guarded by this
    private int dropped; // guarded by this

    /** The instance the JUnit launcher creates: the module's {@code target/}, the system clock. */
    public ResultsListener() {
        this(InstantSource.system(), moduleTargetDir());
    }

    ResultsListener(InstantSource clock, Path targetDir) {
        this.clock = clock;
        this.targetDir = targetDir;
    }

    /** {@code <basedir>/target}: surefire sets {@code basedir} to the module directory. */
    static Path moduleTargetDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target");
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        byClass.clear();
        count = 0;
        dropped = 0;
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier identifier, String reason) {
        if (identifier.isTest() || hasOwnSource(identifier)) {
            record(identifier, TestResult.Outcome.DISABLED, reason == null ? "" : reason);
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        TestResult.Outcome outcome = switch (result.getStatus()) {
            case SUCCESSFUL -> TestResult.Outcome.PASSED;
            case ABORTED -> TestResult.Outcome.ABORTED;
            case FAILED -> TestResult.Outcome.FAILED;
        };
        if (identifier.isTest() || (outcome != TestResult.Outcome.PASSED && hasOwnSource(identifier))) {
            String message = result.getThrowable().map(ResultsListener::describe).orElse("");
            record(identifier, outcome, message);
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        if (byClass.isEmpty()) {
            return;
        }
        Path resultsDir = MatrixGenerator.resultsDir(targetDir);
        Instant recordedAt = clock.instant();
        try {
            for (Map.Entry<String, List<TestResult>> entry : byClass.entrySet()) {
                new ResultsFile(entry.getKey(), recordedAt, entry.getValue()).writeTo(resultsDir);
            }
            String markdown = new MatrixGenerator(clock).generate(ResultsFile.readAll(resultsDir),
                    MatrixGenerator.repositoryRoot(targetDir));
            Files.createDirectories(targetDir);
            Files.writeString(MatrixGenerator.matrixFile(targetDir), markdown, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // A listener must not throw into the launcher; say so where the build log shows it.
            System.err.println("compat matrix: cannot write results or " + MatrixGenerator.matrixFile(targetDir) + ": " + e);
        }
        if (dropped > 0) {
            System.err.println("compat matrix: " + dropped + " results beyond " + MAX_RESULTS + " were not recorded");
        }
        byClass.clear();
        plan = null;
    }

    private void record(TestIdentifier identifier, TestResult.Outcome outcome, String message) {
        if (plan == null) {
            return;
        }
        if (count >= MAX_RESULTS) {
            dropped++;
            return;
        }
        Optional<MethodSource> method = nearest(identifier, MethodSource.class);
        Optional<ClassSource> type = nearest(identifier, ClassSource.class);
        String className = method.map(MethodSource::getClassName)
                .or(() -> type.map(ClassSource::getClassName)).orElse("");
        if (className.isEmpty()) {
            return;
        }
        // A plain @Test sits right under its class; a parameterized invocation or a dynamic test
        // sits under its method (or a dynamic container), and its display name says which one.
        boolean plain = plan.getParent(identifier).flatMap(TestIdentifier::getSource)
                .filter(ClassSource.class::isInstance).isPresent();
        List<String> containers = new ArrayList<>();
        for (TestIdentifier parent : ancestors(identifier)) {
            if (parent.getSource().isPresent()) {
                containers.add(parent.getDisplayName());
            }
        }
        String invocation = plain || !identifier.isTest() ? "" : identifier.getDisplayName();
        boolean dynamic = identifier.getUniqueIdObject().getLastSegment().getType().startsWith("dynamic-");
        TestResult result = new TestResult(className, method.map(MethodSource::getMethodName).orElse(""),
                containers, invocation, dynamic, outcome, message, annotation(method, type));
        byClass.computeIfAbsent(className, name -> new ArrayList<>()).add(result);
        count++;
    }

    /** Parents of {@code identifier} below the engine, outermost first. */
    private List<TestIdentifier> ancestors(TestIdentifier identifier) {
        List<TestIdentifier> chain = new ArrayList<>();
        Optional<TestIdentifier> parent = plan.getParent(identifier);
        while (parent.isPresent() && plan.getParent(parent.get()).isPresent()) {
            chain.add(0, parent.get());
            parent = plan.getParent(parent.get());
        }
        return chain;
    }

    /** The source of {@code identifier} or of its nearest ancestor that has one of {@code type}. */
    private <S extends TestSource> Optional<S> nearest(TestIdentifier identifier, Class<S> type) {
        Optional<TestIdentifier> current = Optional.of(identifier);
        while (current.isPresent()) {
            Optional<TestSource> source = current.get().getSource();
            if (source.isPresent() && type.isInstance(source.get())) {
                return Optional.of(type.cast(source.get()));
            }
            current = plan.getParent(current.get());
        }
        return Optional.empty();
    }

    private static boolean hasOwnSource(TestIdentifier identifier) {
        return identifier.getSource()
                .filter(source -> source instanceof ClassSource || source instanceof MethodSource).isPresent();
    }

    /** The method's {@link Compat}, else the class's, if the classes load. */
    private static Optional<TestResult.Placement> annotation(Optional<MethodSource> method, Optional<ClassSource> type) {
        List<AnnotatedElement> elements = new ArrayList<>();
        try {
            method.ifPresent(source -> {
                elements.add(source.getJavaMethod());
                elements.add(source.getJavaClass());
            });
            type.ifPresent(source -> elements.add(source.getJavaClass()));
        } catch (RuntimeException | LinkageError e) {
            // The class did not load (it failed to initialize): no annotation to read.
        }
        return elements.stream().map(element -> element.getAnnotation(Compat.class))
                .filter(compat -> compat != null).findFirst().map(TestResult.Placement::of);
    }

    private static String describe(Throwable throwable) {
        String message = throwable.getMessage();
        String name = throwable.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        // An assertion's message says it all; for anything else the type is part of the story.
        return throwable instanceof AssertionError ? message.strip() : name + ": " + message.strip();
    }
}
