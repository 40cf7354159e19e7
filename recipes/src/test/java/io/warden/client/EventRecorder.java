package io.warden.client;

import static org.junit.jupiter.api.Assertions.fail;

import io.warden.protocol.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records, in delivery order, what a client's event thread delivers to it: watch events (tagged
 * with the watcher's name), connection states and free-form marks (e.g. "a completion ran"), so
 * tests can assert on order. Waits poll every 5 ms up to a bound. Thread-safe.
 */
public final class EventRecorder {
    /** A watch event delivered to the watcher named {@code watcher}. */
    public record Seen(String watcher, WatchedEvent event) {
    }

    /** A connection state change. */
    public record State(ConnectionState state, long sessionId) {
    }

    private final List<Object> items = new CopyOnWriteArrayList<>();

    /** A watcher that records its events under {@code name}. */
    public Watcher watcher(String name) {
        return e -> items.add(new Seen(name, e));
    }

    /** A listener that records state changes. */
    public ConnectionStateListener listener() {
        return (state, sessionId) -> items.add(new State(state, sessionId));
    }

    /** Records an arbitrary mark (call it from a completion to place it among the events). */
    public void mark(Object mark) {
        items.add(mark);
    }

    public List<Object> all() {
        return List.copyOf(items);
    }

    public List<Seen> events(String watcher) {
        List<Seen> out = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof Seen s && s.watcher().equals(watcher)) {
                out.add(s);
            }
        }
        return out;
    }

    public List<ConnectionState> states() {
        List<ConnectionState> out = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof State s) {
                out.add(s.state());
            }
        }
        return out;
    }

    public static Predicate<Object> event(String watcher, EventType type, String path) {
        return o -> o instanceof Seen s && s.watcher().equals(watcher) && s.event().type() == type
                && s.event().path().equals(path);
    }

    public static Predicate<Object> state(ConnectionState state) {
        return o -> o instanceof State s && s.state() == state;
    }

    /** Index of the first item matching {@code p}, or -1. */
    public int indexOf(Predicate<Object> p) {
        List<Object> snapshot = all();
        for (int i = 0; i < snapshot.size(); i++) {
            if (p.test(snapshot.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Waits until {@code count} items match {@code p}; returns the last match. */
    public Object await(Predicate<Object> p, int count, Duration timeout) throws InterruptedException {
        long rounds = Math.max(1, timeout.toMillis() / 5);
        for (long i = 0; i < rounds; i++) {
            List<Object> matches = all().stream().filter(p).toList();
            if (matches.size() >= count) {
                return matches.get(count - 1);
            }
            Thread.sleep(5);
        }
        return fail("not seen within " + timeout + " (" + count + " matches wanted); recorded: " + all());
    }

    public Object await(Predicate<Object> p, Duration timeout) throws InterruptedException {
        return await(p, 1, timeout);
    }

    /** Asserts that nothing matching {@code p} arrives within {@code period}. */
    public void assertNone(Predicate<Object> p, Duration period) throws InterruptedException {
        Thread.sleep(period.toMillis());
        if (all().stream().anyMatch(p)) {
            fail("unexpected item; recorded: " + all());
        }
    }

    public int count(Predicate<Object> p) {
        return (int) all().stream().filter(p).count();
    }
}
