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
import io.warden.recipe.support.IdSource;
import io.warden.recipe.support.ZPaths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A double barrier (Curator's {@code DistributedDoubleBarrier}, same nodes): {@code memberQty}
 * members {@link #enter} together and {@link #leave} together.
 *
 * <ul>
 *   <li>Enter: create our ephemeral node {@code path/<uuid>}; the member that sees
 *       {@code memberQty} children creates {@code path/ready}; everyone else waits on an exists
 *       watch of {@code ready}.</li>
 *   <li>Leave: the lowest member waits on the highest, every other member deletes its node and
 *       waits on the lowest, until only the lowest is left, which deletes itself and
 *       {@code ready}. Each waiter watches one node; a deletion wakes the members watching it.</li>
 * </ul>
 *
 * Every wait also wakes on RECONNECTED and on a new session and then looks again. If the session is
 * lost, our ephemeral node is gone: {@link #enter} creates it again; {@link #leave} treats it as
 * already left.
 *
 * <p>Thread-safe for one enter/leave cycle at a time.
 */
public final class DoubleBarrier {
    /** Curator's ready node name. */
    public static final String READY = "ready";
    static final int MAX_ROUNDS = 100_000;

    private final WardenClient client;
    private final String path;
    private final int memberQty;
    private final String ourName;

    public DoubleBarrier(WardenClient client, String path, int memberQty) {
        this(client, path, memberQty, IdSource.secure());
    }

    public DoubleBarrier(WardenClient client, String path, int memberQty, IdSource ids) {
        if (memberQty < 1) {
            throw new IllegalArgumentException("memberQty must be >= 1: " + memberQty);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
        this.memberQty = memberQty;
        this.ourName = ids.nextUuid().toString();
    }

    /** Our member node's name. */
    public String memberName() {
        return ourName;
    }

    /** Enters; true once {@code memberQty} members are in, false if {@code timeout} passed first. */
    public boolean enter(Duration timeout) throws KeeperException, InterruptedException {
        EventThreads.checkNotEventThread(client);
        long deadline = Deadlines.deadline(now(), timeout);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            try (Signal signal = Signal.arm(client)) {
                boolean ready = client.blocking().exists(readyPath(), signal).isPresent();
                createOurs();
                if (ready) {
                    return true;
                }
                if (members().size() >= memberQty) {
                    try {
                        client.blocking().create(readyPath(), new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    } catch (KeeperException e) {
                        if (e.code() != ErrorCode.NODEEXISTS) {
                            throw e;
                        }
                    }
                    return true;
                }
                if (!signal.await(Deadlines.remaining(deadline, now()))) {
                    return false;
                }
            } catch (KeeperException e) {
                if (!isTransient(e) || now() >= deadline) {
                    throw e;
                }
            }
        }
        return false;
    }

    /** Leaves; true once every member has left, false if {@code timeout} passed first. */
    public boolean leave(Duration timeout) throws KeeperException, InterruptedException {
        EventThreads.checkNotEventThread(client);
        long deadline = Deadlines.deadline(now(), timeout);
        boolean oursShouldExist = true;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            try (Signal signal = Signal.arm(client)) {
                List<String> members = members();
                if (members.isEmpty()) {
                    break;
                }
                int ours = members.indexOf(ourName);
                if (ours < 0) {
                    oursShouldExist = false; // deleted by us, or gone with a lost session
                }
                if (members.size() == 1) {
                    if (ours == 0) {
                        deleteQuietly(ZPaths.join(path, ourName));
                    }
                    if (ours == 0 || !oursShouldExist) {
                        break;
                    }
                }
                Optional<?> watched;
                if (ours == 0) {
                    watched = client.blocking().exists(ZPaths.join(path, members.get(members.size() - 1)), signal);
                } else {
                    watched = client.blocking().exists(ZPaths.join(path, members.get(0)), signal);
                    if (oursShouldExist) {
                        deleteQuietly(ZPaths.join(path, ourName));
                        oursShouldExist = false;
                    }
                }
                if (watched.isPresent() && !signal.await(Deadlines.remaining(deadline, now()))) {
                    return false;
                }
            } catch (KeeperException e) {
                if (!isTransient(e) || now() >= deadline) {
                    throw e;
                }
            }
        }
        deleteQuietly(readyPath());
        return true;
    }

    private void createOurs() throws KeeperException, InterruptedException {
        String ours = ZPaths.join(path, ourName);
        try {
            client.blocking().create(ours, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        } catch (KeeperException e) {
            if (e.code() == ErrorCode.NONODE) {
                client.blocking().await(Parents.ensure(client, path, CreateMode.CONTAINER, Acl.OPEN_ACL_UNSAFE));
                createOurs();
            } else if (e.code() != ErrorCode.NODEEXISTS) {
                throw e;
            }
        }
    }

    /** Member nodes (not {@code ready}), sorted. */
    private List<String> members() throws KeeperException, InterruptedException {
        List<String> out = new ArrayList<>();
        try {
            for (String child : client.blocking().getChildren(path)) {
                if (!READY.equals(child)) {
                    out.add(child);
                }
            }
        } catch (KeeperException e) {
            if (e.code() != ErrorCode.NONODE) {
                throw e;
            }
        }
        out.sort(null);
        return out;
    }

    private void deleteQuietly(String p) throws KeeperException, InterruptedException {
        try {
            client.blocking().delete(p, -1);
        } catch (KeeperException e) {
            if (e.code() != ErrorCode.NONODE) {
                throw e;
            }
        }
    }

    private String readyPath() {
        return ZPaths.join(path, READY);
    }

    private static boolean isTransient(KeeperException e) {
        return e.code() == ErrorCode.CONNECTIONLOSS || e.code() == ErrorCode.SESSIONEXPIRED;
    }

    private long now() {
        return client.config().ticker().read();
    }
}
