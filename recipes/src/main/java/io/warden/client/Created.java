package io.warden.client;

import io.warden.protocol.data.Stat;
import java.util.Objects;

/**
 * What create2/createContainer/createTTL return: the actual path (sequence suffix included, chroot
 * removed) and the new node's Stat. Immutable.
 */
public record Created(String path, Stat stat) {
    public Created {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(stat, "stat");
    }
}
