package io.warden.server.state;

import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import java.util.ArrayList;
import java.util.List;

/**
 * multi (14): the ops run in order on the live tree, each seeing the effects of the earlier
 * ones, with every mutation logged for undo. If op k fails with E, the tree is rolled back and
 * the results are error 0 for ops before k, E for k and -2 (RUNTIMEINCONSISTENCY) after it;
 * the reply header err stays 0 (PROTOCOL.md 7.11). The whole multi has one zxid and one time.
 * Changes are kept in the context and fire only if the multi commits.
 *
 * <p>Thread-confined to the apply thread.
 */
final class MultiOp {
    private static final OpResult DELETE_RESULT = new OpResult.DeleteResult();
    private static final OpResult CHECK_RESULT = new OpResult.CheckResult();
    private static final OpResult ROLLED_BACK = new OpResult.ErrorResult(ErrorCode.OK.code());
    private static final OpResult NOT_ATTEMPTED = new OpResult.ErrorResult(ErrorCode.RUNTIMEINCONSISTENCY.code());

    private final DataTree tree;
    private final WriteOps writes;
    private final UndoLog undo = new UndoLog();

    MultiOp(DataTree tree, WriteOps writes) {
        this.tree = tree;
        this.writes = writes;
    }

    /** True for the sub-op types a write multi may hold. */
    static boolean isWriteSubOp(OpCode type) {
        return switch (type) {
            case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL, DELETE, SET_DATA, CHECK -> true;
            default -> false;
        };
    }

    /**
     * True if a multi (14) cannot be run at all: it holds a read or unknown sub-op, or a create
     * whose flags are no CreateMode (ZooKeeper fails to decode that sub-op, while a top-level
     * create with bad flags gets BADARGUMENTS). ZooKeeper answers MARSHALLINGERROR in the header
     * and still consumes a zxid (checked against 3.8.0 and 3.9.5), so such a multi should be
     * sequenced like any other; apply answers it.
     */
    static boolean isMalformed(MultiRequest request) {
        for (MultiRequest.Op op : request.ops()) {
            if (!isWriteSubOp(op.type())) {
                return true;
            }
            int flags = op.request() instanceof CreateRequest c ? c.flags()
                    : op.request() instanceof CreateTTLRequest t ? t.flags() : 0;
            if (CreateMode.fromFlag(flags) == null) {
                return true;
            }
        }
        return false;
    }

    /** Runs the multi; null means the whole request fails with MARSHALLINGERROR. */
    MultiResponse apply(ApplyContext c, MultiRequest request) {
        if (isMalformed(request)) {
            return null;
        }
        List<MultiRequest.Op> ops = request.ops();
        List<OpResult> results = new ArrayList<>(ops.size());
        undo.clear();
        c.undo = undo;
        for (int i = 0; i < ops.size(); i++) {
            MultiRequest.Op op = ops.get(i);
            ErrorCode err = applyOne(c, op);
            if (err != ErrorCode.OK) {
                undo.rollback(tree);
                c.changes.clear();
                c.undo = null;
                return err == ErrorCode.MARSHALLINGERROR ? null : failed(ops.size(), i, err);
            }
            results.add(resultOf(op.type(), c));
        }
        undo.clear();
        c.undo = null;
        return new MultiResponse(results);
    }

    private ErrorCode applyOne(ApplyContext c, MultiRequest.Op op) {
        return switch (op.type()) {
            case CREATE, CREATE2, CREATE_CONTAINER -> {
                CreateRequest r = (CreateRequest) op.request();
                yield writes.create(c, op.type(), r.path(), r.data(), r.acl(), r.flags(), -1);
            }
            case CREATE_TTL -> {
                CreateTTLRequest r = (CreateTTLRequest) op.request();
                yield writes.create(c, op.type(), r.path(), r.data(), r.acl(), r.flags(), r.ttl());
            }
            case DELETE -> {
                DeleteRequest r = (DeleteRequest) op.request();
                yield writes.delete(c, r.path(), r.version());
            }
            case SET_DATA -> {
                SetDataRequest r = (SetDataRequest) op.request();
                yield writes.setData(c, r.path(), r.data(), r.version());
            }
            case CHECK -> {
                CheckVersionRequest r = (CheckVersionRequest) op.request();
                yield writes.check(c, r.path(), r.version());
            }
            default -> throw new IllegalArgumentException("not a write sub-op: " + op.type());
        };
    }

    /** Type-1 creates answer with the path only (Kazoo reads nothing else); 15/19/21 add the Stat. */
    private static OpResult resultOf(OpCode type, ApplyContext c) {
        return switch (type) {
            case CREATE -> new OpResult.CreateResult(c.resultPath);
            case CREATE2, CREATE_CONTAINER, CREATE_TTL -> new OpResult.Create2Result(c.resultPath, c.resultNode.stat());
            case DELETE -> DELETE_RESULT;
            case SET_DATA -> new OpResult.SetDataResult(c.resultNode.stat());
            case CHECK -> CHECK_RESULT;
            default -> throw new IllegalArgumentException("not a write sub-op: " + type);
        };
    }

    private static MultiResponse failed(int count, int failedIndex, ErrorCode err) {
        List<OpResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i < failedIndex) {
                results.add(ROLLED_BACK);
            } else if (i == failedIndex) {
                results.add(new OpResult.ErrorResult(err.code()));
            } else {
                results.add(NOT_ATTEMPTED);
            }
        }
        return new MultiResponse(results);
    }
}
