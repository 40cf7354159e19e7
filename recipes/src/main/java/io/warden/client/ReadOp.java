package io.warden.client;

import java.util.Objects;

/** One read inside a multiRead (client paths; no watches). Immutable. */
public sealed interface ReadOp {
    String path();

    /** getData. */
    record GetData(String path) implements ReadOp {
        public GetData {
            Objects.requireNonNull(path, "path");
        }
    }

    /** getChildren (names only). */
    record GetChildren(String path) implements ReadOp {
        public GetChildren {
            Objects.requireNonNull(path, "path");
        }
    }
}
