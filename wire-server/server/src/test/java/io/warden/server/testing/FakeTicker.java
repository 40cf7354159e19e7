package io.warden.server.testing;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker that moves only when told, and a wall clock that moves with it (from a fixed epoch).
 * Thread-safe (atomic).
 */
public final class FakeTicker extends Ticker implements InstantSource {
    /** 2026-01-01T00:00:00Z: a fixed wall-clock origin. */
    public static final long EPOCH_MS = 1_767_225_600_000L;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(EPOCH_MS + nanos.get() / 1_000_000);
    }
}
