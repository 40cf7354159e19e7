package io.warden.recipe.barrier;

import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Acl;
import io.warden.recipe.internal.EventThreads;
import io.warden.recipe.internal.Parents;
import io.warden.recipe.internal.Signal;
import io.warden.recipe.support.Deadlines;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A barrier (Curator's {@code DistributedBarrier}): while the node at {@code path} exists, waiters
 * block; removing it releases them all. Waiting is an exists watch on the node, checked again on
 * every wake-up and after RECONNECTED or a new session (the watch may have fired unseen or
 * vanished), so a waiter never sleeps through a removal. The node is persistent: a barrier set by
 * a client that then dies stays set.
 *
 * <p>Thread-safe.
 */
public final class Barrier {
    /** Wake-ups one wait may go through before giving up (each is a change or a reconnect). */
    static final int MAX_ROUNDS = 100_000;

    private final WardenClient client;
    private final String path;

    public Barrier(WardenClient client, String path) {
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
    }

    /** Sets the barrier (creates the node, and its parents); setting it twice is fine. */
    public void set() throws KeeperException, InterruptedException {
        try {
            client.blocking().create(path, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException e) {
            if (e.code() == ErrorCode.NONODE) {
                client.blocking().await(Parents.ensureParentsOf(client, path, CreateMode.CONTAINER,
                        Acl.OPEN_ACL_UNSAFE));
                set();
            } else if (e.code() != ErrorCode.NODEEXISTS) {
                throw e;
            }
        }
    }

    /** Removes the barrier, releasing the waiters; removing it twice is fine. */
    public void remove() throws KeeperException, InterruptedException {
        try {
            client.blocking().delete(path, -1);
        } catch (KeeperException e) {
            if (e.code() != ErrorCode.NONODE) {
                throw e;
            }
        }
    }

    /** Whether the barrier is set now. */
    public boolean isSet() throws KeeperException, InterruptedException {
        return client.blocking().exists(path).isPresent();
    }

    /** Waits until the barrier is removed; false if {@code timeout} passes first. */
    public boolean await(Duration timeout) throws KeeperException, InterruptedException {
        EventThreads.checkNotEventThread(client);
        long deadline = Deadlines.deadline(now(), timeout);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            try (Signal signal = Signal.arm(client)) {
                Optional<?> stat;
                try {
                    stat = client.blocking().exists(path, signal);
                } catch (KeeperException e) {
                    if (e.code() != ErrorCode.CONNECTIONLOSS && e.code() != ErrorCode.SESSIONEXPIRED) {
                        throw e;
                    }
                    stat = Optional.of(path); // unknown: wait for the connection to come back
                }
                if (stat.isEmpty()) {
                    return true;
                }
                if (!signal.await(Deadlines.remaining(deadline, now()))) {
                    return false;
                }
            }
        }
        return false;
    }

    private long now() {
        return client.config().ticker().read();
    }
}
