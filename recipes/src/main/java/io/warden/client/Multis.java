package io.warden.client;

import io.warden.client.internal.Chroot;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import io.warden.protocol.response.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds multi and multiRead requests from client ops (validating paths, adding the chroot) and
 * turns their MultiResponse into client results. Stateless.
 */
final class Multis {
    private Multis() {
    }

    static MultiRequest request(List<TxnOp> ops, Chroot chroot) {
        List<MultiRequest.Op> out = new ArrayList<>(ops.size());
        for (TxnOp op : ops) {
            out.add(toWire(op, chroot));
        }
        return new MultiRequest(out);
    }

    private static MultiRequest.Op toWire(TxnOp op, Chroot chroot) {
        if (op instanceof TxnOp.Create c) {
            WardenClient.checkCreate(c.path(), c.mode(), c.ttlMs());
            String sp = chroot.toServer(c.path());
            if (c.mode().isTtl()) {
                return new MultiRequest.Op(OpCode.CREATE_TTL,
                        new CreateTTLRequest(sp, c.data(), c.acl(), c.mode().flag(), c.ttlMs()));
            }
            OpCode type = c.mode().isContainer() ? OpCode.CREATE_CONTAINER
                    : c.withStat() ? OpCode.CREATE2 : OpCode.CREATE;
            return new MultiRequest.Op(type, new CreateRequest(sp, c.data(), c.acl(), c.mode().flag()));
        }
        WardenClient.validate(op.path());
        String sp = chroot.toServer(op.path());
        if (op instanceof TxnOp.Delete d) {
            return new MultiRequest.Op(OpCode.DELETE, new DeleteRequest(sp, d.version()));
        }
        if (op instanceof TxnOp.SetData s) {
            return new MultiRequest.Op(OpCode.SET_DATA, new SetDataRequest(sp, s.data(), s.version()));
        }
        TxnOp.Check c = (TxnOp.Check) op; // the last permitted subtype
        return new MultiRequest.Op(OpCode.CHECK, new CheckVersionRequest(sp, c.version()));
    }

    static List<TxnResult> results(ErrorCode err, Response response, List<TxnOp> ops, Chroot chroot)
            throws KeeperException {
        WardenClient.check(err, null);
        List<TxnResult> results = new ArrayList<>();
        for (OpResult r : ((MultiResponse) response).results()) {
            results.add(toResult(r, chroot));
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof TxnResult.ErrorResult e && e.err() != ErrorCode.OK) {
                String path = i < ops.size() ? ops.get(i).path() : null;
                throw new KeeperException(e.err(), path, results);
            }
        }
        return List.copyOf(results);
    }

    private static TxnResult toResult(OpResult r, Chroot chroot) throws KeeperException {
        if (r instanceof OpResult.CreateResult c) {
            return new TxnResult.CreateResult(chroot.toClient(c.path()), null);
        }
        if (r instanceof OpResult.Create2Result c) {
            return new TxnResult.CreateResult(chroot.toClient(c.path()), c.stat());
        }
        if (r instanceof OpResult.DeleteResult) {
            return new TxnResult.DeleteResult();
        }
        if (r instanceof OpResult.SetDataResult s) {
            return new TxnResult.SetDataResult(s.stat());
        }
        if (r instanceof OpResult.CheckResult) {
            return new TxnResult.CheckResult();
        }
        if (r instanceof OpResult.ErrorResult e) {
            return new TxnResult.ErrorResult(code(e.err()));
        }
        throw new KeeperException(ErrorCode.MARSHALLINGERROR, null, List.of(),
                "unexpected " + r.getClass().getSimpleName() + " in a write multi");
    }

    static MultiRequest readRequest(List<ReadOp> ops, Chroot chroot) {
        List<MultiRequest.Op> out = new ArrayList<>(ops.size());
        for (ReadOp op : ops) {
            WardenClient.validate(op.path());
            String sp = chroot.toServer(op.path());
            out.add(op instanceof ReadOp.GetData
                    ? new MultiRequest.Op(OpCode.GET_DATA, new GetDataRequest(sp, false))
                    : new MultiRequest.Op(OpCode.GET_CHILDREN, new GetChildrenRequest(sp, false)));
        }
        return new MultiRequest(out);
    }

    static List<ReadResult> readResults(ErrorCode err, Response response) throws KeeperException {
        WardenClient.check(err, null);
        List<ReadResult> results = new ArrayList<>();
        for (OpResult r : ((MultiResponse) response).results()) {
            if (r instanceof OpResult.GetDataResult g) {
                results.add(new ReadResult.DataResult(g.data(), g.stat()));
            } else if (r instanceof OpResult.GetChildrenResult g) {
                results.add(new ReadResult.ChildrenResult(WardenClient.nonNull(g.children())));
            } else if (r instanceof OpResult.ErrorResult e) {
                results.add(new ReadResult.ErrorResult(code(e.err())));
            } else {
                throw new KeeperException(ErrorCode.MARSHALLINGERROR, null, List.of(),
                        "unexpected " + r.getClass().getSimpleName() + " in multiRead");
            }
        }
        return List.copyOf(results);
    }

    private static ErrorCode code(int err) {
        ErrorCode code = ErrorCode.fromCode(err);
        return code == null ? ErrorCode.SYSTEMERROR : code;
    }
}
