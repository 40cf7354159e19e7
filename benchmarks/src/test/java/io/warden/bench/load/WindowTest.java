package io.warden.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The measured window's rules, on explicit instants (no clock). */
class WindowTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void closesAtItsEndOnceItHoldsEnoughOperations() {
        Window w = new Window(100 * MS, 200 * MS);
        assertFalse(w.measured(99 * MS));
        assertTrue(w.measured(100 * MS));
        assertFalse(w.measured(200 * MS));
        for (long i = 0; i < Window.MIN_OPS; i++) {
            w.countOk();
        }
        assertTrue(w.open(199 * MS));
        assertFalse(w.open(200 * MS));
        assertFalse(w.open(300 * MS), "once closed, closed");
        assertEquals(100 * MS, w.lengthNanos());
    }

    @Test
    void aWindowWithTooFewOperationsIsExtendedButOnlySoFar() {
        Window w = new Window(0, 100 * MS);
        assertTrue(w.open(150 * MS));
        assertTrue(w.measureEndNanos() > 150 * MS);
        assertTrue(w.measured(150 * MS), "operations started in the extension count");
        long hardEnd = 100 * MS + Window.MAX_EXTENSION_MS * MS;
        assertFalse(w.open(hardEnd));
        for (long i = 0; i < Window.MIN_OPS; i++) {
            w.countOk();
        }
        Window x = new Window(0, 100 * MS);
        for (long i = 0; i < Window.MIN_OPS; i++) {
            x.countOk();
        }
        assertFalse(x.open(150 * MS), "enough operations: no extension");
    }
}
