package io.warden.server.raft;

import io.warden.server.persist.Inspect;
import io.warden.server.txn.StampedTxn;
import io.warden.server.txn.TxnBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.util.SizeInBytes;

/**
 * {@code warden-server inspect log DIR}: prints the entries of a Ratis log directory (dataLogDir,
 * its {@code raft} directory, or any directory below holding segment files), one line per log
 * entry and, for entries carrying a batch, one line per transaction (like ZooKeeper's
 * LogFormatter). A torn or corrupt record ends the listing of its segment with a note (Ratis
 * itself drops a torn tail of the open segment at start-up). Read-only. Stateless.
 */
public final class RaftLogFiles {
    /** Largest log entry read (Ratis's own default limit is lower; ours must fit a full batch). */
    private static final SizeInBytes MAX_ENTRY = SizeInBytes.valueOf("256MB");
    private static final int MAX_DEPTH = 5;

    private RaftLogFiles() {
    }

    /** The segment files under {@code dir}, in index order. */
    public static List<LogSegmentPath> segments(Path dir) throws IOException {
        List<LogSegmentPath> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                LogSegmentPath segment = LogSegmentPath.matchLogSegment(p);
                if (segment != null) {
                    out.add(segment);
                }
            });
        }
        out.sort(Comparator.comparingLong(s -> startIndex(s.getPath())));
        return out;
    }

    /** The first index in a segment file's name: log_START-END or log_inprogress_START. */
    private static long startIndex(Path file) {
        String name = file.getFileName().toString();
        String digits = name.startsWith("log_inprogress_") ? name.substring("log_inprogress_".length())
                : name.substring("log_".length(), name.indexOf('-'));
        return Long.parseLong(digits);
    }

    /** Reads every entry of every segment under {@code dir}, in order. */
    public static void forEachEntry(Path dir, java.util.function.Consumer<LogEntryProto> action) throws IOException {
        for (LogSegmentPath segment : segments(dir)) {
            LogSegment.readSegmentFile(segment.getPath().toFile(), segment.getStartEnd(), MAX_ENTRY,
                    RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION, null, action);
        }
    }

    /** Prints the log under {@code dir}; returns the {@link Inspect} exit code. */
    public static int print(Path dir, PrintStream out, PrintStream err) {
        long[] counts = new long[2];
        try {
            List<LogSegmentPath> segments = segments(dir);
            out.println("Warden Ratis log " + dir + ": " + segments.size() + " segment files");
            boolean corrupt = false;
            for (LogSegmentPath segment : segments) {
                out.println("segment " + segment.getPath().getFileName() + " (" + segment.getStartEnd() + ")");
                try {
                    LogSegment.readSegmentFile(segment.getPath().toFile(), segment.getStartEnd(), MAX_ENTRY,
                            RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION, null, e -> entry(e, out, counts));
                } catch (IOException | UncheckedIOException | IllegalStateException e) {
                    corrupt = true;
                    out.println("  corrupt or torn record after the entries above: " + e.getMessage());
                }
            }
            out.println("EOF reached after " + counts[0] + " entries, " + counts[1] + " txns");
            return corrupt ? Inspect.EXIT_CORRUPT : 0;
        } catch (IOException | RuntimeException e) {
            out.flush();
            err.println("warden-server inspect: " + e.getMessage());
            return Inspect.EXIT_CORRUPT;
        }
    }

    private static void entry(LogEntryProto e, PrintStream out, long[] counts) {
        counts[0]++;
        String prefix = "index " + e.getIndex() + " term " + e.getTerm() + ": ";
        switch (e.getLogEntryBodyCase()) {
            case STATEMACHINELOGENTRY -> {
                TxnBatch batch;
                try {
                    batch = LogPayload.decode(e.getStateMachineLogEntry().getLogData());
                } catch (RuntimeException ex) {
                    out.println(prefix + "undecodable batch: " + ex.getMessage());
                    return;
                }
                out.println(prefix + "batch of " + batch.size() + " txns");
                for (StampedTxn t : batch.txns()) {
                    out.println("  " + Inspect.describe(t));
                    counts[1]++;
                }
            }
            case CONFIGURATIONENTRY -> out.println(prefix + "configuration " + e.getConfigurationEntry().getPeersList()
                    .stream().map(p -> p.getId().toStringUtf8() + "@" + p.getAddress()).toList());
            case METADATAENTRY -> out.println(prefix + "metadata, commit index "
                    + e.getMetadataEntry().getCommitIndex());
            default -> out.println(prefix + e.getLogEntryBodyCase());
        }
    }
}
