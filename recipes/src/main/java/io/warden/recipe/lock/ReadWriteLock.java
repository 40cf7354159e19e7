package io.warden.recipe.lock;

import io.warden.client.WardenClient;
import io.warden.recipe.internal.Contender;
import io.warden.recipe.support.SequentialNames;
import java.util.List;

/**
 * A distributed read/write lock with Curator's {@code InterProcessReadWriteLock} layout: readers
 * create {@code path/_c_<uuid>-__READ__<seq>}, writers {@code path/_c_<uuid>-__WRIT__<seq>}, one
 * queue ordered by sequence. A writer holds when it is first and watches the node just before it;
 * a reader holds when no writer is ahead of it and otherwise watches the nearest writer ahead (not
 * the first one, as Curator does: a reader behind two writers is then woken once, not twice).
 * Readers behind the same writer all wake when it leaves, which is the point: they all get the
 * lock. A thread that holds the write lock may also take the read lock (downgrade), as in Curator.
 *
 * <p>Both locks are {@link Mutex}es: reentrant per thread, timeouts, fencing tokens, guarded
 * writes and the connection-state behaviour described there.
 *
 * <p>Thread-safe.
 */
public final class ReadWriteLock {
    /** Curator's {@code InterProcessReadWriteLock.READ_LOCK_NAME}. */
    public static final String READ_LOCK_NAME = "__READ__";
    /** Curator's {@code InterProcessReadWriteLock.WRITE_LOCK_NAME}. */
    public static final String WRITE_LOCK_NAME = "__WRIT__";
    private static final List<String> BOTH = List.of(READ_LOCK_NAME, WRITE_LOCK_NAME);

    private final Mutex writeLock;
    private final Mutex readLock;

    public ReadWriteLock(WardenClient client, String path) {
        this(client, path, LockOptions.defaults());
    }

    public ReadWriteLock(WardenClient client, String path, LockOptions options) {
        this.writeLock = new Mutex(client, path, options, WRITE_LOCK_NAME, BOTH, () -> Contender.Rule.firstN(1));
        this.readLock = new Mutex(client, path, options, READ_LOCK_NAME, BOTH,
                () -> writeLock.isHeldByCurrentThread() ? (sorted, i) -> Contender.Verdict.HOLD : ReadWriteLock::readRule);
    }

    public Mutex readLock() {
        return readLock;
    }

    public Mutex writeLock() {
        return writeLock;
    }

    /** A reader holds unless a writer is ahead; it then waits for the nearest writer ahead. */
    static Contender.Verdict readRule(List<String> sorted, int ourIndex) {
        for (int i = ourIndex - 1; i >= 0; i--) {
            if (SequentialNames.isContender(sorted.get(i), WRITE_LOCK_NAME)) {
                return new Contender.Verdict.WatchNode(sorted.get(i));
            }
        }
        return Contender.Verdict.HOLD;
    }
}
