package io.warden.recipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.warden.client.ClientTestSupport;
import io.warden.client.TxnOp;
import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.recipe.support.ZPaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The frame shared by the chaos runs of the lock and leader scenarios: worker threads that act
 * under a recipe and record every guarded write they get accepted as a PERSISTENT_SEQUENTIAL node
 * {@code dir/w-<seq>} holding {@code who:token} (so the server's order is the history's order),
 * random faults (connection loss or forced session expiry) injected into the workers' clients, and
 * the history read back for the {@link Histories} checkers.
 *
 * <p>The seed is printed; {@code -Dwarden.soak=true} runs 60 s instead of at least 4 s.
 * Thread-safety: set up and {@link #run} on the test thread; {@link #stopped()} and
 * {@link #record} may be called by the workers.
 */
public final class ChaosHistory {
    private static final int MAX_ROUNDS = 100_000;
    private static final long JOIN_MS = 30_000;
    /** Longest fault phase when the minimums take long to reach (the test timeout is 90 s). */
    private static final long MAX_RUN_MS = 40_000;
    private static final int MAX_FAULT_ROUNDS = 100_000;
    private static final String PREFIX = "w-";

    /** One round of a worker: acquire, write, release. Expected failures are handled inside. */
    @FunctionalInterface
    public interface Round {
        void run() throws Exception;
    }

    private final WardenClient admin;
    private final String dir;
    private final long seed;
    private final Random random;
    private final long runMs;
    private final List<Thread> workers = new ArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    private ChaosHistory(WardenClient admin, String dir, long seed, long runMs) {
        this.admin = admin;
        this.dir = dir;
        this.seed = seed;
        this.random = new Random(seed);
        this.runMs = runMs;
    }

    /** Creates the history directory {@code dir}; {@code name} labels the printed seed. */
    public static ChaosHistory create(WardenClient admin, String dir, String name) throws Exception {
        long seed = System.nanoTime();
        System.out.println(name + " seed " + seed);
        admin.blocking().create(dir, null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        return new ChaosHistory(admin, dir, seed, Boolean.getBoolean("warden.soak") ? 60_000 : 4_000);
    }

    public long seed() {
        return seed;
    }

    /** Whether the run is over (workers finish their round and return). */
    public boolean stopped() {
        return stop.get();
    }

    /** The op that records a write by {@code who} under {@code token}: put it in the guarded write. */
    public TxnOp record(String who, long token) {
        return new TxnOp.Create(ZPaths.join(dir, PREFIX), Bytes.utf8(who + ":" + token), Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL, -1, false);
    }

    /** Adds a worker that repeats {@code round} until the run stops; anything it throws is an error. */
    public void worker(String name, Round round) {
        workers.add(new Thread(() -> {
            for (int i = 0; i < MAX_ROUNDS && !stop.get(); i++) {
                try {
                    round.run();
                } catch (Throwable t) {
                    errors.add(t);
                    return;
                }
            }
        }, name));
    }

    /**
     * Starts the workers and injects a fault into a random client every 150-350 ms, for the run's
     * time and then on until at least {@code minFaults} faults were injected and {@code minWrites}
     * writes recorded (a loaded machine gets more time, not a failed test; at most
     * {@value #MAX_RUN_MS} ms, or the soak time); then stops the workers and waits for them. Fails on any worker error.
     *
     * @return the number of faults injected
     */
    public int run(List<WardenClient> victims, int minFaults, int minWrites) throws Exception {
        workers.forEach(Thread::start);
        long start = System.nanoTime();
        int faults = 0;
        for (int round = 0; round < MAX_FAULT_ROUNDS; round++) {
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (elapsedMs >= Math.max(MAX_RUN_MS, runMs)
                    || elapsedMs >= runMs && faults >= minFaults && recordedCount() >= minWrites) {
                break;
            }
            Thread.sleep(150 + random.nextInt(200)); // the fault schedule, not synchronisation
            WardenClient victim = victims.get(random.nextInt(victims.size()));
            if (victim.sessionId() == 0) {
                continue;
            }
            if (random.nextBoolean()) {
                ClientTestSupport.forceConnectionLoss(victim);
            } else {
                ClientTestSupport.forceSessionExpiry(victim);
            }
            faults++;
        }
        stop.set(true);
        for (Thread t : workers) {
            t.join(JOIN_MS);
            assertFalse(t.isAlive(), t.getName() + " finished");
        }
        assertEquals(List.of(), errors, "worker errors, seed " + seed);
        return faults;
    }

    private int recordedCount() {
        try {
            return admin.blocking().getChildren(dir).size();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The recorded writes in server order. */
    public List<Histories.GuardedWrite> read(WardenClient admin) throws Exception {
        List<Histories.GuardedWrite> out = new ArrayList<>();
        for (String name : admin.blocking().getChildren(dir)) {
            String data = admin.blocking().getData(ZPaths.join(dir, name)).utf8();
            int colon = data.lastIndexOf(':');
            out.add(new Histories.GuardedWrite(Long.parseLong(name.substring(PREFIX.length())),
                    data.substring(0, colon), Long.parseLong(data.substring(colon + 1))));
        }
        out.sort(Comparator.comparingLong(Histories.GuardedWrite::serverSeq));
        return out;
    }
}
