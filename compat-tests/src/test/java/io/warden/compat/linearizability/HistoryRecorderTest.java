package io.warden.compat.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link HistoryRecorder}: timestamps from its clock, outcomes, pending ops as INFO, the bound. */
class HistoryRecorderTest {
    @Test
    void recordsOutcomesWithClockReadings() {
        AtomicLong clock = new AtomicLong(100);
        HistoryRecorder recorder = new HistoryRecorder(() -> clock.getAndAdd(10),
                new Op.Result.Observed("init", 0), 4);
        HistoryRecorder.Pending write = recorder.invoke(1, new Op.Call.Cas(0, "a"));   // t=100
        HistoryRecorder.Pending read = recorder.invoke(2, new Op.Call.Read());         // t=110
        HistoryRecorder.Pending lost = recorder.invoke(3, new Op.Call.Write("b"));     // t=120
        HistoryRecorder.Pending never = recorder.invoke(4, new Op.Call.SyncRead());    // t=130
        assertNull(recorder.invoke(5, new Op.Call.Read()), "a fifth op exceeds the bound of 4");
        recorder.ok(read, new Op.Result.Observed("init", 0));                          // t=140
        recorder.fail(write, "BADVERSION");                                            // t=150
        recorder.info(lost, "CONNECTIONLOSS");
        assertThrows(IllegalStateException.class, () -> recorder.ok(read, new Op.Result.Observed("x", 1)));

        List<Op> ops = recorder.history().ops();
        assertEquals(List.of(
                new Op(0, 1, new Op.Call.Cas(0, "a"), Op.Outcome.FAIL, new Op.Result.Failed("BADVERSION"), 100, 150),
                new Op(1, 2, new Op.Call.Read(), Op.Outcome.OK, new Op.Result.Observed("init", 0), 110, 140),
                new Op(2, 3, new Op.Call.Write("b"), Op.Outcome.INFO, new Op.Result.Unknown("CONNECTIONLOSS"),
                        120, Op.NEVER),
                new Op(3, 4, new Op.Call.SyncRead(), Op.Outcome.INFO, new Op.Result.Unknown("pending"),
                        130, Op.NEVER)), ops);
    }
}
