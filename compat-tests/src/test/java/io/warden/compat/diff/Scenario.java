package io.warden.compat.diff;

import java.util.Objects;

/**
 * One differential scenario: a name (also its path prefix, {@code /name}) and a body that drives
 * sessions through a {@link ScenarioContext}. The body must be deterministic given the server's
 * answers: same requests in the same order, waits only for frames it expects.
 *
 * <p>Immutable.
 */
record Scenario(String name, Body body) {
    /** A scenario body. */
    @FunctionalInterface
    interface Body {
        void run(ScenarioContext ctx) throws Exception;
    }

    Scenario {
        Objects.requireNonNull(body, "body");
        if (!name.matches("[a-zA-Z0-9-]+")) {
            throw new IllegalArgumentException("scenario names are path segments: " + name);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
