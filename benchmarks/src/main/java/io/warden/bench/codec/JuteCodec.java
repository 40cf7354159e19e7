package io.warden.bench.codec;

import io.warden.protocol.OpCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;
import org.apache.zookeeper.server.ByteBufferInputStream;

/**
 * The jute side of the codec benchmark: encodes and decodes frames with the official
 * {@code org.apache.jute} archives, the way ZooKeeper 3.9 does it.
 *
 * <ul>
 *   <li>{@link #encodeRequestAsClient}: {@code ClientCnxn.Packet.createBB}: a fresh
 *       {@code ByteArrayOutputStream} and archive per packet, a -1 length placeholder, header and
 *       body, {@code toByteArray()}, wrap, patch the length.
 *   <li>{@link #encodeReplyAsServer}: {@code ServerCnxn.serialize}: header and body each
 *       serialized into a fresh {@code ByteArrayOutputStream(1024)} and copied out, plus a 4-byte
 *       length buffer; three buffers for a gathering write.
 *   <li>{@link #encodeReused}: jute's best case, not what ZooKeeper does: one archive over a
 *       {@code ByteBufferOutputStream} on a reused heap {@code ByteBuffer}, so no per-message
 *       allocation beyond what the archive itself does.
 *   <li>{@link #decodeRequestAsServer} / {@link #decodeReplyAsClient}: a fresh
 *       {@code ByteBufferInputStream} and {@code BinaryInputArchive} over the frame payload (as
 *       {@code NIOServerCnxn} and {@code ClientCnxn.SendThread.readResponse} do), a new header
 *       record, a new body record of the op's type, {@code deserialize}.
 * </ul>
 *
 * <p>Stateless apart from {@link Reused}, which is thread-confined.
 */
public final class JuteCodec {
    private JuteCodec() {
    }

    /** A reusable jute output: one heap buffer, one archive. Thread-confined. */
    public static final class Reused {
        private final ByteBuffer buffer;
        private final BinaryOutputArchive archive;

        public Reused(int capacityBytes) {
            buffer = ByteBuffer.allocate(capacityBytes);
            archive = BinaryOutputArchive.getArchive(
                    new org.apache.zookeeper.server.ByteBufferOutputStream(buffer));
        }
    }

    /** Encodes a length-prefixed frame into the reused buffer; returns it flipped for reading. */
    public static ByteBuffer encodeReused(Reused out, Record header, Record body) throws IOException {
        ByteBuffer bb = out.buffer;
        bb.clear();
        out.archive.writeInt(-1, "len");
        header.serialize(out.archive, "header");
        body.serialize(out.archive, "body");
        bb.putInt(0, bb.position() - 4);
        bb.flip();
        return bb;
    }

    /** As {@code ClientCnxn.Packet.createBB}. */
    public static ByteBuffer encodeRequestAsClient(Record header, Record body) throws IOException {
        ByteArrayOutputStream baos = new ByteArrayOutputStream();
        BinaryOutputArchive boa = BinaryOutputArchive.getArchive(baos);
        boa.writeInt(-1, "len");
        header.serialize(boa, "header");
        body.serialize(boa, "request");
        baos.close();
        ByteBuffer bb = ByteBuffer.wrap(baos.toByteArray());
        bb.putInt(bb.capacity() - 4);
        bb.rewind();
        return bb;
    }

    /** As {@code ServerCnxn.serialize}: length, header and body buffers. */
    public static ByteBuffer[] encodeReplyAsServer(Record header, Record body) throws IOException {
        byte[] h = serializeRecord(header);
        byte[] d = serializeRecord(body);
        ByteBuffer length = ByteBuffer.allocate(4).putInt(h.length + d.length);
        length.rewind();
        return new ByteBuffer[] {length, ByteBuffer.wrap(h), ByteBuffer.wrap(d)};
    }

    /** As {@code ServerCnxn.serializeRecord} (initial size {@code intBufferStartingSizeBytes}). */
    private static byte[] serializeRecord(Record record) throws IOException {
        ByteArrayOutputStream baos = new ByteArrayOutputStream(1024);
        BinaryOutputArchive bos = BinaryOutputArchive.getArchive(baos);
        bos.writeRecord(record, null);
        return baos.toByteArray();
    }

    /** A decoded request: header and body. */
    public record DecodedRequest(RequestHeader header, Record body) {
    }

    /** A decoded reply: header and body. */
    public record DecodedReply(ReplyHeader header, Record body) {
    }

    /** Decodes a request payload (no length prefix) as the server does. */
    public static DecodedRequest decodeRequestAsServer(ByteBuffer payload) throws IOException {
        BinaryInputArchive bia = BinaryInputArchive.getArchive(new ByteBufferInputStream(payload));
        RequestHeader h = new RequestHeader();
        h.deserialize(bia, "header");
        Record body = newRequestBody(OpCode.fromCode(h.getType()));
        body.deserialize(bia, "request");
        return new DecodedRequest(h, body);
    }

    /** Decodes a reply payload (no length prefix) to a request of type {@code op}, as the client does. */
    public static DecodedReply decodeReplyAsClient(ByteBuffer payload, OpCode op) throws IOException {
        BinaryInputArchive bbia = BinaryInputArchive.getArchive(new ByteBufferInputStream(payload));
        ReplyHeader h = new ReplyHeader();
        h.deserialize(bbia, "header");
        Record body = newReplyBody(op);
        body.deserialize(bbia, "response");
        return new DecodedReply(h, body);
    }

    private static Record newRequestBody(OpCode op) {
        return switch (op) {
            case GET_DATA -> new org.apache.zookeeper.proto.GetDataRequest();
            case SET_DATA -> new org.apache.zookeeper.proto.SetDataRequest();
            case CREATE -> new org.apache.zookeeper.proto.CreateRequest();
            case GET_CHILDREN2 -> new org.apache.zookeeper.proto.GetChildren2Request();
            default -> throw new IllegalArgumentException("not benchmarked: " + op);
        };
    }

    private static Record newReplyBody(OpCode op) {
        return switch (op) {
            case GET_DATA -> new org.apache.zookeeper.proto.GetDataResponse();
            case SET_DATA -> new org.apache.zookeeper.proto.SetDataResponse();
            case CREATE -> new org.apache.zookeeper.proto.CreateResponse();
            case GET_CHILDREN2 -> new org.apache.zookeeper.proto.GetChildren2Response();
            default -> throw new IllegalArgumentException("not benchmarked: " + op);
        };
    }
}
