package io.warden.compat.peers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalizes what the CLIs print so that transcripts from two servers compare: zxids become
 * offsets from the first zxid in the transcript ({@code Z+3}, so a server that consumes zxids
 * differently still shows), wall-clock times become {@code <time>}, non-zero session ids become
 * {@code <session-1>}, {@code <session-2>} in order of appearance, and C-client latencies become
 * {@code <n>}. Also loads golden transcripts from {@code src/test/resources/peers} and saves
 * actual ones under {@code target/peers-transcripts} for inspection.
 *
 * <p>Stateless and thread-safe: {@link #normalize} keeps its tables in local variables.
 */
final class CliOutput {
    // zkCli.sh Stat lines and the C client's "czxid=3e" / "mzxid=44" lines.
    private static final Pattern ZKCLI_ZXID = Pattern.compile("^(cZxid|mZxid|pZxid) = 0x([0-9a-f]+)$",
            Pattern.MULTILINE);
    private static final Pattern C_ZXID = Pattern.compile("^(\\t(?:czxid|mzxid))=([0-9a-f]+)$", Pattern.MULTILINE);
    private static final Pattern ZKCLI_TIME = Pattern.compile("^(ctime|mtime) = .+$", Pattern.MULTILINE);
    private static final Pattern C_TIME = Pattern.compile("^(\\t(?:ctime = |mtime=)).+$", Pattern.MULTILINE);
    private static final Pattern OWNER = Pattern.compile("(ephemeralOwner = (?:0x)?)([0-9a-f]+)");
    private static final Pattern C_SESSION = Pattern.compile("((?:Got a new session id: 0x|session Id = ))([0-9a-f]+)");
    private static final Pattern C_LATENCY = Pattern.compile("^time = -?\\d+ msec$", Pattern.MULTILINE);

    private CliOutput() {}

    /** The normalized form of {@code text} (see the class javadoc). */
    static String normalize(String text) {
        Map<String, String> sessions = new LinkedHashMap<>();
        long[] base = {-1};
        String out = replaceZxids(text, ZKCLI_ZXID, base, " = ");
        out = replaceZxids(out, C_ZXID, base, "=");
        out = ZKCLI_TIME.matcher(out).replaceAll("$1 = <time>");
        out = C_TIME.matcher(out).replaceAll("$1<time>");
        out = C_LATENCY.matcher(out).replaceAll("time = <n> msec");
        out = replaceSessions(out, OWNER, sessions);
        return replaceSessions(out, C_SESSION, sessions);
    }

    private static String replaceZxids(String text, Pattern pattern, long[] base, String separator) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long zxid = Long.parseUnsignedLong(m.group(2), 16);
            if (base[0] < 0) {
                base[0] = zxid;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + separator + "Z+" + (zxid - base[0])));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replaceSessions(String text, Pattern pattern, Map<String, String> sessions) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String id = m.group(2);
            String label = Long.parseUnsignedLong(id, 16) == 0 ? id
                    : sessions.computeIfAbsent(id, k -> "<session-" + (sessions.size() + 1) + ">");
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + label));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A golden transcript from {@code src/test/resources/peers/name}. */
    static String golden(String name) throws IOException {
        try (InputStream in = CliOutput.class.getResourceAsStream("/peers/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /peers/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code text} to {@code target/peers-transcripts/name} and returns the path. */
    static Path save(String name, String text) throws IOException {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target",
                "peers-transcripts");
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
