package io.warden.protocol.response;

import io.warden.protocol.OpCode;
import io.warden.protocol.codec.CodecException;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Lists;
import io.warden.protocol.data.Stat;
import java.util.List;
import java.util.Objects;

/**
 * One result inside a {@link MultiResponse}, tagged on the wire by its {@link #type()}
 * (ZooKeeper's {@code OpResult} family). A type-1 create must come back as {@link CreateResult}
 * (path only): Kazoo desynchronises on a type 15. Immutable.
 */
public sealed interface OpResult {
    /** The result type written in the MultiHeader. */
    int type();

    /** The err written in the MultiHeader: 0 except for {@link ErrorResult}. */
    default int err() {
        return 0;
    }

    void writeBody(WireWriter out);

    /** create (type 1): the actual path. */
    record CreateResult(String path) implements OpResult {
        public int type() {
            return OpCode.CREATE.code();
        }

        public void writeBody(WireWriter out) {
            out.writeString(path);
        }
    }

    /** create2, createContainer, createTTL (type 15): path and Stat. */
    record Create2Result(String path, Stat stat) implements OpResult {
        public Create2Result {
            Objects.requireNonNull(stat, "stat");
        }

        public int type() {
            return OpCode.CREATE2.code();
        }

        public void writeBody(WireWriter out) {
            out.writeString(path);
            stat.write(out);
        }
    }

    /** delete (type 2): no body. */
    record DeleteResult() implements OpResult {
        public int type() {
            return OpCode.DELETE.code();
        }

        public void writeBody(WireWriter out) {
            // no body
        }
    }

    /** setData (type 5): the new Stat. */
    record SetDataResult(Stat stat) implements OpResult {
        public SetDataResult {
            Objects.requireNonNull(stat, "stat");
        }

        public int type() {
            return OpCode.SET_DATA.code();
        }

        public void writeBody(WireWriter out) {
            stat.write(out);
        }
    }

    /** check (type 13): no body. */
    record CheckResult() implements OpResult {
        public int type() {
            return OpCode.CHECK.code();
        }

        public void writeBody(WireWriter out) {
            // no body
        }
    }

    /** getData inside multiRead (type 4): data and Stat. */
    record GetDataResult(Bytes data, Stat stat) implements OpResult {
        public GetDataResult {
            Objects.requireNonNull(stat, "stat");
        }

        public int type() {
            return OpCode.GET_DATA.code();
        }

        public void writeBody(WireWriter out) {
            out.writeBuffer(data);
            stat.write(out);
        }
    }

    /** getChildren inside multiRead (type 8): child names. */
    record GetChildrenResult(List<String> children) implements OpResult {
        public GetChildrenResult {
            children = Lists.copyNullable(children);
        }

        public int type() {
            return OpCode.GET_CHILDREN.code();
        }

        public void writeBody(WireWriter out) {
            out.writeStrings(children);
        }
    }

    /**
     * An error (type -1): err 0 marks an op rolled back before the failure, -2 one not attempted
     * after it. The code is written in the header and again as the body.
     */
    record ErrorResult(int err) implements OpResult {
        public int type() {
            return OpCode.ERROR.code();
        }

        public void writeBody(WireWriter out) {
            out.writeInt(err);
        }
    }

    /** Reads the body of a result of the given type. */
    static OpResult readBody(int type, WireReader in) {
        return switch (type) {
            case 1 -> new CreateResult(in.readString());
            case 15 -> new Create2Result(in.readString(), Stat.read(in));
            case 2 -> new DeleteResult();
            case 5 -> new SetDataResult(Stat.read(in));
            case 13 -> new CheckResult();
            case 4 -> new GetDataResult(in.readBuffer(), Stat.read(in));
            case 8 -> new GetChildrenResult(in.readStrings());
            case -1 -> new ErrorResult(in.readInt());
            default -> throw new CodecException("invalid multi result type " + type);
        };
    }
}
