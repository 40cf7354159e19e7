package io.warden.server.session;

import com.google.common.base.Ticker;
import io.warden.protocol.data.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Session liveness as ZooKeeper's {@code SessionTrackerImpl} keeps it: each session sits in an
 * expiry bucket, a multiple of {@code tickTime} on the injected {@link Ticker}, at the first
 * bucket boundary after {@code now + timeout}; every packet from the client moves it to a later
 * bucket ({@link #touch}); {@link #expire} takes every bucket whose boundary has passed. So a
 * silent session expires between {@code timeout} and {@code timeout + tickTime} after its last
 * packet (PROTOCOL.md section 11).
 *
 * <p>An expired session stays in the tracker as <em>closing</em> until {@link #remove}: it can
 * no longer be touched or re-attached. The tracker also remembers each session's password, so the
 * sequencer can validate a re-attach without reading replicated state. Bounded by
 * {@code maxSessions} ({@link #add} refuses beyond it).
 *
 * <p>It also collects the sessions touched (or re-attached) since the last {@link #drainTouched},
 * which the sequencer logs as one TouchSessionsTxn every {@code tickTime / 2}: liveness as a
 * replicated fact, so that an expiry decided before a touch is skipped at apply. At most one
 * entry per tracked session.
 *
 * <p>Thread-safe: every method synchronizes on the tracker (netty threads touch, the apply thread
 * adds, expires and removes). The ticker is read under the lock.
 */
public final class SessionTracker {
    private final Ticker ticker;
    private final long tickNanos;
    private final int maxSessions;
    private final Map<Long, Entry> sessions = new HashMap<>();
    private final TreeMap<Long, Set<Long>> buckets = new TreeMap<>();
    /** Live sessions touched since the last drain, in first-touch order. */
    private final LinkedHashSet<Long> touchedSinceDrain = new LinkedHashSet<>();

    private static final class Entry {
        final Bytes password;
        int timeoutMs;
        long bucketNanos;
        boolean closing;

        Entry(Bytes password, int timeoutMs) {
            this.password = password;
            this.timeoutMs = timeoutMs;
        }
    }

    /** One live or closing session, as the {@code dump} four-letter word lists it. Immutable. */
    public record SessionEntry(long sessionId, int timeoutMs, long expiryNanos, boolean closing) {
    }

    public SessionTracker(Ticker ticker, int tickTimeMs, int maxSessions) {
        if (tickTimeMs <= 0 || maxSessions <= 0) {
            throw new IllegalArgumentException("tickTimeMs and maxSessions must be positive");
        }
        this.ticker = ticker;
        this.tickNanos = tickTimeMs * 1_000_000L;
        this.maxSessions = maxSessions;
    }

    /** Registers a new live session. Returns false if the tracker is full or the id is taken. */
    public synchronized boolean add(long sessionId, int timeoutMs, Bytes password) {
        if (sessions.size() >= maxSessions || sessions.containsKey(sessionId)) {
            return false;
        }
        Entry e = new Entry(password, timeoutMs);
        sessions.put(sessionId, e);
        schedule(sessionId, e);
        return true;
    }

    /** Whether {@link #add} would accept one more session. */
    public synchronized boolean hasRoom() {
        return sessions.size() < maxSessions;
    }

    /** Refreshes a live session. Returns false if it is unknown or closing. */
    public synchronized boolean touch(long sessionId) {
        Entry e = sessions.get(sessionId);
        if (e == null || e.closing) {
            return false;
        }
        schedule(sessionId, e);
        touchedSinceDrain.add(sessionId);
        return true;
    }

    /**
     * Refreshes a live session because another server reported traffic for it (an ensemble's
     * replicated touch): unlike {@link #touch} it is not reported again by {@link #drainTouched}.
     */
    public synchronized void refresh(long sessionId) {
        Entry e = sessions.get(sessionId);
        if (e != null && !e.closing) {
            schedule(sessionId, e);
        }
    }

    /** Gives every live session a full timeout from now (a new ensemble leader does this). */
    public synchronized void refreshAll() {
        for (Map.Entry<Long, Entry> e : sessions.entrySet()) {
            if (!e.getValue().closing) {
                schedule(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Re-attach: whether the session is live and {@code password} is its password; if so it is
     * touched and takes the newly negotiated timeout.
     */
    public synchronized boolean reattach(long sessionId, Bytes password, int timeoutMs) {
        Entry e = sessions.get(sessionId);
        if (e == null || e.closing || !e.password.equals(password)) {
            return false;
        }
        e.timeoutMs = timeoutMs;
        schedule(sessionId, e);
        touchedSinceDrain.add(sessionId);
        return true;
    }

    /** Whether the session is known (live or closing). */
    public synchronized boolean knows(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** Whether the session is known and not closing. */
    public synchronized boolean isLive(long sessionId) {
        Entry e = sessions.get(sessionId);
        return e != null && !e.closing;
    }

    /**
     * Marks a live session closing (closeSession was requested). Returns false if it is unknown
     * or already closing.
     */
    public synchronized boolean markClosing(long sessionId) {
        Entry e = sessions.get(sessionId);
        if (e == null || e.closing) {
            return false;
        }
        unschedule(sessionId, e);
        e.closing = true;
        touchedSinceDrain.remove(sessionId);
        return true;
    }

    /** Forgets a session (after its close transaction). */
    public synchronized void remove(long sessionId) {
        Entry e = sessions.remove(sessionId);
        touchedSinceDrain.remove(sessionId);
        if (e != null && !e.closing) {
            unschedule(sessionId, e);
        }
    }

    /**
     * Takes every session whose expiry bucket has passed, in bucket order, and marks it closing.
     * The caller submits a close transaction for each.
     */
    public synchronized List<Long> expire() {
        long now = ticker.read();
        List<Long> expired = new ArrayList<>();
        while (!buckets.isEmpty() && buckets.firstKey() <= now) {
            for (long sessionId : buckets.pollFirstEntry().getValue()) {
                sessions.get(sessionId).closing = true;
                touchedSinceDrain.remove(sessionId);
                expired.add(sessionId);
            }
        }
        return expired;
    }

    /**
     * Takes (and forgets) up to {@code max} of the live sessions touched since the last call, in
     * first-touch order; the rest stay for the next call.
     */
    public synchronized List<Long> drainTouched(int max) {
        List<Long> out = new ArrayList<>(Math.min(max, touchedSinceDrain.size()));
        for (java.util.Iterator<Long> it = touchedSinceDrain.iterator(); it.hasNext() && out.size() < max; ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    /** Whether some session was touched since the last {@link #drainTouched}. */
    public synchronized boolean hasTouched() {
        return !touchedSinceDrain.isEmpty();
    }

    /** The ticker time of the next expiry bucket, or {@link Long#MAX_VALUE} if none. */
    public synchronized long nextExpiryNanos() {
        return buckets.isEmpty() ? Long.MAX_VALUE : buckets.firstKey();
    }

    /** Live and closing sessions. */
    public synchronized int size() {
        return sessions.size();
    }

    /** The ticker time at which {@code sessionId} expires if not touched, or -1 if not live. */
    public synchronized long expiryNanos(long sessionId) {
        Entry e = sessions.get(sessionId);
        return e == null || e.closing ? -1 : e.bucketNanos;
    }

    /** Every session, closing ones included, ordered by expiry then id, at most {@code limit}. */
    public synchronized List<SessionEntry> snapshot(int limit) {
        List<SessionEntry> out = new ArrayList<>();
        for (Map.Entry<Long, Set<Long>> bucket : buckets.entrySet()) {
            for (long sessionId : bucket.getValue()) {
                if (out.size() >= limit) {
                    return out;
                }
                out.add(new SessionEntry(sessionId, sessions.get(sessionId).timeoutMs, bucket.getKey(), false));
            }
        }
        for (Map.Entry<Long, Entry> e : sessions.entrySet()) {
            if (e.getValue().closing && out.size() < limit) {
                out.add(new SessionEntry(e.getKey(), e.getValue().timeoutMs, -1, true));
            }
        }
        return out;
    }

    private void schedule(long sessionId, Entry e) {
        long deadline = ticker.read() + e.timeoutMs * 1_000_000L;
        long bucket = (Math.floorDiv(deadline, tickNanos) + 1) * tickNanos;
        if (bucket == e.bucketNanos && buckets.containsKey(bucket) && buckets.get(bucket).contains(sessionId)) {
            return;
        }
        unschedule(sessionId, e);
        e.bucketNanos = bucket;
        buckets.computeIfAbsent(bucket, k -> new LinkedHashSet<>()).add(sessionId);
    }

    private void unschedule(long sessionId, Entry e) {
        Set<Long> set = buckets.get(e.bucketNanos);
        if (set != null && set.remove(sessionId) && set.isEmpty()) {
            buckets.remove(e.bucketNanos);
        }
    }
}
