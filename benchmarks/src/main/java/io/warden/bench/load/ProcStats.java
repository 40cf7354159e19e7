package io.warden.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads a process's CPU time and resident set size from Linux {@code /proc}, by PID. Stateless
 * apart from the clock-tick rate read once at construction; thread-safe.
 */
public final class ProcStats {
    private final long clockTicksPerSecond;

    public ProcStats() {
        this.clockTicksPerSecond = readClockTicks();
    }

    /** User plus system CPU time of {@code pid} so far, all threads, in nanoseconds; -1 if unknown. */
    public long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may contain spaces: fields are counted after its ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return (utime + stime) * (1_000_000_000L / clockTicksPerSecond);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size of {@code pid} in bytes (VmRSS); -1 if unknown. */
    public long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The resolution of {@link #cpuNanos}, in nanoseconds. */
    public long cpuResolutionNanos() {
        return 1_000_000_000L / clockTicksPerSecond;
    }

    private static long readClockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            if (p.waitFor(5, TimeUnit.SECONDS)) {
                String out = new String(p.getInputStream().readAllBytes()).trim();
                long v = Long.parseLong(out);
                if (v > 0 && v <= 1_000_000_000L) {
                    return v;
                }
            } else {
                p.destroyForcibly();
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the Linux default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
