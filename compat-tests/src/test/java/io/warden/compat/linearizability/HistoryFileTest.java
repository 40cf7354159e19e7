package io.warden.compat.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HistoryFile} round trip: every call, outcome and result kind, odd values, absent. */
class HistoryFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip() throws Exception {
        History simulated = SimulatedHistories.generate(3, 500, 4, 5);
        List<Op> extra = List.of(
                new Op(0, 9, new Op.Call.Write("-"), Op.Outcome.OK, new Op.Result.Written(7), 1, 2),
                new Op(1, 9, new Op.Call.Write("tab\tnew\nline ~%"), Op.Outcome.FAIL,
                        new Op.Result.Failed("NONODE"), 3, 4),
                new Op(2, 9, new Op.Call.Read(), Op.Outcome.OK, Op.Result.Observed.ABSENT, 5, 6),
                new Op(3, 9, new Op.Call.SyncRead(), Op.Outcome.INFO, new Op.Result.Unknown("sync timeout"),
                        7, Op.NEVER));
        for (History history : List.of(simulated, History.of(Op.Result.Observed.ABSENT, extra))) {
            Path file = dir.resolve("history.tsv");
            HistoryFile.write(history, file);
            assertEquals(history, HistoryFile.read(file));
        }
    }
}
