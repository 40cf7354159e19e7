package io.warden.server.state;

import io.warden.protocol.data.Bytes;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The data string of a quota node, {@code zookeeper_limits} or {@code zookeeper_stats}, in the
 * format of ZooKeeper's {@code StatsTrack}: {@code key=value} pairs separated by {@code ,} or
 * {@code ;}. It prints {@code count} and {@code bytes} first (-1 when absent) and, only when
 * other keys exist, {@code =} and then each other key as {@code ;key=value} in key order. So a
 * stats node reads {@code count=4,bytes=15} and zkCli 3.7+'s limits
 * {@code count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1} (pinned against ZooKeeper 3.9.5 by
 * ZkCliTest#quotasAreListedWithTheirUsage and QuotaScenarios).
 *
 * <p>Parsing is lenient where ZooKeeper throws (a pair without {@code =}, a value that is not a
 * long): such a pair is skipped, because an exception inside apply would stop the server. An empty
 * value reads as -1, as in ZooKeeper.
 *
 * <p>Immutable.
 */
record QuotaTrack(Map<String, Long> values) {
    static final String COUNT = "count";
    static final String BYTES = "bytes";
    static final String COUNT_HARD_LIMIT = "countHardLimit";
    static final String BYTE_HARD_LIMIT = "byteHardLimit";
    private static final Pattern PAIRS = Pattern.compile("[,;]+");
    /** Longest data string parsed; a quota node's data is a few dozen bytes. */
    private static final int MAX_PARSED_CHARS = 4096;

    QuotaTrack {
        values = Map.copyOf(values);
    }

    /** Parses a node's data (null and empty give no keys). */
    static QuotaTrack parse(Bytes data) {
        TreeMap<String, Long> values = new TreeMap<>();
        if (data == null || data.length() == 0) {
            return new QuotaTrack(values);
        }
        String text = data.toUtf8();
        if (text.length() > MAX_PARSED_CHARS) {
            text = text.substring(0, MAX_PARSED_CHARS);
        }
        for (String pair : PAIRS.split(text)) {
            String[] kv = pair.split("=");
            if (kv.length < 2) {
                continue;
            }
            try {
                values.put(kv[0], kv[1].isEmpty() ? -1L : Long.parseLong(kv[1]));
            } catch (NumberFormatException e) {
                // ZooKeeper would throw here; skip the pair (see the class comment).
            }
        }
        return new QuotaTrack(values);
    }

    /** Usage only: {@code count=N,bytes=M}. */
    static QuotaTrack usage(long count, long bytes) {
        return new QuotaTrack(Map.of(COUNT, count, BYTES, bytes));
    }

    long count() {
        return get(COUNT);
    }

    long bytes() {
        return get(BYTES);
    }

    long countHardLimit() {
        return get(COUNT_HARD_LIMIT);
    }

    long byteHardLimit() {
        return get(BYTE_HARD_LIMIT);
    }

    private long get(String key) {
        Long value = values.get(key);
        return value == null ? -1 : value;
    }

    /** This track with count and bytes moved by the given differences (other keys kept). */
    QuotaTrack plus(long countDiff, long bytesDiff) {
        TreeMap<String, Long> next = new TreeMap<>(values);
        next.put(COUNT, count() + countDiff);
        next.put(BYTES, bytes() + bytesDiff);
        return new QuotaTrack(next);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(COUNT).append('=').append(count()).append(',').append(BYTES).append('=').append(bytes());
        TreeMap<String, Long> others = new TreeMap<>(values);
        others.remove(COUNT);
        others.remove(BYTES);
        if (!others.isEmpty()) {
            // The extra '=' keeps the string readable by pre-3.7 parsers: "count=-1,bytes=-1=".
            out.append('=');
            others.forEach((key, value) -> out.append(';').append(key).append('=').append(value));
        }
        return out.toString();
    }

    Bytes toBytes() {
        return Bytes.utf8(toString());
    }
}
