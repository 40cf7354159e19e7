package io.warden.compat.linearizability;

import java.io.IOException;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link History} as a text file, one operation per line, so that a failing run's history can
 * be kept next to its logs and checked again offline. Format (tab-separated, values URL-encoded,
 * {@code ~} for none):
 * <pre>
 * initial VALUE VERSION
 * PROCESS CALL EXPECTED VALUE OUTCOME RESULT VERSION INVOKE COMPLETE
 * </pre>
 * with CALL one of {@code read sync-read write cas}, OUTCOME {@code OK FAIL INFO}, RESULT the read
 * value, the error code or the INFO reason, VERSION the read or written version, COMPLETE
 * {@code inf} for INFO.
 *
 * <p>Stateless.
 */
public final class HistoryFile {
    private static final String NONE = "~"; // URLEncoder escapes ~, so no value encodes to it

    private HistoryFile() {}

    /** Writes {@code history} to {@code file}. */
    public static void write(History history, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join("\t", "initial", encode(history.initial().value()),
                    Integer.toString(history.initial().version())) + "\n");
            for (Op op : history.ops()) {
                String call;
                String expected = NONE;
                String value = NONE;
                if (op.call() instanceof Op.Call.Read) {
                    call = "read";
                } else if (op.call() instanceof Op.Call.SyncRead) {
                    call = "sync-read";
                } else if (op.call() instanceof Op.Call.Write w) {
                    call = "write";
                    value = encode(w.value());
                } else {
                    Op.Call.Cas cas = (Op.Call.Cas) op.call();
                    call = "cas";
                    expected = Integer.toString(cas.expectedVersion());
                    value = encode(cas.value());
                }
                String result;
                String version = NONE;
                if (op.result() instanceof Op.Result.Observed seen) {
                    result = encode(seen.value());
                    version = Integer.toString(seen.version());
                } else if (op.result() instanceof Op.Result.Written written) {
                    result = NONE;
                    version = Integer.toString(written.newVersion());
                } else if (op.result() instanceof Op.Result.Failed failed) {
                    result = encode(failed.code());
                } else {
                    result = encode(((Op.Result.Unknown) op.result()).reason());
                }
                String complete = op.completeNanos() == Op.NEVER ? "inf" : Long.toString(op.completeNanos());
                out.write(String.join("\t", Integer.toString(op.process()), call, expected, value,
                        op.outcome().name(), result, version, Long.toString(op.invokeNanos()), complete) + "\n");
            }
        }
    }

    /** Reads a history {@link #write} wrote. */
    public static History read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        String[] head = lines.get(0).split("\t", -1);
        if (head.length != 3 || !head[0].equals("initial")) {
            throw new IOException(file + ": bad first line " + lines.get(0));
        }
        Op.Result.Observed initial = new Op.Result.Observed(decode(head[1]), Integer.parseInt(head[2]));
        List<Op> ops = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != 9) {
                throw new IOException(file + ":" + (i + 1) + ": expected 9 fields: " + lines.get(i));
            }
            Op.Call call = switch (f[1]) {
                case "read" -> new Op.Call.Read();
                case "sync-read" -> new Op.Call.SyncRead();
                case "write" -> new Op.Call.Write(decode(f[3]));
                case "cas" -> new Op.Call.Cas(Integer.parseInt(f[2]), decode(f[3]));
                default -> throw new IOException(file + ":" + (i + 1) + ": unknown call " + f[1]);
            };
            Op.Outcome outcome = Op.Outcome.valueOf(f[4]);
            boolean read = call instanceof Op.Call.Read || call instanceof Op.Call.SyncRead;
            Op.Result result = switch (outcome) {
                case OK -> read ? new Op.Result.Observed(decode(f[5]), Integer.parseInt(f[6]))
                        : new Op.Result.Written(Integer.parseInt(f[6]));
                case FAIL -> new Op.Result.Failed(decode(f[5]));
                case INFO -> new Op.Result.Unknown(decode(f[5]));
            };
            long complete = f[8].equals("inf") ? Op.NEVER : Long.parseLong(f[8]);
            ops.add(new Op(i - 1, Integer.parseInt(f[0]), call, outcome, result, Long.parseLong(f[7]), complete));
        }
        return History.of(initial, ops);
    }

    private static String encode(String value) {
        return value == null ? NONE : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String field) {
        return field.equals(NONE) ? null : URLDecoder.decode(field, StandardCharsets.UTF_8);
    }
}
