package io.warden.client.internal;

import com.google.common.base.Ticker;
import java.security.SecureRandom;

/**
 * The client's one provider of real time and fresh randomness; everything else is handed a
 * {@link Ticker} or a seed. Stateless.
 */
public final class SystemSources {
    private SystemSources() {
    }

    /** The monotonic system ticker. */
    public static Ticker ticker() {
        return Ticker.systemTicker();
    }

    /** A fresh random seed (the client logs it so a run can be replayed). */
    public static long freshSeed() {
        return new SecureRandom().nextLong();
    }
}
