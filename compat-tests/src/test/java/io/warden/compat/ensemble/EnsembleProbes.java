package io.warden.compat.ensemble;

import io.warden.compat.harness.Deadline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.admin.ZooKeeperAdmin;
import org.apache.zookeeper.data.Stat;

/**
 * What the ensemble differential tests ask a server, the same way of both ZooKeeper and Warden:
 * official-client connections that wait for SyncConnected, a reconfig's error, mntr parsing, the
 * text comparisons of their answers (labels, shapes, keys present), and the polling pause.
 */
final class EnsembleProbes {
    private EnsembleProbes() {
    }

    /** Makes an official client (or admin client) with the given default watcher. */
    @FunctionalInterface
    interface ClientFactory<T extends ZooKeeper> {
        T create(String connect, Watcher watcher) throws IOException;
    }

    /**
     * A client of {@code 127.0.0.1:port} (10 s session) once it is connected.
     *
     * @throws IOException if it does not connect before the deadline (the client is closed)
     */
    static <T extends ZooKeeper> T connect(int port, Deadline deadline, ClientFactory<T> factory)
            throws IOException, InterruptedException {
        BlockingQueue<WatchedEvent> connected = new ArrayBlockingQueue<>(16);
        T client = factory.create("127.0.0.1:" + port, ev -> {
            if (ev.getState() == Watcher.Event.KeeperState.SyncConnected
                    && ev.getType() == Watcher.Event.EventType.None) {
                connected.offer(ev);
            }
        });
        if (connected.poll(deadline.remainingMs(1), TimeUnit.MILLISECONDS) == null) {
            client.close();
            throw new IOException("no connection to port " + port);
        }
        return client;
    }

    /** An official client of {@code 127.0.0.1:port} once it is connected. */
    static ZooKeeper connect(int port, Deadline deadline) throws IOException, InterruptedException {
        return connect(port, deadline, (connect, watcher) -> new ZooKeeper(connect, 10_000, watcher));
    }

    /** What an incremental reconfig adding {@code serverLine} through this server fails with (OK if it did not). */
    static KeeperException.Code reconfigError(int port, String serverLine, Deadline deadline) throws Exception {
        ZooKeeperAdmin admin = connect(port, deadline,
                (connect, watcher) -> new ZooKeeperAdmin(connect, 10_000, watcher));
        try {
            admin.reconfigure(serverLine, null, null, -1, new Stat());
            return KeeperException.Code.OK;
        } catch (KeeperException e) {
            return e.code();
        } finally {
            admin.close();
        }
    }

    /** mntr's answer as key -> value, in order. */
    static Map<String, String> mntr(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : text.split("\n")) {
            String[] kv = l.split("\t", 2);
            m.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return m;
    }

    /** {@code text} with every run of digits replaced by {@code N} (compares shapes, not values). */
    static String digitsAsN(String text) {
        return text.replaceAll("\\d+", "N");
    }

    /** The text up to and including {@code separator} of each line (the whole line if it has none). */
    static List<String> labels(String text, char separator) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            int at = l.indexOf(separator);
            out.add(at < 0 ? l : l.substring(0, at + 1));
        }
        return out;
    }

    /** {@code stat}'s answer after its client list (from the blank line on). */
    static String afterClients(String stat) {
        int at = stat.indexOf("\n\n");
        return at < 0 ? stat : stat.substring(at + 2);
    }

    /** Which of {@code keys} the mntr answer has, sorted. */
    static Set<String> present(Map<String, String> mntr, List<String> keys) {
        Set<String> out = new TreeSet<>(keys);
        out.retainAll(mntr.keySet());
        return out;
    }

    /** The polling interval (100 ms), not synchronisation. */
    static void pause() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
