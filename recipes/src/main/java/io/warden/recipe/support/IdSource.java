package io.warden.recipe.support;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;

/**
 * Where recipes get the random uuids of protected names and the choices of randomized provider
 * strategies. {@link #secure()} is the one place that draws fresh entropy; tests pass
 * {@link #seeded(long)} to replay a run. Implementations are thread-safe.
 */
public interface IdSource {
    /** A random (version 4) uuid. */
    UUID nextUuid();

    /** A random int in {@code [0, bound)}. */
    int nextInt(int bound);

    /** Fresh entropy from {@link SecureRandom}: the default. */
    static IdSource secure() {
        return fromRandom(new SecureRandom());
    }

    /** A reproducible source; uuids are unique within the source but predictable. */
    static IdSource seeded(long seed) {
        return fromRandom(new Random(seed));
    }

    /** A source backed by {@code random} (java.util.Random and SecureRandom are thread-safe). */
    static IdSource fromRandom(Random random) {
        return new IdSource() {
            @Override
            public UUID nextUuid() {
                byte[] b = new byte[16];
                random.nextBytes(b);
                b[6] = (byte) ((b[6] & 0x0f) | 0x40);
                b[8] = (byte) ((b[8] & 0x3f) | 0x80);
                long msb = 0;
                long lsb = 0;
                for (int i = 0; i < 8; i++) {
                    msb = (msb << 8) | (b[i] & 0xff);
                    lsb = (lsb << 8) | (b[i + 8] & 0xff);
                }
                return new UUID(msb, lsb);
            }

            @Override
            public int nextInt(int bound) {
                return random.nextInt(bound);
            }
        };
    }
}
