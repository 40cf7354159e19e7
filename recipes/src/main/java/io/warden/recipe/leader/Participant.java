package io.warden.recipe.leader;

import java.util.Objects;

/**
 * One participant of an election as anyone can read it: its id (the node's data, UTF-8, as
 * Curator's LeaderLatch writes it), its node name, and whether it is the leader (first in line).
 * Immutable.
 */
public record Participant(String id, String nodeName, boolean isLeader) {
    public Participant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nodeName, "nodeName");
    }
}
