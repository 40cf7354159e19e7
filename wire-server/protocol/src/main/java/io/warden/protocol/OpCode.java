package io.warden.protocol;

/**
 * ZooKeeper request types ({@code ZooDefs.OpCode}) with their wire ints.
 *
 * <p>Immutable. {@link #fromCode(int)} returns {@code null} for a code that is not an opcode of
 * ZooKeeper 3.9, so that the server can answer UNIMPLEMENTED without an exception.
 */
public enum OpCode {
    NOTIFICATION(0, "notification", "NOTI", Kind.NONE),
    CREATE(1, "create", "CREA", Kind.WRITE),
    DELETE(2, "delete", "DELE", Kind.WRITE),
    EXISTS(3, "exists", "EXIS", Kind.READ),
    GET_DATA(4, "getData", "GETD", Kind.READ),
    SET_DATA(5, "setData", "SETD", Kind.WRITE),
    GET_ACL(6, "getACL", "GETA", Kind.READ),
    SET_ACL(7, "setACL", "SETA", Kind.WRITE),
    GET_CHILDREN(8, "getChildren", "GETC", Kind.READ),
    SYNC(9, "sync", "SYNC", Kind.READ),
    PING(11, "ping", "PING", Kind.NONE),
    GET_CHILDREN2(12, "getChildren2", "GETC", Kind.READ),
    CHECK(13, "check", "CHEC", Kind.WRITE),
    MULTI(14, "multi", "MULT", Kind.WRITE),
    CREATE2(15, "create2", "CREA", Kind.WRITE),
    RECONFIG(16, "reconfig", "RECO", Kind.WRITE),
    CHECK_WATCHES(17, "checkWatches", "CHKW", Kind.NONE),
    REMOVE_WATCHES(18, "removeWatches", "REMW", Kind.NONE),
    CREATE_CONTAINER(19, "createContainer", "CREA", Kind.WRITE),
    DELETE_CONTAINER(20, "deleteContainer", "DELE", Kind.WRITE),
    CREATE_TTL(21, "createTTL", "CREA", Kind.WRITE),
    MULTI_READ(22, "multiRead", "MLTR", Kind.READ),
    AUTH(100, "auth", "AUTH", Kind.NONE),
    SET_WATCHES(101, "setWatches", "SETW", Kind.NONE),
    SASL(102, "sasl", "SASL", Kind.NONE),
    GET_EPHEMERALS(103, "getEphemerals", "GETE", Kind.READ),
    GET_ALL_CHILDREN_NUMBER(104, "getAllChildrenNumber", "GETA", Kind.READ),
    SET_WATCHES2(105, "setWatches2", "SETW", Kind.NONE),
    ADD_WATCH(106, "addWatch", "ADDW", Kind.NONE),
    WHO_AM_I(107, "whoAmI", "HOMI", Kind.NONE),
    CREATE_SESSION(-10, "createSession", "SESS", Kind.WRITE),
    CLOSE_SESSION(-11, "closeSession", "CLOS", Kind.WRITE),
    ERROR(-1, "error", "ERRO", Kind.NONE);

    /** Whether an op reads state, changes it (consumes a zxid) or is neither. */
    public enum Kind { READ, WRITE, NONE }

    private static final OpCode[] POSITIVE = new OpCode[108];

    static {
        for (OpCode op : values()) {
            if (op.code >= 0) {
                POSITIVE[op.code] = op;
            }
        }
    }

    private final int code;
    private final String zkName;
    private final String shortName;
    private final Kind kind;

    OpCode(int code, String zkName, String shortName, Kind kind) {
        this.code = code;
        this.zkName = zkName;
        this.shortName = shortName;
        this.kind = kind;
    }

    /** The int on the wire. */
    public int code() {
        return code;
    }

    /** The name ZooKeeper uses in {@code ZooDefs.OpCode} and its logs. */
    public String zkName() {
        return zkName;
    }

    /** The four-letter abbreviation the {@code cons} command prints as {@code lop=}. */
    public String shortName() {
        return shortName;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isWrite() {
        return kind == Kind.WRITE;
    }

    /** The opcode for a wire int, or {@code null} if ZooKeeper 3.9 has no such opcode. */
    public static OpCode fromCode(int code) {
        if (code >= 0 && code < POSITIVE.length) {
            return POSITIVE[code];
        }
        return switch (code) {
            case -10 -> CREATE_SESSION;
            case -11 -> CLOSE_SESSION;
            case -1 -> ERROR;
            default -> null;
        };
    }
}
