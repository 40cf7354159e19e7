package io.warden.bench.state;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.server.state.OpOutcome;
import io.warden.server.state.ReadContext;
import io.warden.server.state.StateConfig;
import io.warden.server.state.StateMachine;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.RequestTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import io.warden.server.watch.WatchTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one state-machine operation against a tree of {@code znodes} leaves (default 1M,
 * 100 B of data each, 1000 per parent under {@code /bench}), called directly:
 *
 * <ul>
 *   <li>{@link #create}: apply a create of a new 100 B persistent znode under a random parent.
 *       Timed in batches of {@link #CREATE_BATCH} creates per iteration (single-shot mode: the
 *       score is the time of the whole batch, divide by {@value #CREATE_BATCH} for one create),
 *       and the batch is deleted, untimed, after each iteration, so the tree stays at its size
 *       instead of growing by millions of znodes;
 *   <li>{@link #setData}: apply a setData of 100 B to a random leaf, any version;
 *   <li>{@link #getData}: read a random leaf without a watch.
 * </ul>
 *
 * <p>Random leaves come from a pre-drawn table, so the timed code does no arithmetic beyond an
 * index. Each apply consumes the next zxid, as the sequencer would. The tree is built once per
 * fork (about 10 s for 1M; give the fork {@code -Xmx3g}).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ApplyBenchmark -prof gc</pre>
 *
 * <p>Thread-confined: one benchmark thread (the state machine's contract: one apply thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ApplyBenchmark {
    static final long SESSION = 0x0100000000000001L;
    static final List<Id> IDS = List.of(new Id("ip", "127.0.0.1"));
    static final int PER_PARENT = 1000;
    static final int DRAWN = 1 << 16;
    /** Creates per timed batch in {@link #create}. */
    public static final int CREATE_BATCH = 50_000;

    @Param("1000000")
    public int znodes;

    private StateMachine sm;
    private long zxid;
    private long timeMs = 1_700_000_000_000L;
    private Bytes value;
    private String[] leaves;
    private String[] newPaths;
    private int next;
    private long created;
    private final List<String> createdThisIteration = new ArrayList<>();
    private ReadContext readContext;

    @Setup(Level.Trial)
    public void build() {
        SplittableRandom rnd = new SplittableRandom(42);
        byte[] b = new byte[100];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        value = Bytes.copyOf(b);
        sm = new StateMachine(StateConfig.defaults());
        applyOk(new CreateSessionTxn(30_000, Bytes.copyOf(new byte[16])));
        applyOk(create("/bench"));
        for (int i = 0; i < znodes; i++) {
            if (i % PER_PARENT == 0) {
                applyOk(create("/bench/p" + i / PER_PARENT));
            }
            applyOk(create(leaf(i)));
        }
        leaves = new String[DRAWN];
        newPaths = new String[DRAWN];
        int parents = Math.max(1, (znodes + PER_PARENT - 1) / PER_PARENT);
        for (int i = 0; i < DRAWN; i++) {
            leaves[i] = leaf(rnd.nextInt(znodes));
            newPaths[i] = "/bench/p" + rnd.nextInt(parents) + "/x";
        }
        readContext = new ReadContext(SESSION, IDS, new Target());
    }

    /** The connection that reads would register watches for (none are set). */
    private static final class Target implements WatchTarget {
        @Override
        public List<Id> identities() {
            return IDS;
        }

        @Override
        public long sessionId() {
            return SESSION;
        }
    }

    private static String leaf(int i) {
        return "/bench/p" + i / PER_PARENT + "/n" + i;
    }

    private RequestTxn create(String path) {
        return new RequestTxn(OpCode.CREATE, new CreateRequest(path, value, Acl.OPEN_ACL_UNSAFE, 0), IDS);
    }

    private OpOutcome apply(Txn txn) {
        return sm.apply(new TxnHeader(SESSION, 1, ++zxid, ++timeMs), txn);
    }

    private void applyOk(Txn txn) {
        ErrorCode err = apply(txn).err();
        if (err != ErrorCode.OK) {
            throw new IllegalStateException(txn + " failed: " + err);
        }
    }

    @TearDown(Level.Iteration)
    public void dropCreated() {
        for (String p : createdThisIteration) {
            applyOk(new RequestTxn(OpCode.DELETE, new DeleteRequest(p, -1), IDS));
        }
        createdThisIteration.clear();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 5, batchSize = CREATE_BATCH)
    @Measurement(iterations = 10, batchSize = CREATE_BATCH)
    public OpOutcome create() {
        String path = newPaths[next++ & (DRAWN - 1)] + created++;
        createdThisIteration.add(path);
        return apply(create(path));
    }

    @Benchmark
    public OpOutcome setData() {
        return apply(new RequestTxn(OpCode.SET_DATA,
                new SetDataRequest(leaves[next++ & (DRAWN - 1)], value, -1), IDS));
    }

    @Benchmark
    public OpOutcome getData() {
        return sm.read(readContext, OpCode.GET_DATA,
                new GetDataRequest(leaves[next++ & (DRAWN - 1)], false));
    }
}
