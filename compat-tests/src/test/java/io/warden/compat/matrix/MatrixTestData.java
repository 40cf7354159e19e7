package io.warden.compat.matrix;

import java.util.List;
import java.util.Optional;

/** Results for the matrix tests, shaped as {@link ResultsListener} records them. Stateless. */
final class MatrixTestData {
    private MatrixTestData() {}

    /** A parameterized invocation: {@code [class, method(Kind)]} containers, the kind as invocation. */
    static TestResult invocation(String className, String method, String invocation, TestResult.Outcome outcome) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return new TestResult(className, method, List.of(simple, method + "(Kind)"), invocation, false, outcome,
                outcome == TestResult.Outcome.FAILED ? "expected: <0> but was: <1>\nmore" : "", Optional.empty());
    }

    /** A plain {@code @Test}. */
    static TestResult plain(String className, String method, TestResult.Outcome outcome) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return new TestResult(className, method, List.of(simple), "", false, outcome, "", Optional.empty());
    }

    /** A scenario of the differential suite. */
    static TestResult scenario(String name, TestResult.Outcome outcome) {
        return new TestResult("io.warden.compat.diff.WardenDiffTest", "wardenAnswersLikeZooKeeper",
                List.of("WardenDiffTest", "wardenAnswersLikeZooKeeper()"), name, true, outcome,
                outcome == TestResult.Outcome.FAILED ? "Warden differs from ZooKeeper:" : "", Optional.empty());
    }
}
