package io.warden.server.txn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.OpCode;
import io.warden.protocol.codec.CodecException;
import io.warden.protocol.codec.RequestCodec;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.AuthPacket;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CheckWatchesRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteContainerRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetAllChildrenNumberRequest;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetEphemeralsRequest;
import io.warden.protocol.request.GetSASLRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.ReconfigRequest;
import io.warden.protocol.request.RemoveWatchesRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import io.warden.protocol.request.SyncRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The log encoding of a {@link TxnBatch}: what one log entry (a Raft entry) carries. Versioned,
 * checksummed, and strict: a batch decodes completely or not at all.
 *
 * <pre>
 * batch    = version:byte(=2; 1 is read too) count:int entry{count} crc32c:int
 * entry    = sessionId:long cxid:int zxid:long timeMs:long type:byte body
 * body     = (type 1, createSession) timeoutMs:int password:buffer
 *          | (type 2, closeSession)  nothing
 *          | (type 3, request)       op:int length:int request-body{length} identities:vector&lt;Id&gt;
 *          | (type 4, undecodable)   op:int identities:vector&lt;Id&gt;
 *          | (type 5, touchSessions) count:int sessionId:long{count}            (version 2)
 *          | (type 6, expireSession) decidedAtZxid:long                         (version 2)
 *          | (type 7, claimSessions) count:int sessionId:long{count}            (version 2)
 * </pre>
 * Type 7 is a {@link TouchSessionsTxn} that claims ownership ({@link TouchSessionsTxn#claim}),
 * only written by an ensemble member; it came after the version-2 layout without a version bump
 * (a build without it refuses such a batch as an unknown type, as it would an unknown version).
 * Version 2 only added types 5 and 6 (a version-1 batch holds types 1-4 and is still read):
 * a {@link TouchSessionsTxn}, and an expiry's {@link CloseSessionTxn} with the zxid at which it
 * was decided (a client's closeSession stays type 2).
 * Type 4 is a write whose body ZooKeeper could not decode (or an internal opcode sent as a
 * request): a {@link RequestTxn} with an {@link EmptyRequest} body that apply answers with an
 * error, still consuming its zxid.
 * Integers are big-endian; buffer, ustring and vector are jute's (length or count first, -1 for
 * null). The request body is the request record's own wire form, length-prefixed so that it
 * must be consumed exactly. The CRC32C (Castagnoli) covers every byte before it, version
 * included, so truncation and flipped bytes are detected before anything is parsed.
 *
 * <p>Compatibility rule: a reader refuses a version it does not know; a change of layout gets
 * a new version, and readers keep decoding the old ones for as long as logs or snapshots in that
 * version may exist.
 *
 * <p>Stateless and thread-safe.
 */
public final class TxnCodec {
    /** The version this build writes. */
    public static final int FORMAT_VERSION = 2;
    /** The oldest version this build still reads. */
    public static final int OLDEST_READABLE_VERSION = 1;

    private static final byte CREATE_SESSION = 1;
    private static final byte CLOSE_SESSION = 2;
    private static final byte REQUEST = 3;
    private static final byte UNDECODABLE_REQUEST = 4;
    private static final byte TOUCH_SESSIONS = 5;
    /** A touch that also claims the sessions' ownership for the entry's origin (same body). */
    private static final byte CLAIM_SESSIONS = 7;
    private static final byte EXPIRE_SESSION = 6;
    /** version + count + crc. */
    private static final int FRAMING_BYTES = 1 + 4 + 4;
    /** The smallest entry: the header and the type byte. */
    private static final int MIN_ENTRY_BYTES = 8 + 4 + 8 + 8 + 1;

    private TxnCodec() {
    }

    /** The encoded batch. */
    public static byte[] encode(TxnBatch batch) {
        ByteBuf buf = Unpooled.buffer(64 * batch.size() + FRAMING_BYTES);
        encode(batch, buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /**
     * Appends the encoded batch to {@code out}.
     *
     * @throws IllegalArgumentException if a request txn carries a body of another type than
     *     its opcode's (such a batch could not be read); an {@link EmptyRequest} body is always
     *     accepted (an undecodable write)
     */
    public static void encode(TxnBatch batch, ByteBuf out) {
        int start = out.writerIndex();
        WireWriter w = new WireWriter(out);
        out.writeByte(FORMAT_VERSION);
        w.writeInt(batch.size());
        for (StampedTxn t : batch.txns()) {
            writeEntry(w, t);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.nioBuffer(start, out.writerIndex() - start));
        w.writeInt((int) crc.getValue());
    }

    private static void writeEntry(WireWriter w, StampedTxn t) {
        TxnHeader h = t.header();
        w.writeLong(h.sessionId()).writeInt(h.cxid()).writeLong(h.zxid()).writeLong(h.timeMs());
        ByteBuf out = w.buffer();
        Txn txn = t.txn();
        if (txn instanceof CreateSessionTxn c) {
            out.writeByte(CREATE_SESSION);
            w.writeInt(c.timeoutMs()).writeBuffer(c.password());
        } else if (txn instanceof CloseSessionTxn c) {
            if (c.isExpiry()) {
                out.writeByte(EXPIRE_SESSION);
                w.writeLong(c.decidedAtZxid());
            } else {
                out.writeByte(CLOSE_SESSION);
            }
        } else if (txn instanceof TouchSessionsTxn touch) {
            out.writeByte(touch.claim() ? CLAIM_SESSIONS : TOUCH_SESSIONS);
            w.writeInt(touch.sessionIds().size());
            for (long id : touch.sessionIds()) {
                w.writeLong(id);
            }
        } else if (txn instanceof RequestTxn r) {
            Class<? extends Request> expected = bodyType(r.op());
            if (r.request() instanceof EmptyRequest && expected != EmptyRequest.class) {
                out.writeByte(UNDECODABLE_REQUEST);
                w.writeInt(r.op().code());
                w.writeRecords(r.identities());
                return;
            }
            if (expected == null || !expected.isInstance(r.request())) {
                throw new IllegalArgumentException("cannot log a " + r.op() + " txn with a "
                        + r.request().getClass().getSimpleName());
            }
            out.writeByte(REQUEST);
            w.writeInt(r.op().code());
            int lengthIndex = out.writerIndex();
            w.writeInt(0);
            r.request().write(w);
            out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
            w.writeRecords(r.identities());
        } else {
            throw new IllegalArgumentException("unknown txn " + txn);
        }
    }

    /** Decodes a whole encoded batch. */
    public static TxnBatch decode(byte[] encoded) {
        return decode(Unpooled.wrappedBuffer(encoded));
    }

    /**
     * Decodes exactly one batch from all the readable bytes of {@code encoded}, consuming them.
     *
     * @throws CodecException if the bytes are not exactly one valid batch: empty, an unknown
     *     version, a checksum mismatch (truncated or corrupted), a malformed entry, trailing bytes
     */
    public static TxnBatch decode(ByteBuf encoded) {
        int length = encoded.readableBytes();
        if (length == 0) {
            throw new CodecException("empty txn batch");
        }
        int version = encoded.getUnsignedByte(encoded.readerIndex());
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new CodecException("unsupported txn batch format version " + version + " (this build reads versions "
                    + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION + ")");
        }
        if (length < FRAMING_BYTES) {
            throw new CodecException("txn batch of " + length + " bytes is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(encoded.nioBuffer(encoded.readerIndex(), length - 4));
        int stored = encoded.getInt(encoded.readerIndex() + length - 4);
        if (stored != (int) crc.getValue()) {
            throw new CodecException("txn batch checksum mismatch (stored 0x" + Integer.toHexString(stored)
                    + ", computed 0x" + Long.toHexString(crc.getValue()) + "): truncated or corrupted");
        }
        WireReader in = new WireReader(encoded.readSlice(length - 4));
        encoded.skipBytes(4);
        in.buffer().skipBytes(1);
        int count = in.readCount(MIN_ENTRY_BYTES);
        if (count < 0) {
            throw new CodecException("negative txn count");
        }
        List<StampedTxn> txns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txns.add(readEntry(in, version));
        }
        in.expectEnd("txn batch");
        return new TxnBatch(txns);
    }

    private static StampedTxn readEntry(WireReader in, int version) {
        TxnHeader header = new TxnHeader(in.readLong(), in.readInt(), in.readLong(), in.readLong());
        if (!in.hasRemaining()) {
            throw new CodecException("truncated txn type");
        }
        byte type = in.buffer().readByte();
        Txn txn = switch (type) {
            case CREATE_SESSION -> new CreateSessionTxn(in.readInt(), in.readBuffer());
            case CLOSE_SESSION -> new CloseSessionTxn();
            case REQUEST -> readRequest(in);
            case UNDECODABLE_REQUEST -> readUndecodable(in);
            case TOUCH_SESSIONS -> version >= 2 ? readTouch(in, false) : unknownType(type, version);
            case CLAIM_SESSIONS -> version >= 2 ? readTouch(in, true) : unknownType(type, version);
            case EXPIRE_SESSION -> version >= 2 ? readExpire(in) : unknownType(type, version);
            default -> unknownType(type, version);
        };
        return new StampedTxn(header, txn);
    }

    private static Txn unknownType(byte type, int version) {
        throw new CodecException("unknown txn type " + type + " in a version " + version + " batch");
    }

    private static TouchSessionsTxn readTouch(WireReader in, boolean claim) {
        int count = in.readCount(8);
        if (count <= 0 || count > TouchSessionsTxn.MAX_SESSIONS) {
            throw new CodecException("touch of " + count + " sessions");
        }
        List<Long> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(in.readLong());
        }
        return new TouchSessionsTxn(ids, claim);
    }

    private static CloseSessionTxn readExpire(WireReader in) {
        long decidedAt = in.readLong();
        if (decidedAt < 0) {
            throw new CodecException("expiry decided at negative zxid " + decidedAt);
        }
        return new CloseSessionTxn(decidedAt);
    }

    private static RequestTxn readRequest(WireReader in) {
        int code = in.readInt();
        OpCode op = OpCode.fromCode(code);
        if (op == null || bodyType(op) == null) {
            throw new CodecException("opcode " + code + " cannot be a logged request");
        }
        int length = in.readInt();
        if (length < 0 || length > in.remaining()) {
            throw new CodecException("request body length " + length + " with " + in.remaining() + " bytes left");
        }
        WireReader body = new WireReader(in.buffer().readSlice(length));
        Request request = RequestCodec.readBody(op, body);
        body.expectEnd(op.zkName() + " body");
        return new RequestTxn(op, request, readIdentities(in));
    }

    private static RequestTxn readUndecodable(WireReader in) {
        int code = in.readInt();
        OpCode op = OpCode.fromCode(code);
        if (op == null || bodyType(op) == EmptyRequest.class) {
            throw new CodecException("opcode " + code + " cannot be an undecodable request");
        }
        return new RequestTxn(op, EmptyRequest.INSTANCE, readIdentities(in));
    }

    private static List<Id> readIdentities(WireReader in) {
        List<Id> identities = in.readList(8, Id::read);
        if (identities == null) {
            throw new CodecException("null identity list");
        }
        return identities;
    }

    /** The request record an opcode's body decodes to, or null if it is not a client request. */
    private static Class<? extends Request> bodyType(OpCode op) {
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER -> CreateRequest.class;
            case CREATE_TTL -> CreateTTLRequest.class;
            case DELETE -> DeleteRequest.class;
            case EXISTS -> ExistsRequest.class;
            case GET_DATA -> GetDataRequest.class;
            case SET_DATA -> SetDataRequest.class;
            case GET_ACL -> GetACLRequest.class;
            case SET_ACL -> SetACLRequest.class;
            case GET_CHILDREN -> GetChildrenRequest.class;
            case SYNC -> SyncRequest.class;
            case GET_CHILDREN2 -> GetChildren2Request.class;
            case CHECK -> CheckVersionRequest.class;
            case MULTI, MULTI_READ -> MultiRequest.class;
            case RECONFIG -> ReconfigRequest.class;
            case CHECK_WATCHES -> CheckWatchesRequest.class;
            case REMOVE_WATCHES -> RemoveWatchesRequest.class;
            case DELETE_CONTAINER -> DeleteContainerRequest.class;
            case AUTH -> AuthPacket.class;
            case SET_WATCHES -> SetWatches.class;
            case SASL -> GetSASLRequest.class;
            case GET_EPHEMERALS -> GetEphemeralsRequest.class;
            case GET_ALL_CHILDREN_NUMBER -> GetAllChildrenNumberRequest.class;
            case SET_WATCHES2 -> SetWatches2.class;
            case ADD_WATCH -> AddWatchRequest.class;
            case PING, WHO_AM_I, CLOSE_SESSION -> EmptyRequest.class;
            case NOTIFICATION, ERROR, CREATE_SESSION -> null;
        };
    }
}
