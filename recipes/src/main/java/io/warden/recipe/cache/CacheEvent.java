package io.warden.recipe.cache;

import io.warden.client.NodeData;
import java.util.Objects;

/** What a {@link SubtreeCache} tells its listeners, in the order it happened. Immutable. */
public sealed interface CacheEvent {
    /** A node appeared in the cache (created, or found by a load). */
    record NodeAdded(String path, NodeData data) implements CacheEvent {
        public NodeAdded {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(data, "data");
        }
    }

    /** A cached node's data or Stat changed. */
    record NodeUpdated(String path, NodeData previous, NodeData data) implements CacheEvent {
        public NodeUpdated {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(data, "data");
        }
    }

    /** A node left the cache (deleted, or missing from a resync). */
    record NodeRemoved(String path, NodeData previous) implements CacheEvent {
        public NodeRemoved {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(previous, "previous");
        }
    }

    /** The initial load finished: the cache now mirrors the subtree ({@code nodes} nodes). */
    record Initialized(int nodes) implements CacheEvent {
    }

    /**
     * A full reload after a reconnect or a new session finished; differences found were reported
     * as added / updated / removed events just before this one ({@code changes} of them).
     */
    record Resynced(String reason, int changes) implements CacheEvent {
        public Resynced {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The cache stopped (too many nodes, or the client closed); it will not change again. */
    record Failed(Throwable error) implements CacheEvent {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
