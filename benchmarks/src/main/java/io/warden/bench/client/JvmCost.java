package io.warden.bench.client;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What this JVM (the client side) has spent so far: bytes allocated per live thread, process CPU
 * time, and GC collections. Two snapshots give the cost of the window between them.
 *
 * <p>Allocation: {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])} of every
 * live thread, and the window's cost is the sum of per-thread deltas (a thread born inside the
 * window counts from zero; a thread that died inside it is lost, which is why both clients'
 * threads are started before the window). It counts every Java thread of the JVM: driver threads,
 * both clients' I/O and event threads, the coordinator (asleep); not GC or JIT work.
 * CPU: {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime()} of this process, so it
 * includes GC and JIT threads; the server is another process and is not in it.
 *
 * <p>Immutable (the map is a private copy).
 */
record JvmCost(Map<Long, Long> allocatedBytesByThread, long processCpuNanos, long gcCount) {
    JvmCost {
        allocatedBytesByThread = Map.copyOf(allocatedBytesByThread);
    }

    /** A snapshot of now. Callable from any thread. */
    static JvmCost now() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long gcs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
        }
        return new JvmCost(byThread, os.getProcessCpuTime(), gcs);
    }

    /** Whether this JVM can measure per-thread allocation at all. */
    static boolean allocationSupported() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes allocated by the JVM's threads between {@code earlier} and this snapshot. */
    long allocatedSince(JvmCost earlier) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : allocatedBytesByThread.entrySet()) {
            long before = earlier.allocatedBytesByThread.getOrDefault(e.getKey(), 0L);
            sum += Math.max(0, e.getValue() - before);
        }
        return sum;
    }

    long cpuNanosSince(JvmCost earlier) {
        return processCpuNanos - earlier.processCpuNanos;
    }

    long gcCountSince(JvmCost earlier) {
        return gcCount - earlier.gcCount;
    }
}
