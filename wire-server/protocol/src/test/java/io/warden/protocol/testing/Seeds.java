package io.warden.protocol.testing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place where tests pick a random seed. A test takes {@link #seed()} once, prints it with
 * {@link #describe(long)} and puts that text in every assertion message; rerunning with
 * {@code -Dwarden.seed=<seed>} (decimal or 0x-hex) reproduces the run exactly.
 *
 * <p>Stateless and thread-safe.
 */
public final class Seeds {
    /** System property that fixes the seed of every seeded test. */
    public static final String PROPERTY = "warden.seed";
    /** System property that turns on the larger soak runs ({@code mvn -Psoak}). */
    public static final String SOAK_PROPERTY = "warden.soak";

    private Seeds() {
    }

    /** {@code -Dwarden.seed} if set, else a fresh random seed. */
    public static long seed() {
        String fixed = System.getProperty(PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.decode(fixed.trim());
        }
        return ThreadLocalRandom.current().nextLong();
    }

    /** A seed for {@code testName}, printed to stdout so that it appears in the surefire report. */
    public static long seed(String testName) {
        long seed = seed();
        System.out.println(testName + ": " + describe(seed));
        return seed;
    }

    /** "seed=N (rerun with -Dwarden.seed=N)", for assertion messages. */
    public static String describe(long seed) {
        return "seed=" + seed + " (rerun with -D" + PROPERTY + "=" + seed + ")";
    }

    /** True when {@code -Dwarden.soak=true} (the {@code soak} Maven profile). */
    public static boolean soak() {
        return Boolean.parseBoolean(System.getProperty(SOAK_PROPERTY));
    }
}
