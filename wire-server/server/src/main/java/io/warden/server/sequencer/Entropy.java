package io.warden.server.sequencer;

import java.security.SecureRandom;
import java.util.OptionalLong;
import java.util.Random;

/**
 * The server's one source of randomness (session passwords). {@link #secure()} draws from the
 * operating system and is what a real server uses: its seed is not printed, because anyone who
 * knew it could compute every session's password. {@link #seeded(long)} is reproducible for
 * tests and simulations, which print the seed.
 *
 * <p>Thread-safe ({@link Random} and {@link SecureRandom} are); in a server only the stamper, on
 * the apply thread, draws from it.
 */
public final class Entropy {
    private final Random random;
    private final OptionalLong seed;

    private Entropy(Random random, OptionalLong seed) {
        this.random = random;
        this.seed = seed;
    }

    /** Unpredictable bytes from the platform's {@link SecureRandom}. */
    public static Entropy secure() {
        return new Entropy(new SecureRandom(), OptionalLong.empty());
    }

    /** A reproducible sequence for tests. */
    public static Entropy seeded(long seed) {
        return new Entropy(new Random(seed), OptionalLong.of(seed));
    }

    public void nextBytes(byte[] out) {
        random.nextBytes(out);
    }

    /** The seed of a seeded source. */
    public OptionalLong seed() {
        return seed;
    }
}
