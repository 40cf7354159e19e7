package io.warden.bench.load;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A {@link Driver} whose results live in one {@link Tally} and that leaves no persistent znodes
 * behind (the connector, the lock contenders, the fan-out writer): the result accessors read the
 * tally, so each driver only implements {@link #drive} and {@link #drain}. Thread-safe as its
 * tally is.
 */
abstract class TalliedDriver implements Driver {
    /** Where the subclass records every operation. */
    protected final Tally tally = new Tally();

    @Override
    public final Histogram latencies() {
        return tally.latencies();
    }

    @Override
    public final long measuredOk() {
        return tally.measuredOk();
    }

    @Override
    public final long measuredErrors() {
        return tally.measuredErrors();
    }

    @Override
    public final Map<String, Long> errorsByCode() {
        return tally.errorsByCode();
    }

    @Override
    public List<String> createdPaths() {
        return List.of();
    }
}
