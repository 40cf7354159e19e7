package io.warden.recipe.group;

import io.warden.protocol.data.Bytes;
import java.util.SortedMap;

/**
 * Told the group's members (id to payload) each time they change, after the initial load, in the
 * cache's serial context. Must not block.
 */
@FunctionalInterface
public interface GroupListener {
    void membersChanged(SortedMap<String, Bytes> members);
}
