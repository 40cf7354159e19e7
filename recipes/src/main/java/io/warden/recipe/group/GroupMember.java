package io.warden.recipe.group;

import io.warden.client.KeeperException;
import io.warden.client.NodeData;
import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Bytes;
import io.warden.recipe.cache.CacheEvent;
import io.warden.recipe.cache.SubtreeCache;
import io.warden.recipe.node.PersistentNode;
import io.warden.recipe.support.ZPaths;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Membership in a group: our ephemeral node {@code groupPath/<memberId>} with our payload, kept
 * present across session losses, and a cached view of every member. Curator's
 * {@code GroupMember} uses the same layout, so the two see each other.
 *
 * <pre>{@code
 * try (GroupMember me = new GroupMember(client, "/groups/workers", "worker-7", "10.0.0.7".getBytes())) {
 *     me.start().join();
 *     Set<String> ids = me.currentMembers().keySet();
 * }
 * }</pre>
 *
 * <p>Connection states: as {@link PersistentNode} for our node (re-created after LOST) and as
 * {@link SubtreeCache} for the view (full resync after RECONNECTED and after a new session).
 *
 * <p>Thread-safe.
 */
public final class GroupMember implements AutoCloseable {
    private final String groupPath;
    private final String memberId;
    private final PersistentNode node;
    private final SubtreeCache cache;
    private final CopyOnWriteArrayList<GroupListener> listeners = new CopyOnWriteArrayList<>();

    public GroupMember(WardenClient client, String groupPath, String memberId, byte[] payload) {
        this.groupPath = Objects.requireNonNull(groupPath, "groupPath");
        this.memberId = Objects.requireNonNull(memberId, "memberId");
        if (memberId.isEmpty() || memberId.contains("/")) {
            throw new IllegalArgumentException("memberId must be a znode name: " + memberId);
        }
        this.node = new PersistentNode(client, ZPaths.join(groupPath, memberId), CreateMode.EPHEMERAL, payload);
        this.cache = new SubtreeCache(client, groupPath);
        cache.addListener(this::onEvent);
    }

    /**
     * Joins the group and starts following it; completes when the view is loaded (our own node
     * may appear in it a moment later: {@link #awaitJoined} waits for both).
     */
    public CompletableFuture<Void> start() {
        node.start();
        return cache.start();
    }

    /** Waits until our node exists and the view is loaded. */
    public boolean awaitJoined(Duration timeout) throws InterruptedException {
        return node.awaitCreated(timeout) && cache.awaitInitialized(timeout);
    }

    public String memberId() {
        return memberId;
    }

    /** Every member's id and payload now, sorted by id. */
    public SortedMap<String, Bytes> currentMembers() {
        SortedMap<String, Bytes> out = new TreeMap<>();
        for (var e : cache.snapshot().entrySet()) {
            if (groupPath.equals(ZPaths.parent(e.getKey()))) {
                NodeData d = e.getValue();
                out.put(ZPaths.name(e.getKey()), d.data() == null ? Bytes.EMPTY : d.data());
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** Changes our payload. */
    public void setPayload(byte[] payload) throws KeeperException, InterruptedException {
        node.setData(payload);
    }

    public void addListener(GroupListener listener) {
        listeners.add(listener);
    }

    /** Leaves the group (deletes our node) and stops following it. */
    @Override
    public void close() {
        node.close();
        cache.close();
    }

    private void onEvent(CacheEvent event) {
        boolean member = event instanceof CacheEvent.NodeAdded a && isMember(a.path())
                || event instanceof CacheEvent.NodeUpdated u && isMember(u.path())
                || event instanceof CacheEvent.NodeRemoved r && isMember(r.path());
        if ((member && cache.isInitialized()) || event instanceof CacheEvent.Initialized
                || event instanceof CacheEvent.Resynced) {
            SortedMap<String, Bytes> now = currentMembers();
            for (GroupListener l : listeners) {
                l.membersChanged(now);
            }
        }
    }

    private boolean isMember(String path) {
        return groupPath.equals(ZPaths.parent(path));
    }
}
