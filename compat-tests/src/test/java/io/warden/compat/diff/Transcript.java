package io.warden.compat.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one scenario saw on one target, in order: frames sent and received by raw sessions,
 * results and watch events of official clients, notes from the scenario. Entries keep raw values
 * (real zxids, times, session ids); {@link Normalizer} turns a transcript into comparable text.
 *
 * <p>Thread-confined to the scenario thread; bounded by {@link #MAX_ENTRIES}.
 */
final class Transcript {
    /** A runaway scenario (a server that floods frames) stops here. */
    static final int MAX_ENTRIES = 20_000;

    /** One thing that happened. Immutable. */
    sealed interface Entry permits Note, Sent, Received, Undecodable, Closed, Timeout, Call, Event,
            Aborted {
    }

    /** A heading written by the scenario itself. */
    record Note(String text) implements Entry {
    }

    /**
     * A message a raw session wrote: a {@code RequestFrame}, a {@code ConnectRequest} or
     * {@link RawBytes}; {@code frameBytes} is the payload length (without the 4-byte prefix).
     */
    record Sent(String actor, Object message, int frameBytes) implements Entry {
    }

    /**
     * A frame a raw session read and decoded: a {@code ConnectResponse} or {@code ReplyFrame};
     * {@code trailingHex} is what was left after the record, in hex (empty for a well-formed
     * frame; real ZooKeeper leaves some, e.g. a multiRead rejected with MARSHALLINGERROR still
     * carries an empty result list).
     */
    record Received(String actor, Object message, int frameBytes, String trailingHex)
            implements Entry {
    }

    /** A frame that does not decode as the reply it should be. */
    record Undecodable(String actor, String hex, String error) implements Entry {
    }

    /** The server closed the connection (EOF or reset). */
    record Closed(String actor) implements Entry {
    }

    /** Nothing (or not enough) arrived while waiting for {@code what}. */
    record Timeout(String actor, String what) implements Entry {
    }

    /** An official-client call and its outcome (a converted result or a {@link Failure}). */
    record Call(String actor, String operation, Object outcome) implements Entry {
    }

    /** A watch event delivered by the official client to the watcher labelled {@code watcher}. */
    record Event(String actor, String watcher, int type, int state, String path, long zxid)
            implements Entry {
    }

    /** The scenario stopped early (an unexpected exception or a missing reply). */
    record Aborted(String reason) implements Entry {
    }

    /** Bytes sent as they are (malformed or unknown requests); {@code label} says what they are. */
    record RawBytes(String label, String hex) {
    }

    /** An official-client call that threw; {@code code} is the KeeperException code name. */
    record Failure(String exception, String code, String path, Object results) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Entry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entries.size() >= MAX_ENTRIES) {
            throw new IllegalStateException("transcript exceeds " + MAX_ENTRIES + " entries");
        }
        entries.add(entry);
    }

    void note(String text) {
        add(new Note(text));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    int size() {
        return entries.size();
    }
}
