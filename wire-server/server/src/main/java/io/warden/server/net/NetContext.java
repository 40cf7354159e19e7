package io.warden.server.net;

import com.google.common.base.Ticker;
import io.warden.server.ServerConfig;
import io.warden.server.admin.FourLetterWords;
import io.warden.server.admin.ServerStats;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.session.SessionTracker;
import java.time.InstantSource;

/**
 * What every connection of one server shares. Immutable holder; the referenced services are
 * thread-safe.
 */
record NetContext(ServerConfig config, Sequencer sequencer, SessionTracker tracker, OutstandingLimiter limiter,
        ConnectionRegistry registry, ServerStats stats, FourLetterWords fourLetterWords, Ticker ticker,
        InstantSource clock) {
}
