package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.protocol.testing.Seeds;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequentialSuffixTest {
    @Test
    void matchesSignedPercent010d() {
        int[] edges = {0, 1, 9, 10, 999_999_999, 1_000_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -9, -10,
            -99_999_999, -100_000_000, -999_999_999, -1_000_000_000, -2_147_483_647};
        for (int c : edges) {
            assertEquals(String.format(Locale.ENGLISH, "%010d", c), SequentialSuffix.format(c), "c=" + c);
        }
        long seed = Seeds.seed("SequentialSuffixTest");
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            int c = rnd.nextInt();
            assertEquals(String.format(Locale.ENGLISH, "%010d", c), SequentialSuffix.format(c), Seeds.describe(seed));
        }
    }
}
