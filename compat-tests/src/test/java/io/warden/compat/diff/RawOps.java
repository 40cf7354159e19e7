package io.warden.compat.diff;

import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.AuthPacket;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CheckWatchesRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetAllChildrenNumberRequest;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetEphemeralsRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.RemoveWatchesRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.ReplyFrame;
import java.util.List;

/**
 * Shorthands for raw requests, so scenarios read like the operations they test. Each sends one
 * request on a {@link RawSession} and returns its reply (after recording everything read).
 *
 * <p>Stateless.
 */
final class RawOps {
    static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    static final List<Acl> READ_ONLY = Acl.READ_ACL_UNSAFE;
    /** Digest id of {@code alice:secret} (PROTOCOL.md section 14). */
    static final String ALICE_DIGEST = "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=";

    private RawOps() {
    }

    static Bytes data(String s) {
        return Bytes.utf8(s);
    }

    static List<Acl> acl(int perms, String scheme, String id) {
        return List.of(new Acl(perms, new Id(scheme, id)));
    }

    static CreateRequest createRequest(String path, String data, int flags) {
        return new CreateRequest(path, Bytes.utf8(data), OPEN, flags);
    }

    static ReplyFrame create(RawSession s, String path, String data, int flags) {
        return s.call(OpCode.CREATE, createRequest(path, data, flags));
    }

    static ReplyFrame create(RawSession s, String path, String data, List<Acl> acl, int flags) {
        return s.call(OpCode.CREATE, new CreateRequest(path, Bytes.utf8(data), acl, flags));
    }

    static ReplyFrame create2(RawSession s, String path, String data, int flags) {
        return s.call(OpCode.CREATE2, createRequest(path, data, flags));
    }

    static ReplyFrame delete(RawSession s, String path, int version) {
        return s.call(OpCode.DELETE, new DeleteRequest(path, version));
    }

    static ReplyFrame exists(RawSession s, String path, boolean watch) {
        return s.call(OpCode.EXISTS, new ExistsRequest(path, watch));
    }

    static ReplyFrame getData(RawSession s, String path, boolean watch) {
        return s.call(OpCode.GET_DATA, new GetDataRequest(path, watch));
    }

    static ReplyFrame setData(RawSession s, String path, String data, int version) {
        return s.call(OpCode.SET_DATA, new SetDataRequest(path, Bytes.utf8(data), version));
    }

    static ReplyFrame getAcl(RawSession s, String path) {
        return s.call(OpCode.GET_ACL, new GetACLRequest(path));
    }

    static ReplyFrame setAcl(RawSession s, String path, List<Acl> acl, int version) {
        return s.call(OpCode.SET_ACL, new SetACLRequest(path, acl, version));
    }

    static ReplyFrame getChildren(RawSession s, String path, boolean watch) {
        return s.call(OpCode.GET_CHILDREN, new GetChildrenRequest(path, watch));
    }

    static ReplyFrame getChildren2(RawSession s, String path, boolean watch) {
        return s.call(OpCode.GET_CHILDREN2, new GetChildren2Request(path, watch));
    }

    static ReplyFrame sync(RawSession s, String path) {
        return s.call(OpCode.SYNC, new SyncRequest(path));
    }

    static ReplyFrame getEphemerals(RawSession s, String prefix) {
        return s.call(OpCode.GET_EPHEMERALS, new GetEphemeralsRequest(prefix));
    }

    static ReplyFrame getAllChildrenNumber(RawSession s, String path) {
        return s.call(OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberRequest(path));
    }

    static ReplyFrame addWatch(RawSession s, String path, int mode) {
        return s.call(OpCode.ADD_WATCH, new AddWatchRequest(path, mode));
    }

    static ReplyFrame checkWatches(RawSession s, String path, int type) {
        return s.call(OpCode.CHECK_WATCHES, new CheckWatchesRequest(path, type));
    }

    static ReplyFrame removeWatches(RawSession s, String path, int type) {
        return s.call(OpCode.REMOVE_WATCHES, new RemoveWatchesRequest(path, type));
    }

    static ReplyFrame whoAmI(RawSession s) {
        return s.call(OpCode.WHO_AM_I, EmptyRequest.INSTANCE);
    }

    /** An auth packet with xid -4, as every client sends it. */
    static ReplyFrame auth(RawSession s, String scheme, String credentials) {
        s.sendFrame(new RequestFrame(Xids.AUTH, OpCode.AUTH, new AuthPacket(0, scheme, Bytes.utf8(credentials))));
        return s.await(Xids.AUTH);
    }

    static ReplyFrame multi(RawSession s, MultiRequest.Op... ops) {
        return s.call(OpCode.MULTI, new MultiRequest(List.of(ops)));
    }

    static ReplyFrame multiRead(RawSession s, MultiRequest.Op... ops) {
        return s.call(OpCode.MULTI_READ, new MultiRequest(List.of(ops)));
    }

    static MultiRequest.Op op(OpCode type, Request request) {
        return new MultiRequest.Op(type, request);
    }

    static MultiRequest.Op opCreate(String path, String data, int flags) {
        return op(OpCode.CREATE, createRequest(path, data, flags));
    }

    static MultiRequest.Op opCheck(String path, int version) {
        return op(OpCode.CHECK, new CheckVersionRequest(path, version));
    }

    static MultiRequest.Op opDelete(String path, int version) {
        return op(OpCode.DELETE, new DeleteRequest(path, version));
    }

    static MultiRequest.Op opSetData(String path, String data, int version) {
        return op(OpCode.SET_DATA, new SetDataRequest(path, Bytes.utf8(data), version));
    }

    static MultiRequest.Op opGetData(String path) {
        return op(OpCode.GET_DATA, new GetDataRequest(path, false));
    }

    static MultiRequest.Op opGetChildren(String path) {
        return op(OpCode.GET_CHILDREN, new GetChildrenRequest(path, false));
    }
}
