package io.warden.compat.matrix;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded test outcome, as {@link ResultsListener} saw it and {@link ResultsFile} stores it.
 * Raw facts only: where a test lands in the matrix is decided later by {@link Mapping}, so a
 * change to the mapping needs no new test run.
 *
 * @param className the test class (for an inherited test method, the concrete class)
 * @param methodName the test method, or empty for a class that failed or was skipped as a whole
 * @param containers display names of the enclosing containers, outermost first: the class,
 *     nested classes, and the method of a parameterized or dynamic test
 * @param invocation display name of a parameterized invocation or dynamic test, e.g.
 *     {@code "warden"}, {@code "[2] WARDEN"}, {@code "acl-get-set"}; empty for a plain test
 * @param dynamic whether this is a dynamic test ({@code @TestFactory}), whose invocation names a
 *     scenario rather than a parameter set
 * @param outcome how it ended
 * @param message the first line of the failure or skip reason (capped), or empty
 * @param annotation the test's {@link Compat} annotation (method first, then class), if any
 */
public record TestResult(String className, String methodName, List<String> containers, String invocation,
        boolean dynamic, Outcome outcome, String message, Optional<Placement> annotation) {

    /** Longest message kept. */
    static final int MAX_MESSAGE_CHARS = 300;

    public TestResult {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        containers = List.copyOf(containers);
        Objects.requireNonNull(invocation, "invocation");
        Objects.requireNonNull(outcome, "outcome");
        message = firstLine(Objects.requireNonNull(message, "message"));
        Objects.requireNonNull(annotation, "annotation");
    }

    /** The class name without its package (nested classes keep their {@code $}). */
    public String simpleClassName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * What the matrix counts as one test: the method, plus the scenario for a dynamic test.
     * The invocations of a parameterized method (one per server) are one unit.
     */
    public String unit() {
        String base = simpleClassName() + (methodName.isEmpty() ? "" : "." + methodName);
        return dynamic ? base + " › " + invocation : base;
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    /** How a test ended. */
    public enum Outcome {
        PASSED, FAILED, ABORTED, DISABLED;

        /** Whether the test did not run to a verdict (assumption failed, or disabled). */
        public boolean skipped() {
            return this == ABORTED || this == DISABLED;
        }
    }

    /**
     * A row and the columns of the matrix.
     *
     * @param client the row
     * @param features the columns, in column order, without duplicates
     */
    public record Placement(CompatClient client, List<CompatFeature> features) {
        public Placement {
            Objects.requireNonNull(client, "client");
            features = features.stream().distinct().sorted().toList();
        }

        /** The placement an annotation states. */
        static Placement of(Compat compat) {
            return new Placement(compat.client(), List.of(compat.features()));
        }
    }
}
