package io.warden.protocol.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects netty's "LEAK:" reports while installed: sets {@link ResourceLeakDetector} to PARANOID
 * (every buffer tracked) and listens on the java.util.logging logger that netty uses when no other
 * logging framework is on the class path (the case in wire-protocol's tests). Netty reports a leak
 * only after the collector has reclaimed the buffer and another buffer is allocated, so
 * {@link #collect()} runs the collector and allocates a few times before answering. Netty tracks
 * only direct unpooled buffers and pooled ones, never unpooled heap buffers. Use it together with
 * {@link TrackingAllocator}, which checks its own buffers without the collector (and, holding them
 * strongly, hides them from netty's detector).
 *
 * <p>Thread-safe. Close it to restore the previous level and remove the listener.
 */
public final class LeakReports implements AutoCloseable {
    private static final String LOGGER = ResourceLeakDetector.class.getName();

    private final Logger logger = Logger.getLogger(LOGGER);
    private final ResourceLeakDetector.Level previousLevel = ResourceLeakDetector.getLevel();
    private final List<String> reports = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && message.contains("LEAK")) {
                synchronized (reports) {
                    reports.add(message);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LeakReports() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        logger.addHandler(handler);
    }

    /** Starts listening (and sets the PARANOID level). */
    public static LeakReports install() {
        return new LeakReports();
    }

    /**
     * Runs the collector a few times (bounded) and makes netty poll its leak queue; returns every
     * report seen since {@link #install()}.
     */
    public List<String> collect() {
        // Only leak-aware allocations (direct unpooled, any pooled) make netty poll its queue.
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true, false);
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = alloc.directBuffer(1);
                probe.release();
            }
        }
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    /** Throws an AssertionError if netty reported a leak. */
    public void assertNoLeaks() {
        List<String> found = collect();
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " netty leak report(s):\n" + String.join("\n", found));
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        ResourceLeakDetector.setLevel(previousLevel);
    }
}
