package io.warden.compat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import io.warden.protocol.testing.Hex;
import io.warden.protocol.testing.RandomRecords;
import io.warden.protocol.testing.Seeds;
import io.warden.protocol.testing.Wire;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.CreateOptions;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Multi requests against ZooKeeper's {@link MultiOperationRecord} and multi responses against
 * {@link org.apache.zookeeper.MultiResponse}, in both directions, byte for byte.
 *
 * <p>Requests come from {@link RandomRecords#multiRequest(boolean, boolean)} in strict mode: what
 * {@code MultiOperationRecord} can represent. It cannot represent everything our codec accepts
 * (and these tests pin it): it rejects a create sub-op with a null ACL list (NullPointerException
 * from {@code CreateOptions}) or an unknown flag (IOException), it turns a create or create2
 * whose flags say container into type 19 and one whose flags say TTL into a createTTL, a createTTL
 * whose flags are not TTL into a type-1 create, and it drops the watch flag of getData and
 * getChildren sub-ops (always false). Our codec keeps all of it and leaves the judgement to the
 * server.
 */
class JuteMultiCrossCheckTest {
    private static final int ITERATIONS = Seeds.soak() ? 20_000 : 500;
    private static final long SEED = Seeds.seed("JuteMultiCrossCheckTest");

    @TestFactory
    Stream<DynamicTest> multiRequests() {
        return Stream.of(false, true).map(reads -> DynamicTest.dynamicTest(reads ? "multiRead" : "multi",
                () -> {
                    RandomRecords random = new RandomRecords(SEED ^ (reads ? 1 : 2));
                    for (int i = 0; i < ITERATIONS; i++) {
                        MultiRequest ours = random.multiRequest(reads, true);
                        checkRequest(ours, (reads ? "multiRead #" : "multi #") + i + " "
                                + Seeds.describe(SEED) + " " + ours);
                    }
                }));
    }

    private static void checkRequest(MultiRequest ours, String where) throws IOException {
        byte[] ourBytes = Wire.encode(ours);

        // same value, same bytes: jute built from the official client's Op factories
        MultiOperationRecord jute = toJute(ours);
        byte[] juteBytes = JuteMapping.serialize(jute);
        assertEquals(Hex.format(juteBytes), Hex.format(ourBytes), "same value, same bytes: " + where);

        // ours encodes, jute decodes: op by op, and jute's re-encoding
        MultiOperationRecord decoded = JuteMapping.deserialize(ourBytes, new MultiOperationRecord());
        assertEquals(ours, fromJute(decoded), "jute decodes ours: " + where);
        assertEquals(Hex.format(ourBytes), Hex.format(JuteMapping.serialize(decoded)), "jute re-encodes: " + where);

        // jute encodes, ours decodes
        assertEquals(ours, Wire.decode(juteBytes, MultiRequest::read), "we decode jute's: " + where);
    }

    @TestFactory
    Stream<DynamicTest> multiResponses() {
        return Stream.of(DynamicTest.dynamicTest("every OpResult kind", () -> {
            RandomRecords random = new RandomRecords(SEED ^ 3);
            for (int i = 0; i < ITERATIONS; i++) {
                MultiResponse ours = random.multiResponse();
                String where = "#" + i + " " + Seeds.describe(SEED) + " " + ours;
                byte[] ourBytes = Wire.encode(ours);

                org.apache.zookeeper.MultiResponse jute = toJute(ours);
                byte[] juteBytes = JuteMapping.serialize(jute);
                assertEquals(Hex.format(juteBytes), Hex.format(ourBytes), "same value, same bytes: " + where);

                org.apache.zookeeper.MultiResponse decoded = JuteMapping.deserialize(ourBytes,
                        new org.apache.zookeeper.MultiResponse());
                assertEquals(ours, fromJute(decoded), "jute decodes ours: " + where);
                assertEquals(Hex.format(ourBytes), Hex.format(JuteMapping.serialize(decoded)),
                        "jute re-encodes: " + where);

                assertEquals(ours, Wire.decode(juteBytes, MultiResponse::read), "we decode jute's: " + where);
            }
        }));
    }

    @Test
    void createResultIsType1WithoutStatAndType15WithStat() {
        org.apache.zookeeper.MultiResponse jute = new org.apache.zookeeper.MultiResponse();
        jute.add(new org.apache.zookeeper.OpResult.CreateResult("/a"));
        jute.add(new org.apache.zookeeper.OpResult.CreateResult("/b", new org.apache.zookeeper.data.Stat()));
        MultiResponse ours = new MultiResponse(List.of(new OpResult.CreateResult("/a"),
                new OpResult.Create2Result("/b", Stat.ZERO)));
        assertEquals(Hex.format(JuteMapping.serialize(jute)), Hex.format(Wire.encode(ours)));
        assertEquals(1, ours.results().get(0).type());
        assertEquals(15, ours.results().get(1).type());
    }

    @Test
    void errorResultsCarryTheCodeInHeaderAndBodyAsJuteWritesThem() throws IOException {
        // PROTOCOL.md capture M: rolled back (0), the failure, not attempted (-2)
        org.apache.zookeeper.MultiResponse jute = new org.apache.zookeeper.MultiResponse();
        jute.add(new org.apache.zookeeper.OpResult.ErrorResult(0));
        jute.add(new org.apache.zookeeper.OpResult.ErrorResult(ErrorCode.BADVERSION.code()));
        jute.add(new org.apache.zookeeper.OpResult.ErrorResult(ErrorCode.RUNTIMEINCONSISTENCY.code()));
        assertEquals("ff ff ff ff 00 00 00 00 00 00 00 00 00"
                + " ff ff ff ff 00 ff ff ff 99 ff ff ff 99"
                + " ff ff ff ff 00 ff ff ff fe ff ff ff fe"
                + " ff ff ff ff 01 ff ff ff ff", Hex.format(JuteMapping.serialize(jute)));
        MultiResponse ours = new MultiResponse(List.of(new OpResult.ErrorResult(0),
                new OpResult.ErrorResult(-103), new OpResult.ErrorResult(-2)));
        assertEquals(Hex.format(JuteMapping.serialize(jute)), Hex.format(Wire.encode(ours)));
        // jute reads the code from the body, as we do
        byte[] headerSaysOtherwise = Hex.parse("ff ff ff ff 00 ff ff ff 9b 00 00 00 07 ff ff ff ff 01 ff ff ff ff");
        org.apache.zookeeper.MultiResponse read = JuteMapping.deserialize(headerSaysOtherwise,
                new org.apache.zookeeper.MultiResponse());
        assertEquals(7, ((org.apache.zookeeper.OpResult.ErrorResult) read.getResultList().get(0)).getErr());
        assertEquals(new MultiResponse(List.of(new OpResult.ErrorResult(7))),
                Wire.decode(headerSaysOtherwise, MultiResponse::read));
    }

    @Test
    void whatMultiOperationRecordCannotRepresent() throws IOException {
        // create (type 1) with container flags: jute reports it as a createContainer (19)
        MultiRequest containerAsCreate = new MultiRequest(List.of(new MultiRequest.Op(OpCode.CREATE,
                new CreateRequest("/c", Bytes.EMPTY, Acl.OPEN_ACL_UNSAFE, 4))));
        MultiOperationRecord jute = JuteMapping.deserialize(Wire.encode(containerAsCreate),
                new MultiOperationRecord());
        assertEquals(19, jute.iterator().next().getType());
        // getData with watch=true: jute drops the flag
        MultiRequest watched = new MultiRequest(List.of(new MultiRequest.Op(OpCode.GET_DATA,
                new GetDataRequest("/d", true))));
        Op getData = JuteMapping.deserialize(Wire.encode(watched), new MultiOperationRecord()).iterator().next();
        assertEquals(false, ((org.apache.zookeeper.proto.GetDataRequest) getData.toRequestRecord()).getWatch());
        // a null ACL list in a create sub-op: jute cannot decode it at all
        MultiRequest nullAcl = new MultiRequest(List.of(new MultiRequest.Op(OpCode.CREATE,
                new CreateRequest("/n", null, null, 0))));
        assertInstanceOf(NullPointerException.class, assertThrowsAny(() ->
                JuteMapping.deserialize(Wire.encode(nullAcl), new MultiOperationRecord())));
        // an unknown flag: IOException
        MultiRequest badFlag = new MultiRequest(List.of(new MultiRequest.Op(OpCode.CREATE,
                new CreateRequest("/f", null, Acl.OPEN_ACL_UNSAFE, 99))));
        assertInstanceOf(IOException.class, assertThrowsAny(() ->
                JuteMapping.deserialize(Wire.encode(badFlag), new MultiOperationRecord())));
        // ours keeps all four exactly
        for (MultiRequest m : List.of(containerAsCreate, watched, nullAcl, badFlag)) {
            assertEquals(m, Wire.decode(Wire.encode(m), MultiRequest::read));
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Throwable assertThrowsAny(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("no exception");
    }

    // ------------------------------------------------------------------ requests: ours <-> jute

    /** The Op the official client builds for one of our sub-ops (strict values only). */
    private static Op toJuteOp(MultiRequest.Op op) {
        Request r = op.request();
        return switch (op.type()) {
            case CREATE -> {
                CreateRequest c = (CreateRequest) r;
                yield Op.create(c.path(), bytes(c.data()), acls(c.acl()), c.flags());
            }
            case CREATE_CONTAINER -> {
                CreateRequest c = (CreateRequest) r;
                yield Op.create(c.path(), bytes(c.data()), acls(c.acl()), CreateMode.CONTAINER);
            }
            case CREATE2 -> create2((CreateRequest) r);
            case CREATE_TTL -> {
                CreateTTLRequest c = (CreateTTLRequest) r;
                yield Op.create(c.path(), bytes(c.data()), acls(c.acl()), c.flags(), c.ttl());
            }
            case DELETE -> Op.delete(((DeleteRequest) r).path(), ((DeleteRequest) r).version());
            case SET_DATA -> {
                SetDataRequest s = (SetDataRequest) r;
                yield Op.setData(s.path(), bytes(s.data()), s.version());
            }
            case CHECK -> Op.check(((CheckVersionRequest) r).path(), ((CheckVersionRequest) r).version());
            case GET_DATA -> Op.getData(((GetDataRequest) r).path());
            case GET_CHILDREN -> Op.getChildren(((GetChildrenRequest) r).path());
            default -> throw new AssertionError("not a multi sub-op: " + op);
        };
    }

    /**
     * A create2 (type 15) sub-op. The public factories only make types 1, 19 and 21; jute's own
     * decoder uses the package-private {@code Op.create(path, data, CreateOptions, opcode)}, which
     * we call the same way.
     */
    private static Op create2(CreateRequest c) {
        try {
            Method create = Op.class.getDeclaredMethod("create", String.class, byte[].class,
                    CreateOptions.class, int.class);
            create.setAccessible(true);
            CreateOptions options = CreateOptions.newBuilder(acls(c.acl()), CreateMode.fromFlag(c.flags()))
                    .build();
            return (Op) create.invoke(null, c.path(), bytes(c.data()), options, OpCode.CREATE2.code());
        } catch (ReflectiveOperationException | org.apache.zookeeper.KeeperException e) {
            throw new AssertionError(e);
        }
    }

    private static MultiOperationRecord toJute(MultiRequest ours) {
        List<Op> ops = new ArrayList<>();
        for (MultiRequest.Op op : ours.ops()) {
            ops.add(toJuteOp(op));
        }
        return new MultiOperationRecord(ops);
    }

    /** Our MultiRequest from a decoded MultiOperationRecord, sub-op by sub-op, field by field. */
    private static MultiRequest fromJute(MultiOperationRecord jute) {
        List<MultiRequest.Op> ops = new ArrayList<>();
        for (Op op : jute) {
            OpCode type = OpCode.fromCode(op.getType());
            org.apache.jute.Record body = op.toRequestRecord();
            Class<? extends Request> ourClass = switch (type) {
                case CREATE, CREATE2, CREATE_CONTAINER -> CreateRequest.class;
                case CREATE_TTL -> CreateTTLRequest.class;
                case DELETE -> DeleteRequest.class;
                case SET_DATA -> SetDataRequest.class;
                case CHECK -> CheckVersionRequest.class;
                case GET_DATA -> GetDataRequest.class;
                case GET_CHILDREN -> GetChildrenRequest.class;
                default -> throw new AssertionError("unexpected jute sub-op type " + op.getType());
            };
            assertEquals(JuteMapping.juteClassOf(ourClass), body.getClass(), "record of sub-op " + type);
            assertEquals(op.getPath(), pathOf(body));
            ops.add(new MultiRequest.Op(type, (Request) JuteMapping.fromJute(body, (Class) ourClass)));
        }
        return new MultiRequest(ops);
    }

    private static String pathOf(org.apache.jute.Record body) {
        try {
            return (String) body.getClass().getMethod("getPath").invoke(body);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ responses: ours <-> jute

    private static org.apache.zookeeper.MultiResponse toJute(MultiResponse ours) {
        org.apache.zookeeper.MultiResponse jute = new org.apache.zookeeper.MultiResponse();
        for (OpResult r : ours.results()) {
            jute.add(toJute(r));
        }
        return jute;
    }

    private static org.apache.zookeeper.OpResult toJute(OpResult r) {
        if (r instanceof OpResult.CreateResult c) {
            return new org.apache.zookeeper.OpResult.CreateResult(c.path());
        } else if (r instanceof OpResult.Create2Result c) {
            return new org.apache.zookeeper.OpResult.CreateResult(c.path(), stat(c.stat()));
        } else if (r instanceof OpResult.DeleteResult) {
            return new org.apache.zookeeper.OpResult.DeleteResult();
        } else if (r instanceof OpResult.SetDataResult s) {
            return new org.apache.zookeeper.OpResult.SetDataResult(stat(s.stat()));
        } else if (r instanceof OpResult.CheckResult) {
            return new org.apache.zookeeper.OpResult.CheckResult();
        } else if (r instanceof OpResult.GetDataResult g) {
            return new org.apache.zookeeper.OpResult.GetDataResult(bytes(g.data()), stat(g.stat()));
        } else if (r instanceof OpResult.GetChildrenResult g) {
            return new org.apache.zookeeper.OpResult.GetChildrenResult(
                    g.children() == null ? null : new ArrayList<>(g.children()));
        } else if (r instanceof OpResult.ErrorResult e) {
            return new org.apache.zookeeper.OpResult.ErrorResult(e.err());
        }
        throw new AssertionError("unknown result " + r);
    }

    private static MultiResponse fromJute(org.apache.zookeeper.MultiResponse jute) {
        List<OpResult> results = new ArrayList<>();
        for (org.apache.zookeeper.OpResult r : jute.getResultList()) {
            results.add(switch (r.getType()) {
                case 1 -> {
                    org.apache.zookeeper.OpResult.CreateResult c = (org.apache.zookeeper.OpResult.CreateResult) r;
                    assertNull(c.getStat(), "type 1 carries no Stat");
                    yield new OpResult.CreateResult(c.getPath());
                }
                case 15 -> {
                    org.apache.zookeeper.OpResult.CreateResult c = (org.apache.zookeeper.OpResult.CreateResult) r;
                    yield new OpResult.Create2Result(c.getPath(), stat(c.getStat()));
                }
                case 2 -> new OpResult.DeleteResult();
                case 5 -> new OpResult.SetDataResult(
                        stat(((org.apache.zookeeper.OpResult.SetDataResult) r).getStat()));
                case 13 -> new OpResult.CheckResult();
                case 4 -> {
                    org.apache.zookeeper.OpResult.GetDataResult g = (org.apache.zookeeper.OpResult.GetDataResult) r;
                    yield new OpResult.GetDataResult(Bytes.copyOf(g.getData()), stat(g.getStat()));
                }
                case 8 -> new OpResult.GetChildrenResult(
                        ((org.apache.zookeeper.OpResult.GetChildrenResult) r).getChildren());
                case -1 -> new OpResult.ErrorResult(((org.apache.zookeeper.OpResult.ErrorResult) r).getErr());
                default -> throw new AssertionError("unexpected jute result type " + r.getType());
            });
        }
        return new MultiResponse(results);
    }

    // ------------------------------------------------------------------ values

    private static byte[] bytes(Bytes b) {
        return b == null ? null : b.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static List<ACL> acls(List<Acl> acl) {
        return (List<ACL>) JuteMapping.toJuteValue(acl);
    }

    private static org.apache.zookeeper.data.Stat stat(Stat s) {
        return (org.apache.zookeeper.data.Stat) JuteMapping.toJute(s);
    }

    private static Stat stat(org.apache.zookeeper.data.Stat s) {
        return JuteMapping.fromJute(s, Stat.class);
    }
}
