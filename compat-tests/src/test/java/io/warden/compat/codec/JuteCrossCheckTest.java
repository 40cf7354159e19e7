package io.warden.compat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
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
import io.warden.protocol.request.EmptyRequest;
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
import io.warden.protocol.request.RequestHeader;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.ErrorResponse;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetACLResponse;
import io.warden.protocol.response.GetAllChildrenNumberResponse;
import io.warden.protocol.response.GetChildren2Response;
import io.warden.protocol.response.GetChildrenResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.GetEphemeralsResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.ReplyHeader;
import io.warden.protocol.response.Response;
import io.warden.protocol.response.SetACLResponse;
import io.warden.protocol.response.SetDataResponse;
import io.warden.protocol.response.SetSASLResponse;
import io.warden.protocol.response.SyncResponse;
import io.warden.protocol.response.WatcherEvent;
import io.warden.protocol.response.WhoAmIResponse;
import io.warden.protocol.testing.Hex;
import io.warden.protocol.testing.RandomRecords;
import io.warden.protocol.testing.Seeds;
import io.warden.protocol.testing.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Byte-for-byte cross-check of every record against the official jute classes of ZooKeeper 3.9.5
 * ({@code org.apache.zookeeper.proto.*}, {@code org.apache.zookeeper.data.*},
 * {@code BinaryOutputArchive}/{@code BinaryInputArchive}), in both directions, over many seeded
 * random values per type (see {@link RandomRecords}, which keeps strings in the BMP on purpose):
 * <ol>
 *   <li>same value, same bytes: our encoding equals jute's encoding of the mapped jute object;</li>
 *   <li>ours encodes, jute decodes: jute reads every byte, the value maps back field by field to
 *       ours, and jute's re-encoding equals our bytes;</li>
 *   <li>jute encodes, ours decodes: we read every byte and get the same record.</li>
 * </ol>
 * Multi requests and responses are in {@link JuteMultiCrossCheckTest}.
 */
class JuteCrossCheckTest {
    private static final int ITERATIONS = Seeds.soak() ? 20_000 : 300;
    private static final long SEED = Seeds.seed("JuteCrossCheckTest");

    /** One record type: a random value and our reader. */
    record Case<T extends Record & WireRecord>(Class<T> type, Function<RandomRecords, T> make,
            Function<WireReader, T> read) {
        String name() {
            return type.getSimpleName();
        }
    }

    private static <T extends Record & WireRecord> Case<T> of(Class<T> type,
            Function<RandomRecords, T> make, Function<WireReader, T> read) {
        return new Case<>(type, make, read);
    }

    static List<Case<?>> cases() {
        return List.of(
                of(Stat.class, RandomRecords::stat, Stat::read),
                of(Id.class, RandomRecords::id, Id::read),
                of(Acl.class, RandomRecords::acl, Acl::read),
                of(ClientInfo.class, RandomRecords::clientInfo, ClientInfo::read),
                // jute 3.9 always carries readOnly; the short forms are checked separately below
                of(ConnectRequest.class, r -> r.connectRequest(true), ConnectRequest::read),
                of(ConnectResponse.class, r -> r.connectResponse(true), ConnectResponse::read),
                of(RequestHeader.class, RandomRecords::requestHeader, RequestHeader::read),
                of(ReplyHeader.class, RandomRecords::replyHeader, ReplyHeader::read),
                of(MultiHeader.class, RandomRecords::multiHeader, MultiHeader::read),
                of(CreateRequest.class, RandomRecords::createRequest, CreateRequest::read),
                of(CreateTTLRequest.class, RandomRecords::createTTLRequest, CreateTTLRequest::read),
                of(DeleteRequest.class, RandomRecords::deleteRequest, DeleteRequest::read),
                of(ExistsRequest.class, RandomRecords::existsRequest, ExistsRequest::read),
                of(GetDataRequest.class, RandomRecords::getDataRequest, GetDataRequest::read),
                of(SetDataRequest.class, RandomRecords::setDataRequest, SetDataRequest::read),
                of(GetACLRequest.class, RandomRecords::getACLRequest, GetACLRequest::read),
                of(SetACLRequest.class, RandomRecords::setACLRequest, SetACLRequest::read),
                of(GetChildrenRequest.class, RandomRecords::getChildrenRequest, GetChildrenRequest::read),
                of(SyncRequest.class, RandomRecords::syncRequest, SyncRequest::read),
                of(GetChildren2Request.class, RandomRecords::getChildren2Request, GetChildren2Request::read),
                of(CheckVersionRequest.class, RandomRecords::checkVersionRequest, CheckVersionRequest::read),
                of(ReconfigRequest.class, RandomRecords::reconfigRequest, ReconfigRequest::read),
                of(CheckWatchesRequest.class, RandomRecords::checkWatchesRequest, CheckWatchesRequest::read),
                of(RemoveWatchesRequest.class, RandomRecords::removeWatchesRequest,
                        RemoveWatchesRequest::read),
                of(AuthPacket.class, RandomRecords::authPacket, AuthPacket::read),
                of(SetWatches.class, RandomRecords::setWatches, SetWatches::read),
                of(GetSASLRequest.class, RandomRecords::getSASLRequest, GetSASLRequest::read),
                of(GetEphemeralsRequest.class, RandomRecords::getEphemeralsRequest,
                        GetEphemeralsRequest::read),
                of(GetAllChildrenNumberRequest.class, RandomRecords::getAllChildrenNumberRequest,
                        GetAllChildrenNumberRequest::read),
                of(SetWatches2.class, RandomRecords::setWatches2, SetWatches2::read),
                of(AddWatchRequest.class, RandomRecords::addWatchRequest, AddWatchRequest::read),
                of(CreateResponse.class, RandomRecords::createResponse, CreateResponse::read),
                of(Create2Response.class, RandomRecords::create2Response, Create2Response::read),
                of(ExistsResponse.class, RandomRecords::existsResponse, ExistsResponse::read),
                of(GetDataResponse.class, RandomRecords::getDataResponse, GetDataResponse::read),
                of(SetDataResponse.class, RandomRecords::setDataResponse, SetDataResponse::read),
                of(GetACLResponse.class, RandomRecords::getACLResponse, GetACLResponse::read),
                of(SetACLResponse.class, RandomRecords::setACLResponse, SetACLResponse::read),
                of(GetChildrenResponse.class, RandomRecords::getChildrenResponse, GetChildrenResponse::read),
                of(SyncResponse.class, RandomRecords::syncResponse, SyncResponse::read),
                of(GetChildren2Response.class, RandomRecords::getChildren2Response,
                        GetChildren2Response::read),
                of(SetSASLResponse.class, RandomRecords::setSASLResponse, SetSASLResponse::read),
                of(GetEphemeralsResponse.class, RandomRecords::getEphemeralsResponse,
                        GetEphemeralsResponse::read),
                of(GetAllChildrenNumberResponse.class, RandomRecords::getAllChildrenNumberResponse,
                        GetAllChildrenNumberResponse::read),
                of(ErrorResponse.class, RandomRecords::errorResponse, ErrorResponse::read),
                of(WhoAmIResponse.class, RandomRecords::whoAmIResponse, WhoAmIResponse::read),
                of(WatcherEvent.class, RandomRecords::watcherEvent, WatcherEvent::read));
    }

    @TestFactory
    Stream<DynamicTest> everyRecordAgainstJute() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> crossCheck(c)));
    }

    private static <T extends Record & WireRecord> void crossCheck(Case<T> c) throws IOException {
        JuteMapping.checkSameFields(c.type());
        RandomRecords random = new RandomRecords(SEED ^ c.name().hashCode());
        for (int i = 0; i < ITERATIONS; i++) {
            T ours = c.make().apply(random);
            String where = c.name() + " #" + i + " " + Seeds.describe(SEED) + " value=" + ours;
            byte[] ourBytes = Wire.encode(ours);

            org.apache.jute.Record jute = JuteMapping.toJute(ours);
            byte[] juteBytes = JuteMapping.serialize(jute);
            assertEquals(Hex.format(juteBytes), Hex.format(ourBytes), "same value, same bytes: " + where);

            org.apache.jute.Record juteDecoded = JuteMapping.deserialize(ourBytes, JuteMapping.newJute(c.type()));
            assertEquals(ours, JuteMapping.fromJute(juteDecoded, c.type()), "jute decodes ours: " + where);
            assertArrayEquals(ourBytes, JuteMapping.serialize(juteDecoded), "jute re-encodes: " + where);

            assertEquals(ours, Wire.decode(juteBytes, c.read()), "we decode jute's: " + where);
        }
    }

    @Test
    void everyRequestAndResponseRecordIsCrossChecked() {
        Set<Class<?>> covered = new HashSet<>();
        for (Case<?> c : cases()) {
            covered.add(c.type());
        }
        // header-only bodies have no jute class; deleteContainer has none either (ZooKeeper's
        // container manager builds it server-side); multi is in JuteMultiCrossCheckTest
        Set<Class<?>> elsewhere = Set.of(EmptyRequest.class, EmptyResponse.class,
                DeleteContainerRequest.class, MultiRequest.class, MultiResponse.class);
        List<Class<?>> all = new ArrayList<>();
        all.addAll(Arrays.asList(Request.class.getPermittedSubclasses()));
        all.addAll(Arrays.asList(Response.class.getPermittedSubclasses()));
        for (Class<?> type : all) {
            assertTrue(covered.contains(type) || elsewhere.contains(type),
                    "no jute cross-check for " + type.getSimpleName());
        }
    }

    @Test
    void shortConnectRequestIsJuteBytesWithoutTheLastByte() throws IOException {
        RandomRecords random = new RandomRecords(SEED ^ 1);
        for (int i = 0; i < ITERATIONS; i++) {
            ConnectRequest shortForm = random.connectRequest(false);
            String where = "#" + i + " " + Seeds.describe(SEED) + " " + shortForm;
            byte[] ours = Wire.encode(shortForm);
            byte[] jute = JuteMapping.serialize(JuteMapping.toJute(shortForm)); // readOnly false
            assertEquals(Hex.format(Arrays.copyOf(jute, jute.length - 1)), Hex.format(ours), where);
            assertEquals(0, jute[jute.length - 1], where);
            assertEquals(shortForm, Wire.decode(Arrays.copyOf(jute, jute.length - 1), ConnectRequest::read),
                    where);
            // jute 3.9's record cannot read it: the server tries the readOnly byte separately
            assertThrows(IOException.class, () -> JuteMapping.deserialize(ours,
                    new org.apache.zookeeper.proto.ConnectRequest()), where);
        }
    }

    @Test
    void shortConnectResponseIsJuteBytesWithoutTheLastByte() {
        RandomRecords random = new RandomRecords(SEED ^ 2);
        for (int i = 0; i < ITERATIONS; i++) {
            ConnectResponse shortForm = random.connectResponse(false);
            String where = "#" + i + " " + Seeds.describe(SEED) + " " + shortForm;
            byte[] ours = Wire.encode(shortForm);
            byte[] jute = JuteMapping.serialize(JuteMapping.toJute(shortForm));
            assertEquals(Hex.format(Arrays.copyOf(jute, jute.length - 1)), Hex.format(ours), where);
            assertEquals(shortForm, Wire.decode(Arrays.copyOf(jute, jute.length - 1), ConnectResponse::read),
                    where);
        }
    }

    @Test
    void nullAndEmptyAreMinusOneAndZeroInJuteToo() throws IOException {
        CreateRequest nulls = new CreateRequest(null, null, null, 0);
        CreateRequest empties = new CreateRequest("", Bytes.EMPTY, List.of(), 0);
        assertArrayEquals(JuteMapping.serialize(new org.apache.zookeeper.proto.CreateRequest(null, null, null, 0)),
                Wire.encode(nulls));
        assertArrayEquals(JuteMapping.serialize(new org.apache.zookeeper.proto.CreateRequest("", new byte[0],
                new ArrayList<>(), 0)), Wire.encode(empties));
        org.apache.zookeeper.proto.CreateRequest n = JuteMapping.deserialize(Wire.encode(nulls),
                new org.apache.zookeeper.proto.CreateRequest());
        assertNull(n.getPath());
        assertNull(n.getData());
        assertNull(n.getAcl());
        org.apache.zookeeper.proto.CreateRequest e = JuteMapping.deserialize(Wire.encode(empties),
                new org.apache.zookeeper.proto.CreateRequest());
        assertEquals("", e.getPath());
        assertNotNull(e.getData());
        assertEquals(0, e.getData().length);
        assertEquals(List.of(), e.getAcl());
        // null elements inside vectors (Kazoo sends "" as null)
        SetWatches withNulls = new SetWatches(7, Arrays.asList(null, "", "/a"), null, List.of());
        assertArrayEquals(JuteMapping.serialize(JuteMapping.toJute(withNulls)), Wire.encode(withNulls));
        assertEquals(withNulls, JuteMapping.fromJute(JuteMapping.deserialize(Wire.encode(withNulls),
                new org.apache.zookeeper.proto.SetWatches()), SetWatches.class));
    }

    @Test
    void arbitraryBytesInAUstringDecodeAsJuteDecodesThem() throws IOException {
        // Malformed UTF-8 must become the same replacement characters on both sides, so that a
        // path or ACL id we store is the one ZooKeeper would have stored.
        RandomRecords random = new RandomRecords(SEED ^ 3);
        for (int i = 0; i < ITERATIONS * 10; i++) {
            byte[] content = random.byteArray(random.nextInt(0, 24));
            byte[] bytes = Wire.concat(new byte[] {0, 0, 0, (byte) content.length}, content);
            String theirs = JuteMapping.deserialize(bytes, new org.apache.zookeeper.proto.SyncRequest()).getPath();
            String ours = Wire.decode(bytes, SyncRequest::read).path();
            assertEquals(theirs, ours, "bytes " + Hex.format(content) + " " + Seeds.describe(SEED));
        }
    }

    @Test
    void supplementaryCharactersAreWhereJuteAndStandardUtf8Differ() throws IOException {
        // U+1F600 is the surrogate pair D83D DE00. jute's writer encodes each UTF-16 unit on its
        // own (6 bytes, CESU-8 style); we write standard UTF-8 (4 bytes). This is why
        // RandomRecords keeps to the BMP.
        String grin = new String(Character.toChars(0x1F600));
        byte[] jute = JuteMapping.serialize(new org.apache.zookeeper.proto.SyncRequest(grin));
        byte[] ours = Wire.encode(new SyncRequest(grin));
        assertEquals("00 00 00 06 ed a0 bd ed b8 80", Hex.format(jute));
        assertEquals("00 00 00 04 f0 9f 98 80", Hex.format(ours));
        // jute's reader (the Java client) reads our standard form back to the character ...
        assertEquals(grin, JuteMapping.deserialize(ours, new org.apache.zookeeper.proto.SyncRequest()).getPath());
        // ... and both readers turn jute's form into the same replacement characters, so a
        // ZooKeeper server mangles such a string exactly as we do.
        String juteReadsJute = JuteMapping.deserialize(jute, new org.apache.zookeeper.proto.SyncRequest()).getPath();
        assertEquals(juteReadsJute, Wire.decode(jute, SyncRequest::read).path());
        assertTrue(juteReadsJute.chars().allMatch(ch -> ch == 0xFFFD), juteReadsJute);
        assertEquals(new String(Arrays.copyOfRange(jute, 4, 10), StandardCharsets.UTF_8), juteReadsJute);
    }
}
