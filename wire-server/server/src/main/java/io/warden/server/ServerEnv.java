package io.warden.server;

import com.google.common.base.Ticker;
import io.warden.server.sequencer.Entropy;
import java.time.InstantSource;

/**
 * Every nondeterministic input of a server, injected once: the monotonic {@link Ticker} (session
 * expiry, latencies), the wall clock (transaction times, session ids) and the random source
 * (session passwords). Tests pass a fake ticker, a fixed clock and a seeded source. Immutable;
 * the parts are thread-safe as documented by their types.
 */
public record ServerEnv(Ticker ticker, InstantSource wallClock, Entropy entropy) {
    /** The real clocks and a secure random source. */
    public static ServerEnv system() {
        return new ServerEnv(Ticker.systemTicker(), InstantSource.system(), Entropy.secure());
    }
}
