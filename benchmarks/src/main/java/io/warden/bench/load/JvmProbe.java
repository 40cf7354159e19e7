package io.warden.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap of a forked server JVM, with the JDK's {@code jcmd}: a full collection
 * ({@code GC.run}) and then the used heap ({@code GC.heap_info}). Works the same for ZooKeeper
 * and Warden, neither of which has to cooperate. Stateless.
 */
final class JvmProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final long TIMEOUT_S = 120;

    private JvmProbe() {
    }

    /** The used heap in bytes after a full GC of {@code pid}; -1 if jcmd failed. */
    static long liveHeapBytes(long pid) throws InterruptedException {
        if (jcmd(pid, "GC.run") == null) {
            return -1;
        }
        String info = jcmd(pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        Matcher m = USED.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    /**
     * The {@code top} classes by live bytes of {@code pid} ({@code GC.class_histogram}, which
     * collects first), one line each: bytes, instances, class name. Empty if jcmd failed.
     */
    static java.util.List<String> topClasses(long pid, int top) throws InterruptedException {
        String h = jcmd(pid, "GC.class_histogram");
        java.util.List<String> out = new java.util.ArrayList<>();
        if (h == null) {
            return out;
        }
        for (String line : h.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "  1:   123456   7890123  java.lang.String (java.base@17)"
            if (f.length >= 4 && f[0].endsWith(":") && out.size() < top) {
                out.add(f[2] + " B, " + f[1] + " instances, " + f[3]);
            }
        }
        return out;
    }

    private static String jcmd(long pid, String command) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
