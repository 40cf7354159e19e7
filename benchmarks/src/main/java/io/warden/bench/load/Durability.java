package io.warden.bench.load;

import java.io.IOException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * What a server does with an acknowledged write when it crashes, found out rather than assumed:
 * create a znode, wait for the reply, SIGKILL the server, start it again on the same data
 * directory and look for the znode. The label goes into every report, so a run that compares an
 * in-memory server with an fsyncing one says so. Immutable.
 *
 * @param durable whether the acknowledged write survived the crash
 * @param label one line for reports
 * @param restartMillis from forking the new process to its first session (small tree)
 */
record Durability(boolean durable, String label, double restartMillis) {
    /** The probe znode, outside the runner's root so that a crash mid-run leaves nothing inside. */
    static final String PROBE = "/warden-bench-durability-probe";

    static final String DURABLE = "durable: a write acknowledged before SIGKILL was present after restart";
    static final String IN_MEMORY = "IN-MEMORY (NOT DURABLE): a write acknowledged before SIGKILL was lost on restart";

    /** A server that was not probed. */
    static Durability unknown(String why) {
        return new Durability(false, "durability unknown: " + why, Double.NaN);
    }

    /** The probe's outcome and the restarted server, which replaces {@code server}. */
    record Probed(ServerProcess server, Durability durability) {
    }

    /**
     * Runs the probe on a freshly started server (nothing else connected).
     *
     * @throws IOException if the server does not come back; it is then stopped
     */
    static Probed probe(ServerProcess server, MonotonicClock clock)
            throws IOException, InterruptedException {
        ZooKeeper zk = ZkConnect.open(server.port(), ServerProcess.START_TIMEOUT_MS);
        try {
            zk.create(PROBE, new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException e) {
            if (e.code() != KeeperException.Code.NODEEXISTS) {
                throw new IOException("durability probe: create failed: " + e.code(), e);
            }
        } finally {
            ZkConnect.closeQuietly(zk);
        }
        server.kill();
        ServerProcess.Restarted restarted = server.restartTimed(clock);
        ServerProcess again = restarted.server();
        double restartMs = restarted.nanos() / 1e6;
        zk = ZkConnect.open(again.port(), ServerProcess.START_TIMEOUT_MS);
        try {
            boolean present = zk.exists(PROBE, false) != null;
            if (present) {
                zk.delete(PROBE, -1);
            }
            return new Probed(again, new Durability(present, present ? DURABLE : IN_MEMORY, restartMs));
        } catch (KeeperException e) {
            again.close();
            throw new IOException("durability probe: read-back failed: " + e.code(), e);
        } finally {
            ZkConnect.closeQuietly(zk);
        }
    }
}
