package io.warden.bench.codec;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.GetChildren2Response;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.Response;
import io.warden.protocol.response.SetDataResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.jute.Record;
import org.apache.zookeeper.ZooDefs;

/**
 * The benchmarked messages, each built twice with equal content: as our record and as the jute
 * record. Values are fixed (no randomness) so every run encodes the same bytes.
 *
 * <p>Immutable after construction apart from the jute records, which are mutable by design and
 * must only be read; one instance per benchmark thread.
 */
public final class CodecFixtures {
    /** The value size of getData and setData and create, in bytes. */
    public static final int VALUE_BYTES = 100;
    /** The number of children in the getChildren2 reply. */
    public static final int CHILD_COUNT = 100;

    static final int XID = 4242;
    static final long ZXID = 0x1_0000_1234L;
    static final String PATH = "/bench/app/config/node-0000000042";

    /** One benchmarked message: our frame, the jute header and body, and the opcode. */
    public record Message(String name, OpCode op, Object ours, Record juteHeader, Record juteBody) {
        /** Whether this is a request (client to server) rather than a reply. */
        public boolean isRequest() {
            return ours instanceof RequestFrame;
        }
    }

    public final Message getDataRequest;
    public final Message getDataResponse;
    public final Message setDataRequest;
    public final Message setDataResponse;
    public final Message createRequest;
    public final Message createResponse;
    public final Message getChildren2Request;
    public final Message getChildren2Response;

    public CodecFixtures() {
        byte[] value = new byte[VALUE_BYTES];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        Stat stat = new Stat(0x1_0000_0007L, 0x1_0000_1234L, 1_700_000_000_123L,
                1_700_000_456_789L, 17, 3, 0, 0L, VALUE_BYTES, 0, 0x1_0000_0009L);
        org.apache.zookeeper.data.Stat juteStat = new org.apache.zookeeper.data.Stat(
                stat.czxid(), stat.mzxid(), stat.ctime(), stat.mtime(), stat.version(),
                stat.cversion(), stat.aversion(), stat.ephemeralOwner(), stat.dataLength(),
                stat.numChildren(), stat.pzxid());
        List<String> children = new ArrayList<>(CHILD_COUNT);
        for (int i = 0; i < CHILD_COUNT; i++) {
            children.add(String.format("member-%010d", i));
        }
        Stat parentStat = new Stat(stat.czxid(), stat.mzxid(), stat.ctime(), stat.mtime(), 0,
                CHILD_COUNT * 2, 0, 0L, 0, CHILD_COUNT, stat.pzxid());
        org.apache.zookeeper.data.Stat juteParentStat = new org.apache.zookeeper.data.Stat(
                parentStat.czxid(), parentStat.mzxid(), parentStat.ctime(), parentStat.mtime(),
                parentStat.version(), parentStat.cversion(), parentStat.aversion(),
                parentStat.ephemeralOwner(), parentStat.dataLength(), parentStat.numChildren(),
                parentStat.pzxid());

        getDataRequest = request("getDataRequest", OpCode.GET_DATA,
                new GetDataRequest(PATH, true),
                new org.apache.zookeeper.proto.GetDataRequest(PATH, true));
        getDataResponse = reply("getDataResponse", OpCode.GET_DATA,
                new GetDataResponse(Bytes.copyOf(value), stat),
                new org.apache.zookeeper.proto.GetDataResponse(value.clone(), juteStat));
        setDataRequest = request("setDataRequest", OpCode.SET_DATA,
                new SetDataRequest(PATH, Bytes.copyOf(value), 16),
                new org.apache.zookeeper.proto.SetDataRequest(PATH, value.clone(), 16));
        setDataResponse = reply("setDataResponse", OpCode.SET_DATA,
                new SetDataResponse(stat),
                new org.apache.zookeeper.proto.SetDataResponse(juteStat));
        createRequest = request("createRequest", OpCode.CREATE,
                new CreateRequest(PATH, Bytes.copyOf(value), Acl.OPEN_ACL_UNSAFE, 0),
                new org.apache.zookeeper.proto.CreateRequest(PATH, value.clone(),
                        new ArrayList<>(ZooDefs.Ids.OPEN_ACL_UNSAFE), 0));
        createResponse = reply("createResponse", OpCode.CREATE,
                new CreateResponse(PATH),
                new org.apache.zookeeper.proto.CreateResponse(PATH));
        getChildren2Request = request("getChildren2Request", OpCode.GET_CHILDREN2,
                new GetChildren2Request("/bench/app/members", true),
                new org.apache.zookeeper.proto.GetChildren2Request("/bench/app/members", true));
        getChildren2Response = reply("getChildren2Response", OpCode.GET_CHILDREN2,
                new GetChildren2Response(children, parentStat),
                new org.apache.zookeeper.proto.GetChildren2Response(new ArrayList<>(children),
                        juteParentStat));
    }

    /** All eight messages, in table order. */
    public List<Message> all() {
        return List.of(getDataRequest, getDataResponse, setDataRequest, setDataResponse,
                createRequest, createResponse, getChildren2Request, getChildren2Response);
    }

    private static Message request(String name, OpCode op, Request ours, Record jute) {
        return new Message(name, op, new RequestFrame(XID, op, ours),
                new org.apache.zookeeper.proto.RequestHeader(XID, op.code()), jute);
    }

    private static Message reply(String name, OpCode op, Response ours, Record jute) {
        return new Message(name, op, ReplyFrame.ok(XID, ZXID, ours),
                new org.apache.zookeeper.proto.ReplyHeader(XID, ZXID, 0), jute);
    }
}
