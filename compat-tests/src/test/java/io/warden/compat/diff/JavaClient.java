package io.warden.compat.diff;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.data.Id;
import io.warden.protocol.data.Stat;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;

/**
 * The official ZooKeeper 3.9.5 Java client as a scenario participant. Each call records its
 * outcome (the result converted to our records, or the KeeperException code, path and multi
 * results); watch events are queued by the client's event thread and recorded at
 * {@link #drain()} points, in delivery order.
 *
 * <p>Why drain through sync: the client delivers watch events and async callbacks on one event
 * thread in arrival order, and the server sends notifications before the reply that reflects
 * them; so once the callback of a {@code sync} sent now has run, every event due so far is in the
 * queue. That makes the recorded position of events deterministic.
 *
 * <p>Thread-confined to the scenario thread, except the watcher callbacks (client event thread),
 * which only offer to a bounded thread-safe queue.
 */
final class JavaClient {
    private static final int MAX_QUEUED_EVENTS = 10_000;

    private final String actor;
    private final Transcript transcript;
    private final Duration timeout;
    private final BlockingQueue<Transcript.Event> events = new LinkedBlockingQueue<>(MAX_QUEUED_EVENTS);
    private final AtomicInteger droppedEvents = new AtomicInteger();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final AtomicBoolean recording = new AtomicBoolean(true);
    private ZooKeeper zk;
    private boolean closed;

    private JavaClient(String actor, Transcript transcript, Duration timeout) {
        this.actor = actor;
        this.transcript = transcript;
        this.timeout = timeout;
    }

    /** A named result of the connect step. */
    record Connected(long sessionId, int timeOut) {
    }

    /** getData / getConfig result. */
    record DataAndStat(Bytes data, Stat stat) {
    }

    /** getChildren without a Stat (opcode 8). */
    record Children(List<String> children) {
    }

    /** getChildren with a Stat (opcode 12). */
    record ChildrenAndStat(List<String> children, Stat stat) {
    }

    /** getACL result. */
    record AclAndStat(List<Acl> acl, Stat stat) {
    }

    /** create with a Stat (create2 / container / TTL). */
    record PathAndStat(String path, Stat stat) {
    }

    /** getEphemerals result. */
    record Ephemerals(List<String> ephemerals) {
    }

    /** whoAmI result. */
    record Identities(List<ClientInfo> clientInfo) {
    }

    /** A callback's result code (sync). */
    record ResultCode(int code) {
    }

    /** A void call that succeeded. */
    record Ok() {
    }

    /** A multi result of the official client, with its type tag. */
    record MultiResult(int type, String path, Stat stat, Bytes data, List<String> children, Integer err) {
    }

    /** A call on the real client. */
    @FunctionalInterface
    interface KeeperCall<T> {
        T call(ZooKeeper zk) throws Exception;
    }

    /** Opens a session and waits for SyncConnected; records the negotiated session. */
    static JavaClient connect(String actor, Endpoint target, Transcript transcript, Duration timeout) {
        JavaClient client = new JavaClient(actor, transcript, timeout);
        try {
            client.zk = new ZooKeeper(target.connectString(), RawSession.SESSION_TIMEOUT_MS,
                    client.watcher("default"));
            if (!client.connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                transcript.add(new Transcript.Timeout(actor, "SyncConnected"));
                client.cleanup();
                throw new ScenarioAbort(actor + ": not connected within " + timeout);
            }
        } catch (IOException e) {
            throw new ScenarioAbort(actor + ": cannot create client: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioAbort(actor + ": interrupted");
        }
        transcript.add(new Transcript.Call(actor, "connect",
                new Connected(client.zk.getSessionId(), client.zk.getSessionTimeout())));
        return client;
    }

    /** A watcher whose events are recorded under {@code label}. */
    Watcher watcher(String label) {
        return event -> {
            if (event.getType() == Watcher.Event.EventType.None
                    && event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
            if (!recording.get()) {
                return;
            }
            Transcript.Event recorded = new Transcript.Event(actor, label, event.getType().getIntValue(),
                    event.getState().getIntValue(), event.getPath(), event.getZxid());
            if (!events.offer(recorded)) {
                droppedEvents.incrementAndGet();
            }
        };
    }

    long sessionId() {
        return zk.getSessionId();
    }

    ZooKeeper zk() {
        return zk;
    }

    /**
     * Runs {@code call} and records its outcome under {@code operation}; returns the raw result,
     * or {@code null} if it threw a KeeperException or IllegalArgumentException (recorded too).
     */
    <T> T call(String operation, KeeperCall<T> call) {
        try {
            T result = call.call(zk);
            transcript.add(new Transcript.Call(actor, operation, convert(result)));
            return result;
        } catch (KeeperException e) {
            transcript.add(new Transcript.Call(actor, operation, new Transcript.Failure(
                    "KeeperException", e.code().name(), e.getPath(), convert(e.getResults()))));
            return null;
        } catch (IllegalArgumentException e) {
            transcript.add(new Transcript.Call(actor, operation,
                    new Transcript.Failure("IllegalArgumentException", null, e.getMessage(), null)));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioAbort(actor + ": interrupted in " + operation);
        } catch (Exception e) {
            transcript.add(new Transcript.Call(actor, operation,
                    new Transcript.Failure(e.getClass().getSimpleName(), null, e.getMessage(), null)));
            return null;
        }
    }

    String create(String path, String data, CreateMode mode) {
        return call("create " + path + " " + mode, z -> z.create(path, utf8(data), ZooDefs.Ids.OPEN_ACL_UNSAFE, mode));
    }

    PathAndStat create2(String path, String data, CreateMode mode) {
        return call("create2 " + path + " " + mode, z -> {
            org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
            String actual = z.create(path, utf8(data), ZooDefs.Ids.OPEN_ACL_UNSAFE, mode, stat);
            return new PathAndStat(actual, stat(stat));
        });
    }

    void delete(String path, int version) {
        call("delete " + path + " v" + version, z -> {
            z.delete(path, version);
            return new Ok();
        });
    }

    void exists(String path, Watcher watcher) {
        call("exists " + path + (watcher == null ? "" : " watch"), z -> stat(z.exists(path, watcher)));
    }

    void getData(String path, Watcher watcher) {
        call("getData " + path + (watcher == null ? "" : " watch"), z -> {
            org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
            byte[] data = z.getData(path, watcher, stat);
            return new DataAndStat(Bytes.copyOf(data), stat(stat));
        });
    }

    void setData(String path, String data, int version) {
        call("setData " + path + " v" + version, z -> stat(z.setData(path, utf8(data), version)));
    }

    void getChildren(String path, Watcher watcher) {
        call("getChildren " + path + (watcher == null ? "" : " watch"),
                z -> new Children(z.getChildren(path, watcher)));
    }

    void getChildren2(String path, Watcher watcher) {
        call("getChildren2 " + path + (watcher == null ? "" : " watch"), z -> {
            org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
            List<String> children = z.getChildren(path, watcher, stat);
            return new ChildrenAndStat(children, stat(stat));
        });
    }

    void getAcl(String path) {
        call("getACL " + path, z -> {
            org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
            List<ACL> acl = z.getACL(path, stat);
            return new AclAndStat(acls(acl), stat(stat));
        });
    }

    void setAcl(String path, List<ACL> acl, int version) {
        call("setACL " + path + " v" + version, z -> stat(z.setACL(path, acl, version)));
    }

    void multi(String operation, List<Op> ops) {
        call(operation, z -> z.multi(ops));
    }

    void addWatch(String path, Watcher watcher, AddWatchMode mode) {
        call("addWatch " + path + " " + mode, z -> {
            z.addWatch(path, watcher, mode);
            return new Ok();
        });
    }

    void sync(String path) {
        call("sync " + path, z -> {
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger rc = new AtomicInteger(Integer.MIN_VALUE);
            z.sync(path, (code, p, ctx) -> {
                rc.set(code);
                done.countDown();
            }, null);
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ScenarioAbort(actor + ": no sync callback");
            }
            return new ResultCode(rc.get());
        });
    }

    /** Records every watch event delivered so far (see the class comment). */
    void drain() {
        CountDownLatch done = new CountDownLatch(1);
        zk.sync("/", (rc, path, ctx) -> done.countDown(), null);
        try {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                transcript.add(new Transcript.Timeout(actor, "the drain sync callback"));
                throw new ScenarioAbort(actor + ": drain sync did not complete");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioAbort(actor + ": interrupted");
        }
        List<Transcript.Event> due = new ArrayList<>();
        events.drainTo(due);
        sortFanOut(due).forEach(transcript::add);
        int dropped = droppedEvents.getAndSet(0);
        if (dropped > 0) {
            transcript.add(new Transcript.Aborted(actor + " dropped " + dropped + " events (queue full)"));
        }
    }

    /**
     * The client hands one server notification to each of its watchers in hash-set order, which
     * differs from run to run; so within a run of events that share type, state, path and zxid
     * (one notification), order by watcher label.
     */
    static List<Transcript.Event> sortFanOut(List<Transcript.Event> due) {
        List<Transcript.Event> out = new ArrayList<>(due.size());
        int start = 0;
        while (start < due.size()) {
            Transcript.Event first = due.get(start);
            int end = start + 1;
            while (end < due.size() && sameNotification(first, due.get(end))) {
                end++;
            }
            List<Transcript.Event> group = new ArrayList<>(due.subList(start, end));
            group.sort(java.util.Comparator.comparing(Transcript.Event::watcher));
            out.addAll(group);
            start = end;
        }
        return out;
    }

    private static boolean sameNotification(Transcript.Event a, Transcript.Event b) {
        return a.type() == b.type() && a.state() == b.state() && a.zxid() == b.zxid()
                && java.util.Objects.equals(a.path(), b.path());
    }

    /** Drains, then closes the session (closeSession) and records it. */
    void close() {
        drain();
        recording.set(false);
        closed = true;
        try {
            boolean done = zk.close((int) timeout.toMillis());
            transcript.add(new Transcript.Call(actor, "close", done ? new Ok() : "close timed out"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioAbort(actor + ": interrupted in close");
        }
    }

    /** Closes the session if the scenario did not; records nothing. */
    void cleanup() {
        recording.set(false);
        if (closed || zk == null) {
            return;
        }
        closed = true;
        try {
            zk.close((int) timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Stat stat(org.apache.zookeeper.data.Stat s) {
        if (s == null) {
            return null;
        }
        return new Stat(s.getCzxid(), s.getMzxid(), s.getCtime(), s.getMtime(), s.getVersion(),
                s.getCversion(), s.getAversion(), s.getEphemeralOwner(), s.getDataLength(),
                s.getNumChildren(), s.getPzxid());
    }

    static List<ClientInfo> clientInfos(List<org.apache.zookeeper.data.ClientInfo> infos) {
        if (infos == null) {
            return null;
        }
        List<ClientInfo> out = new ArrayList<>(infos.size());
        for (org.apache.zookeeper.data.ClientInfo c : infos) {
            out.add(new ClientInfo(c.getAuthScheme(), c.getUser()));
        }
        return out;
    }

    static List<Acl> acls(List<ACL> acl) {
        if (acl == null) {
            return null;
        }
        List<Acl> out = new ArrayList<>(acl.size());
        for (ACL a : acl) {
            out.add(new Acl(a.getPerms(), new Id(a.getId().getScheme(), a.getId().getId())));
        }
        return out;
    }

    /** Converts client results to records the normalizer knows. */
    static Object convert(Object r) {
        if (r == null || r instanceof String || r instanceof Number || r instanceof Boolean
                || r instanceof Record) {
            return r;
        }
        if (r instanceof byte[] b) {
            return Bytes.copyOf(b);
        }
        if (r instanceof org.apache.zookeeper.data.Stat s) {
            return stat(s);
        }
        if (r instanceof ACL a) {
            return new Acl(a.getPerms(), new Id(a.getId().getScheme(), a.getId().getId()));
        }
        if (r instanceof org.apache.zookeeper.data.ClientInfo c) {
            return new ClientInfo(c.getAuthScheme(), c.getUser());
        }
        if (r instanceof OpResult o) {
            return opResult(o);
        }
        if (r instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(convert(item));
            }
            return out;
        }
        return r.getClass().getSimpleName() + ":" + r;
    }

    private static MultiResult opResult(OpResult o) {
        if (o instanceof OpResult.CreateResult c) {
            return new MultiResult(o.getType(), c.getPath(), stat(c.getStat()), null, null, null);
        } else if (o instanceof OpResult.SetDataResult s) {
            return new MultiResult(o.getType(), null, stat(s.getStat()), null, null, null);
        } else if (o instanceof OpResult.GetDataResult g) {
            return new MultiResult(o.getType(), null, stat(g.getStat()), Bytes.copyOf(g.getData()), null, null);
        } else if (o instanceof OpResult.GetChildrenResult g) {
            return new MultiResult(o.getType(), null, null, null, g.getChildren(), null);
        } else if (o instanceof OpResult.ErrorResult e) {
            return new MultiResult(o.getType(), null, null, null, null, e.getErr());
        }
        return new MultiResult(o.getType(), null, null, null, null, null);
    }
}
