package io.warden.protocol.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled allocator that remembers every buffer it hands out, so that a test can assert that
 * all of them were released ({@link #assertAllReleased()}), independently of when the garbage
 * collector runs. Set it on an {@code EmbeddedChannel} with
 * {@code channel.config().setAllocator(...)} and allocate the test's own input buffers from it.
 * Because it holds every buffer strongly, netty's own leak detector never reports them; that is
 * what {@link LeakReports} is for (buffers allocated elsewhere).
 *
 * <p>Thread-safe (allocation bookkeeping is synchronized); meant for one test at a time.
 */
public final class TrackingAllocator implements ByteBufAllocator {
    private final ByteBufAllocator delegate;
    private final List<ByteBuf> allocated = new ArrayList<>();

    /** Heap buffers: fast, and invisible to netty's leak detector (checked here instead). */
    public TrackingAllocator() {
        this(false);
    }

    /** {@code direct}: prefer direct buffers for buffer(), ioBuffer() and {@link #copyOf}. */
    public TrackingAllocator(boolean direct) {
        this.delegate = new UnpooledByteBufAllocator(direct, false);
    }

    private synchronized <T extends ByteBuf> T track(T buf) {
        allocated.add(buf);
        return buf;
    }

    /** Number of buffers handed out so far. */
    public synchronized int allocatedCount() {
        return allocated.size();
    }

    /** Buffers handed out whose reference count is not zero yet. */
    public synchronized List<ByteBuf> unreleased() {
        List<ByteBuf> live = new ArrayList<>();
        for (ByteBuf b : allocated) {
            if (b.refCnt() != 0) {
                live.add(b);
            }
        }
        return live;
    }

    /** Throws an AssertionError naming the buffers that were not released. */
    public void assertAllReleased() {
        List<ByteBuf> live = unreleased();
        if (!live.isEmpty()) {
            StringBuilder sb = new StringBuilder(live.size() + " of " + allocatedCount()
                    + " buffers not released:");
            for (ByteBuf b : live) {
                sb.append("\n  ").append(b).append(" refCnt=").append(b.refCnt());
            }
            throw new AssertionError(sb.toString());
        }
    }

    /** A buffer (heap or direct as preferred) holding a copy of {@code bytes[from, to)}. */
    public ByteBuf copyOf(byte[] bytes, int from, int to) {
        return buffer(Math.max(to - from, 1)).writeBytes(bytes, from, to - from);
    }

    public ByteBuf copyOf(byte[] bytes) {
        return copyOf(bytes, 0, bytes.length);
    }

    @Override
    public ByteBuf buffer() {
        return track(delegate.buffer());
    }

    @Override
    public ByteBuf buffer(int initialCapacity) {
        return track(delegate.buffer(initialCapacity));
    }

    @Override
    public ByteBuf buffer(int initialCapacity, int maxCapacity) {
        return track(delegate.buffer(initialCapacity, maxCapacity));
    }

    @Override
    public ByteBuf ioBuffer() {
        return track(delegate.ioBuffer());
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity) {
        return track(delegate.ioBuffer(initialCapacity));
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.ioBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public ByteBuf heapBuffer() {
        return track(delegate.heapBuffer());
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity) {
        return track(delegate.heapBuffer(initialCapacity));
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public ByteBuf directBuffer() {
        return track(delegate.directBuffer());
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity) {
        return track(delegate.directBuffer(initialCapacity));
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public CompositeByteBuf compositeBuffer() {
        return track(delegate.compositeBuffer());
    }

    @Override
    public CompositeByteBuf compositeBuffer(int maxNumComponents) {
        return track(delegate.compositeBuffer(maxNumComponents));
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer() {
        return track(delegate.compositeHeapBuffer());
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return track(delegate.compositeHeapBuffer(maxNumComponents));
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer() {
        return track(delegate.compositeDirectBuffer());
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return track(delegate.compositeDirectBuffer(maxNumComponents));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
        return delegate.calculateNewCapacity(minNewCapacity, maxCapacity);
    }
}
