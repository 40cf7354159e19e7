package io.warden.recipe.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The checkers must catch what they are there to catch. */
class HistoriesTest {
    @Test
    void fencedWrites() {
        Histories.checkFencedWrites(List.of(new Histories.GuardedWrite(1, "a", 10), new Histories.GuardedWrite(2, "a", 10),
                new Histories.GuardedWrite(3, "b", 20)));
        assertThrows(AssertionFailedError.class, () -> Histories.checkFencedWrites(List.of(
                new Histories.GuardedWrite(1, "b", 20), new Histories.GuardedWrite(2, "a", 10))), "stale write accepted");
        assertThrows(AssertionFailedError.class, () -> Histories.checkFencedWrites(List.of(
                new Histories.GuardedWrite(1, "a", 10), new Histories.GuardedWrite(2, "b", 10))), "one token, two holders");
    }

    @Test
    void intervals() {
        Histories.checkDisjoint(List.of(new Histories.Interval("a", 1, 0, 10), new Histories.Interval("b", 2, 10, 20)));
        assertThrows(AssertionFailedError.class, () -> Histories.checkDisjoint(List.of(
                new Histories.Interval("a", 1, 0, 10), new Histories.Interval("b", 2, 5, 20))), "overlap");
        assertThrows(AssertionFailedError.class, () -> Histories.checkDisjoint(List.of(
                new Histories.Interval("a", 2, 0, 10), new Histories.Interval("b", 1, 10, 20))), "token went back");
    }

    @Test
    void terms() {
        Histories.checkTerms(List.of(new Histories.Term(1, "a"), new Histories.Term(1, "a"), new Histories.Term(5, "b")));
        assertThrows(AssertionFailedError.class, () -> Histories.checkTerms(List.of(
                new Histories.Term(1, "a"), new Histories.Term(1, "b"))), "two leaders in one epoch");
        assertThrows(AssertionFailedError.class, () -> Histories.checkTerms(List.of(
                new Histories.Term(5, "a"), new Histories.Term(1, "b"))), "epoch went back");
    }
}
