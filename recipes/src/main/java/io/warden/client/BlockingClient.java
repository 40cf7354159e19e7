package io.warden.client;

import io.warden.protocol.AddWatchMode;
import io.warden.protocol.CreateMode;
import io.warden.protocol.WatcherType;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.data.Stat;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking forms of the {@link WardenClient} operations: each waits for the future (which the
 * client always completes: with the reply, CONNECTIONLOSS, SESSIONEXPIRED or REQUESTTIMEOUT) and
 * throws its {@link KeeperException}. The waits park the thread (no monitors), so they are fine on
 * virtual threads. Calling them on the client's event thread (inside a watcher, listener or
 * completion) would deadlock and throws IllegalStateException instead.
 *
 * <p>Thread-safe.
 */
public final class BlockingClient {
    private final WardenClient client;

    BlockingClient(WardenClient client) {
        this.client = client;
    }

    /** Waits until connected; false if {@code timeout} passes first. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        checkThread();
        try {
            client.whenConnected().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    public String create(String path, byte[] data, List<Acl> acl, CreateMode mode)
            throws KeeperException, InterruptedException {
        return await(client.create(path, data, acl, mode));
    }

    public Created createWithStat(String path, byte[] data, List<Acl> acl, CreateMode mode)
            throws KeeperException, InterruptedException {
        return await(client.createWithStat(path, data, acl, mode));
    }

    public Created createWithStat(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs)
            throws KeeperException, InterruptedException {
        return await(client.createWithStat(path, data, acl, mode, ttlMs));
    }

    public void delete(String path, int version) throws KeeperException, InterruptedException {
        await(client.delete(path, version));
    }

    public Optional<Stat> exists(String path) throws KeeperException, InterruptedException {
        return await(client.exists(path));
    }

    public Optional<Stat> exists(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return await(client.exists(path, watcher));
    }

    public NodeData getData(String path) throws KeeperException, InterruptedException {
        return await(client.getData(path));
    }

    public NodeData getData(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return await(client.getData(path, watcher));
    }

    public Stat setData(String path, byte[] data, int version) throws KeeperException, InterruptedException {
        return await(client.setData(path, data, version));
    }

    public List<String> getChildren(String path) throws KeeperException, InterruptedException {
        return await(client.getChildren(path));
    }

    public List<String> getChildren(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return await(client.getChildren(path, watcher));
    }

    public Children getChildrenWithStat(String path) throws KeeperException, InterruptedException {
        return await(client.getChildrenWithStat(path));
    }

    public Children getChildrenWithStat(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return await(client.getChildrenWithStat(path, watcher));
    }

    public NodeAcl getACL(String path) throws KeeperException, InterruptedException {
        return await(client.getACL(path));
    }

    public Stat setACL(String path, List<Acl> acl, int aclVersion) throws KeeperException, InterruptedException {
        return await(client.setACL(path, acl, aclVersion));
    }

    public String sync(String path) throws KeeperException, InterruptedException {
        return await(client.sync(path));
    }

    public List<TxnResult> multi(List<TxnOp> ops) throws KeeperException, InterruptedException {
        return await(client.multi(ops));
    }

    public List<ReadResult> multiRead(List<ReadOp> ops) throws KeeperException, InterruptedException {
        return await(client.multiRead(ops));
    }

    public void addWatch(String path, AddWatchMode mode, Watcher watcher) throws KeeperException, InterruptedException {
        await(client.addWatch(path, mode, watcher));
    }

    public void removeWatches(String path, Watcher watcher, WatcherType type, boolean local)
            throws KeeperException, InterruptedException {
        await(client.removeWatches(path, watcher, type, local));
    }

    public void removeAllWatches(String path, WatcherType type, boolean local)
            throws KeeperException, InterruptedException {
        await(client.removeAllWatches(path, type, local));
    }

    public void checkWatches(String path, WatcherType type) throws KeeperException, InterruptedException {
        await(client.checkWatches(path, type));
    }

    public List<String> getEphemerals(String prefixPath) throws KeeperException, InterruptedException {
        return await(client.getEphemerals(prefixPath));
    }

    public int getAllChildrenNumber(String path) throws KeeperException, InterruptedException {
        return await(client.getAllChildrenNumber(path));
    }

    public List<ClientInfo> whoAmI() throws KeeperException, InterruptedException {
        return await(client.whoAmI());
    }

    public void addAuth(AuthInfo auth) throws KeeperException, InterruptedException {
        await(client.addAuth(auth));
    }

    /** Waits for {@code future} and unwraps its failure (for code built on the async API). */
    public <T> T await(CompletableFuture<T> future) throws KeeperException, InterruptedException {
        checkThread();
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KeeperException k) {
                throw k;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void checkThread() {
        if (client.isEventThread()) {
            throw new IllegalStateException("blocking call on the client's event thread would deadlock");
        }
    }
}
