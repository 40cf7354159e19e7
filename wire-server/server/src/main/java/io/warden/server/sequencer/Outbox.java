package io.warden.server.sequencer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames a batch produced, per connection, in the order they were produced (notifications
 * before the replies that reflect them), handed to each connection once at the end of the batch
 * so it flushes once. Nothing is queued for a connection after it is marked to close.
 *
 * <p>Thread-confined to the apply thread. Bounded by one batch's output.
 */
final class Outbox {
    private static final class Pending {
        List<Object> frames = new ArrayList<>(4);
        int completed;
        boolean closeAfter;
    }

    private final Map<ClientLink, Pending> pending = new LinkedHashMap<>();

    private Pending of(ClientLink link) {
        return pending.computeIfAbsent(link, l -> new Pending());
    }

    void send(ClientLink link, Object frame) {
        Pending p = of(link);
        if (!p.closeAfter) {
            p.frames.add(frame);
        }
    }

    /** One submitted request of {@code link} is finished (answered or skipped). */
    void complete(ClientLink link) {
        of(link).completed++;
    }

    /** Close {@code link} once its queued frames are written. */
    void closeAfter(ClientLink link) {
        of(link).closeAfter = true;
    }

    /** Delivers everything and empties the outbox. */
    void flush() {
        for (Map.Entry<ClientLink, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            e.getKey().deliver(p.frames, p.completed, p.closeAfter);
        }
        pending.clear();
    }
}
