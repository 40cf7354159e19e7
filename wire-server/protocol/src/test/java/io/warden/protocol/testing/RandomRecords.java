package io.warden.protocol.testing;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.data.Id;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.AuthPacket;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CheckWatchesRequest;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteContainerRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetAllChildrenNumberRequest;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetEphemeralsRequest;
import io.warden.protocol.request.GetSASLRequest;
import io.warden.protocol.request.MultiHeader;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.ReconfigRequest;
import io.warden.protocol.request.RemoveWatchesRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.RequestHeader;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.ErrorResponse;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetACLResponse;
import io.warden.protocol.response.GetAllChildrenNumberResponse;
import io.warden.protocol.response.GetChildren2Response;
import io.warden.protocol.response.GetChildrenResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.GetEphemeralsResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.ReplyHeader;
import io.warden.protocol.response.Response;
import io.warden.protocol.response.SetACLResponse;
import io.warden.protocol.response.SetDataResponse;
import io.warden.protocol.response.SetSASLResponse;
import io.warden.protocol.response.SyncResponse;
import io.warden.protocol.response.WatcherEvent;
import io.warden.protocol.response.WhoAmIResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A seeded generator of random instances of every wire record, for round-trip, cross-check and
 * fuzz tests. The same seed always gives the same sequence of values, so a failure is reproduced
 * by rerunning with {@code -Dwarden.seed=<seed>} (see {@link Seeds}).
 *
 * <p>What it generates on purpose:
 * <ul>
 *   <li>nulls and empties for every buffer, ustring and vector, as distinct values (jute writes
 *       -1 for null and 0 for empty, and the server must keep them apart);</li>
 *   <li>boundary ints and longs (0, ±1, MIN, MAX, byte and short edges) mixed with uniform ones;</li>
 *   <li>ustrings made of Basic Multilingual Plane characters that are not surrogates, including
 *       NUL, controls and U+FFFF. Characters outside the BMP are left out on purpose: jute's writer
 *       encodes each UTF-16 unit on its own (a surrogate pair becomes two 3-byte sequences, CESU-8
 *       style) while we write standard UTF-8 (one 4-byte sequence), so their bytes differ by design
 *       and a byte-for-byte cross-check could not hold. Readers on both sides decode standard UTF-8,
 *       and such characters cannot appear in a valid path (PROTOCOL.md sections 2 and 15);</li>
 *   <li>multi requests with random mixes of the sub-ops each opcode allows. In {@code strict} mode
 *       they are exactly what jute's {@code MultiOperationRecord} reproduces (create flags that
 *       match the sub-op type, non-null ACL lists, watch false for read sub-ops), as the official
 *       client sends them.</li>
 * </ul>
 *
 * <p>Sizes stay small (strings up to a few hundred bytes, vectors up to 6 elements) so that tests
 * run fast; {@link #bytes()} occasionally gives a few KiB.
 *
 * <p>Thread-confined: one instance per test thread.
 */
public final class RandomRecords {
    private static final int[] INT_EDGES = {
        0, 1, -1, 2, -2, 3, 127, 128, -128, -129, 255, 256, 0x7fff, 0x8000, 0xffff, 0x10000,
        0xfffff, 0x100000, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
        Integer.MIN_VALUE + 1,
    };
    private static final long[] LONG_EDGES = {
        0L, 1L, -1L, 2L, -2L, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0x100000000L,
        -0x80000000L, -0x80000001L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1,
        Long.MIN_VALUE + 1, 0x00FFFFFFFFFFL, 0x01000006bf870000L,
    };
    private static final String[] PATH_SEGMENTS = {
        "a", "b", "demo", "zookeeper", "config", "quota", "lock-", "x0000000001", "n_0000000042",
        "é", "日本", ".", "..", "", " ", "\u0000", "\u00ff", "\uffff",
    };
    private static final OpCode[] WRITE_SUB_OPS = {
        OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE,
        OpCode.SET_DATA, OpCode.CHECK,
    };
    private static final OpCode[] READ_SUB_OPS = {OpCode.GET_DATA, OpCode.GET_CHILDREN};

    private final long seed;
    private final SplittableRandom random;

    public RandomRecords(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The seed this generator started from. */
    public long seed() {
        return seed;
    }

    // ---------------------------------------------------------------- primitives

    /** Uniform in {@code [0, bound)}. */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in {@code [origin, bound)}. */
    public int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    /** True with probability {@code percent}/100. */
    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** One of the given values. */
    @SafeVarargs
    public final <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** Any int, about a third of the time a boundary value. */
    public int anyInt() {
        int kind = random.nextInt(6);
        return switch (kind) {
            case 0, 1 -> INT_EDGES[random.nextInt(INT_EDGES.length)];
            case 2 -> random.nextInt(-16, 64);
            default -> random.nextInt();
        };
    }

    /** Any long, about a third of the time a boundary value. */
    public long anyLong() {
        int kind = random.nextInt(6);
        return switch (kind) {
            case 0, 1 -> LONG_EDGES[random.nextInt(LONG_EDGES.length)];
            case 2 -> INT_EDGES[random.nextInt(INT_EDGES.length)];
            default -> random.nextLong();
        };
    }

    /** A random byte array of exactly {@code length} bytes. */
    public byte[] byteArray(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    /** A buffer: null (10%), empty (10%), or 1 to 64 random bytes, rarely up to 4 KiB. */
    public Bytes bytes() {
        int kind = random.nextInt(20);
        if (kind < 2) {
            return null;
        }
        if (kind < 4) {
            return Bytes.EMPTY;
        }
        int length = kind == 4 ? random.nextInt(1, 4096) : random.nextInt(1, 65);
        return Bytes.wrapOwned(byteArray(length));
    }

    /** A session password: usually 16 bytes, sometimes null, empty or another length. */
    public Bytes password() {
        return chance(70) ? Bytes.wrapOwned(byteArray(16)) : bytes();
    }

    /** A character of the Basic Multilingual Plane that is not a surrogate (see class javadoc). */
    public char bmpChar() {
        char c;
        do {
            c = (char) random.nextInt(0x10000);
        } while (Character.isSurrogate(c));
        return c;
    }

    /** A ustring: null (10%), empty (10%), ASCII, Latin or any BMP non-surrogate text. */
    public String string() {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return "";
        }
        int length = chance(5) ? random.nextInt(1, 300) : random.nextInt(1, 24);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(switch (kind) {
                case 2, 3, 4, 5 -> (char) random.nextInt(0x20, 0x7f);
                case 6 -> (char) random.nextInt(0, 0x800);
                default -> bmpChar();
            });
        }
        return sb.toString();
    }

    /**
     * A path: usually a plausible absolute path (valid or not: "." segments, NUL, trailing or
     * double slashes), sometimes null, empty or arbitrary text. The codec never validates paths.
     */
    public String path() {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return "";
        }
        if (kind == 2) {
            return string();
        }
        if (kind == 3) {
            return "/";
        }
        int depth = random.nextInt(1, 5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append('/').append(PATH_SEGMENTS[random.nextInt(PATH_SEGMENTS.length)]);
        }
        if (chance(5)) {
            sb.append('/');
        }
        return sb.toString();
    }

    /** A vector: null (10%), empty (15%), else 1 to 6 elements from {@code element}. */
    public <T> List<T> list(Supplier<T> element) {
        int kind = random.nextInt(20);
        if (kind < 2) {
            return null;
        }
        if (kind < 5) {
            return List.of();
        }
        int size = random.nextInt(1, 7);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    /** A vector of ustrings; elements may be null or empty (Kazoo sends "" as null). */
    public List<String> strings() {
        return list(this::string);
    }

    /** A vector of paths, as in setWatches and getEphemerals. */
    public List<String> paths() {
        return list(this::path);
    }

    // ---------------------------------------------------------------- shared records

    public Stat stat() {
        return new Stat(anyLong(), anyLong(), anyLong(), anyLong(), anyInt(), anyInt(), anyInt(),
                anyLong(), anyInt(), anyInt(), anyLong());
    }

    public Id id() {
        return switch (random.nextInt(5)) {
            case 0 -> Id.ANYONE;
            case 1 -> Id.AUTH_IDS;
            case 2 -> new Id("digest", "alice:" + string());
            default -> new Id(string(), string());
        };
    }

    public Acl acl() {
        int perms = chance(70) ? random.nextInt(0, Perms.ALL + 1) : anyInt();
        return new Acl(perms, id());
    }

    /** An ACL vector: null, empty or 1 to 6 entries. */
    public List<Acl> acls() {
        return list(this::acl);
    }

    /** A non-null ACL vector (what the official client always sends). */
    public List<Acl> nonNullAcls() {
        List<Acl> acls = acls();
        return acls == null ? Acl.OPEN_ACL_UNSAFE : acls;
    }

    public ClientInfo clientInfo() {
        return new ClientInfo(string(), string());
    }

    // ---------------------------------------------------------------- handshake and headers

    /** A ConnectRequest with or without the trailing readOnly byte. */
    public ConnectRequest connectRequest() {
        return connectRequest(bool());
    }

    /** A ConnectRequest; {@code readOnly} is false when the byte is absent (the decoder's value). */
    public ConnectRequest connectRequest(boolean hasReadOnly) {
        return new ConnectRequest(anyInt(), anyLong(), anyInt(), anyLong(), password(),
                hasReadOnly && bool(), hasReadOnly);
    }

    /** A ConnectResponse with or without the trailing readOnly byte. */
    public ConnectResponse connectResponse() {
        return connectResponse(bool());
    }

    public ConnectResponse connectResponse(boolean hasReadOnly) {
        if (chance(5)) {
            return ConnectResponse.invalid(hasReadOnly);
        }
        return new ConnectResponse(anyInt(), anyInt(), anyLong(), password(), hasReadOnly && bool(),
                hasReadOnly);
    }

    public RequestHeader requestHeader() {
        return new RequestHeader(anyInt(), anyInt());
    }

    public ReplyHeader replyHeader() {
        return new ReplyHeader(anyInt(), anyLong(), anyInt());
    }

    public MultiHeader multiHeader() {
        return new MultiHeader(anyInt(), bool(), anyInt());
    }

    // ---------------------------------------------------------------- requests

    /** Create flags: usually a valid CreateMode flag, sometimes any int. */
    private int createFlags() {
        return chance(80) ? random.nextInt(0, 7) : anyInt();
    }

    public CreateRequest createRequest() {
        return new CreateRequest(path(), bytes(), acls(), createFlags());
    }

    public CreateTTLRequest createTTLRequest() {
        return new CreateTTLRequest(path(), bytes(), acls(), createFlags(), anyLong());
    }

    public DeleteRequest deleteRequest() {
        return new DeleteRequest(path(), anyInt());
    }

    public ExistsRequest existsRequest() {
        return new ExistsRequest(path(), bool());
    }

    public GetDataRequest getDataRequest() {
        return new GetDataRequest(path(), bool());
    }

    public SetDataRequest setDataRequest() {
        return new SetDataRequest(path(), bytes(), anyInt());
    }

    public GetACLRequest getACLRequest() {
        return new GetACLRequest(path());
    }

    public SetACLRequest setACLRequest() {
        return new SetACLRequest(path(), acls(), anyInt());
    }

    public GetChildrenRequest getChildrenRequest() {
        return new GetChildrenRequest(path(), bool());
    }

    public SyncRequest syncRequest() {
        return new SyncRequest(path());
    }

    public GetChildren2Request getChildren2Request() {
        return new GetChildren2Request(path(), bool());
    }

    public CheckVersionRequest checkVersionRequest() {
        return new CheckVersionRequest(path(), anyInt());
    }

    /** A multi (14) body: 0 to 8 write sub-ops, strict or not at random. */
    public MultiRequest multiRequest() {
        return multiRequest(false, chance(50));
    }

    /** A multiRead (22) body: 0 to 8 read sub-ops, strict or not at random. */
    public MultiRequest multiReadRequest() {
        return multiRequest(true, chance(50));
    }

    /**
     * A multi body of read sub-ops (getData, getChildren) or write sub-ops (create, create2,
     * createContainer, createTTL, delete, setData, check), never mixed. {@code strict} keeps to
     * what jute's MultiOperationRecord reproduces: flags 0..3 for create and create2, 4 for
     * createContainer, 5 or 6 for createTTL, non-null ACLs, watch false for reads.
     */
    public MultiRequest multiRequest(boolean reads, boolean strict) {
        int count = random.nextInt(0, 9);
        List<MultiRequest.Op> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            OpCode type = reads ? pick(READ_SUB_OPS) : pick(WRITE_SUB_OPS);
            ops.add(new MultiRequest.Op(type, subOp(type, strict)));
        }
        return new MultiRequest(ops);
    }

    private Request subOp(OpCode type, boolean strict) {
        return switch (type) {
            case CREATE, CREATE2 -> strict
                    ? new CreateRequest(path(), bytes(), nonNullAcls(), random.nextInt(0, 4))
                    : createRequest();
            case CREATE_CONTAINER -> strict
                    ? new CreateRequest(path(), bytes(), nonNullAcls(), 4)
                    : createRequest();
            case CREATE_TTL -> strict
                    ? new CreateTTLRequest(path(), bytes(), nonNullAcls(), random.nextInt(5, 7),
                            anyLong())
                    : createTTLRequest();
            case DELETE -> deleteRequest();
            case SET_DATA -> setDataRequest();
            case CHECK -> checkVersionRequest();
            case GET_DATA -> new GetDataRequest(path(), !strict && bool());
            case GET_CHILDREN -> new GetChildrenRequest(path(), !strict && bool());
            default -> throw new IllegalArgumentException("not a multi sub-op: " + type);
        };
    }

    public ReconfigRequest reconfigRequest() {
        return new ReconfigRequest(string(), string(), string(), anyLong());
    }

    /** Watcher types: usually 1..5, sometimes any int (the server answers MARSHALLINGERROR). */
    private int watcherType() {
        return chance(80) ? random.nextInt(1, 6) : anyInt();
    }

    public CheckWatchesRequest checkWatchesRequest() {
        return new CheckWatchesRequest(path(), watcherType());
    }

    public RemoveWatchesRequest removeWatchesRequest() {
        return new RemoveWatchesRequest(path(), watcherType());
    }

    public DeleteContainerRequest deleteContainerRequest() {
        return new DeleteContainerRequest(path());
    }

    public AuthPacket authPacket() {
        int type = chance(80) ? 0 : anyInt();
        String scheme = chance(50) ? pick("digest", "ip", "sasl", "super", "world") : string();
        return new AuthPacket(type, scheme, bytes());
    }

    public SetWatches setWatches() {
        return new SetWatches(anyLong(), paths(), paths(), paths());
    }

    public GetSASLRequest getSASLRequest() {
        return new GetSASLRequest(bytes());
    }

    public GetEphemeralsRequest getEphemeralsRequest() {
        return new GetEphemeralsRequest(path());
    }

    public GetAllChildrenNumberRequest getAllChildrenNumberRequest() {
        return new GetAllChildrenNumberRequest(path());
    }

    public SetWatches2 setWatches2() {
        return new SetWatches2(anyLong(), paths(), paths(), paths(), paths(), paths());
    }

    public AddWatchRequest addWatchRequest() {
        return new AddWatchRequest(path(), chance(80) ? random.nextInt(0, 2) : anyInt());
    }

    /** A request body for {@code op} (see {@link OpCodeTable}). */
    public Request request(OpCode op) {
        return OpCodeTable.of(op).request(this);
    }

    /** A successful reply body for {@code op} (see {@link OpCodeTable}). */
    public Response response(OpCode op) {
        return OpCodeTable.of(op).response(this);
    }

    /** A request frame for {@code op}, with the xid a client would use (-2 ping, -4 auth). */
    public RequestFrame requestFrame(OpCode op) {
        int xid = switch (op) {
            case PING -> Xids.PING;
            case AUTH -> Xids.AUTH;
            case SET_WATCHES, SET_WATCHES2 -> chance(30) ? Xids.SET_WATCHES : random.nextInt(1, 1 << 20);
            default -> chance(80) ? random.nextInt(1, 1 << 20) : anyInt();
        };
        return new RequestFrame(new RequestHeader(xid, op.code()), request(op));
    }

    /**
     * A successful reply frame for a request of type {@code op} with the given {@code xid}, which
     * should not be -1 (notifications) unless {@code op} is ping (-2) or auth (-4), whose replies
     * have no body.
     */
    public ReplyFrame replyFrame(OpCode op, int xid) {
        return ReplyFrame.ok(xid, anyLong(), response(op));
    }

    /** An xid a client may use for an ordinary request: anything but -1, -2 and -4. */
    public int ordinaryXid() {
        int xid;
        do {
            xid = chance(80) ? random.nextInt(1, 1 << 20) : anyInt();
        } while (xid == Xids.NOTIFICATION || xid == Xids.PING || xid == Xids.AUTH);
        return xid;
    }

    // ---------------------------------------------------------------- responses

    public CreateResponse createResponse() {
        return new CreateResponse(path());
    }

    public Create2Response create2Response() {
        return new Create2Response(path(), stat());
    }

    public ExistsResponse existsResponse() {
        return new ExistsResponse(stat());
    }

    public GetDataResponse getDataResponse() {
        return new GetDataResponse(bytes(), stat());
    }

    public SetDataResponse setDataResponse() {
        return new SetDataResponse(stat());
    }

    public GetACLResponse getACLResponse() {
        return new GetACLResponse(acls(), stat());
    }

    public SetACLResponse setACLResponse() {
        return new SetACLResponse(stat());
    }

    public GetChildrenResponse getChildrenResponse() {
        return new GetChildrenResponse(strings());
    }

    public SyncResponse syncResponse() {
        return new SyncResponse(path());
    }

    public GetChildren2Response getChildren2Response() {
        return new GetChildren2Response(strings(), stat());
    }

    public SetSASLResponse setSASLResponse() {
        return new SetSASLResponse(bytes());
    }

    public GetEphemeralsResponse getEphemeralsResponse() {
        return new GetEphemeralsResponse(paths());
    }

    public GetAllChildrenNumberResponse getAllChildrenNumberResponse() {
        return new GetAllChildrenNumberResponse(anyInt());
    }

    public ErrorResponse errorResponse() {
        return new ErrorResponse(chance(80) ? 0 : anyInt());
    }

    public WhoAmIResponse whoAmIResponse() {
        return new WhoAmIResponse(list(this::clientInfo));
    }

    public WatcherEvent watcherEvent() {
        int type = chance(80) ? random.nextInt(-1, 8) : anyInt();
        int state = chance(80) ? 3 : anyInt();
        return new WatcherEvent(type, state, path());
    }

    /** One multi result of any of the eight kinds. */
    public OpResult opResult() {
        return switch (random.nextInt(8)) {
            case 0 -> new OpResult.CreateResult(path());
            case 1 -> new OpResult.Create2Result(path(), stat());
            case 2 -> new OpResult.DeleteResult();
            case 3 -> new OpResult.SetDataResult(stat());
            case 4 -> new OpResult.CheckResult();
            case 5 -> new OpResult.GetDataResult(bytes(), stat());
            case 6 -> new OpResult.GetChildrenResult(strings());
            default -> new OpResult.ErrorResult(chance(70) ? pick(0, -2, -101, -103, -110) : anyInt());
        };
    }

    /** A multi reply of 0 to 8 results of random kinds. */
    public MultiResponse multiResponse() {
        int count = random.nextInt(0, 9);
        List<OpResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(opResult());
        }
        return new MultiResponse(results);
    }
}
