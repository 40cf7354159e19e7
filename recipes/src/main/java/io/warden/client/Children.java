package io.warden.client;

import io.warden.protocol.data.Stat;
import java.util.List;
import java.util.Objects;

/** Child names (unsorted, as the server sent them) and the parent's Stat (getChildren2). Immutable. */
public record Children(List<String> children, Stat stat) {
    public Children {
        children = List.copyOf(children);
        Objects.requireNonNull(stat, "stat");
    }
}
