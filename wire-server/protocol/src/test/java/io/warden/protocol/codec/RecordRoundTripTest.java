package io.warden.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.warden.protocol.response.OpResult;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded round trips of every record: encode with {@link WireWriter}, decode with the record's
 * {@code read}, compare. The seed is printed and in every failure message; fix it with
 * {@code -Dwarden.seed}.
 */
class RecordRoundTripTest {
    private static final int ITERATIONS = Seeds.soak() ? 20_000 : 400;
    private static final long SEED = Seeds.seed("RecordRoundTripTest");

    /** One record type: how to make a random value and how to read it back. */
    record Case<T extends WireRecord>(String name, Class<?> type, Function<RandomRecords, T> make,
            Function<WireReader, T> read) {
    }

    static List<Case<?>> cases() {
        List<Case<?>> c = new ArrayList<>();
        c.add(new Case<>("Stat", Stat.class, RandomRecords::stat, Stat::read));
        c.add(new Case<>("Id", Id.class, RandomRecords::id, Id::read));
        c.add(new Case<>("Acl", Acl.class, RandomRecords::acl, Acl::read));
        c.add(new Case<>("ClientInfo", ClientInfo.class, RandomRecords::clientInfo, ClientInfo::read));
        c.add(new Case<>("ConnectRequest+readOnly", ConnectRequest.class,
                r -> r.connectRequest(true), ConnectRequest::read));
        c.add(new Case<>("ConnectRequest-readOnly", ConnectRequest.class,
                r -> r.connectRequest(false), ConnectRequest::read));
        c.add(new Case<>("ConnectResponse+readOnly", ConnectResponse.class,
                r -> r.connectResponse(true), ConnectResponse::read));
        c.add(new Case<>("ConnectResponse-readOnly", ConnectResponse.class,
                r -> r.connectResponse(false), ConnectResponse::read));
        c.add(new Case<>("RequestHeader", RequestHeader.class, RandomRecords::requestHeader,
                RequestHeader::read));
        c.add(new Case<>("ReplyHeader", ReplyHeader.class, RandomRecords::replyHeader,
                ReplyHeader::read));
        c.add(new Case<>("MultiHeader", MultiHeader.class, RandomRecords::multiHeader,
                MultiHeader::read));
        // requests
        c.add(new Case<>("CreateRequest", CreateRequest.class, RandomRecords::createRequest,
                CreateRequest::read));
        c.add(new Case<>("CreateTTLRequest", CreateTTLRequest.class,
                RandomRecords::createTTLRequest, CreateTTLRequest::read));
        c.add(new Case<>("DeleteRequest", DeleteRequest.class, RandomRecords::deleteRequest,
                DeleteRequest::read));
        c.add(new Case<>("ExistsRequest", ExistsRequest.class, RandomRecords::existsRequest,
                ExistsRequest::read));
        c.add(new Case<>("GetDataRequest", GetDataRequest.class, RandomRecords::getDataRequest,
                GetDataRequest::read));
        c.add(new Case<>("SetDataRequest", SetDataRequest.class, RandomRecords::setDataRequest,
                SetDataRequest::read));
        c.add(new Case<>("GetACLRequest", GetACLRequest.class, RandomRecords::getACLRequest,
                GetACLRequest::read));
        c.add(new Case<>("SetACLRequest", SetACLRequest.class, RandomRecords::setACLRequest,
                SetACLRequest::read));
        c.add(new Case<>("GetChildrenRequest", GetChildrenRequest.class,
                RandomRecords::getChildrenRequest, GetChildrenRequest::read));
        c.add(new Case<>("SyncRequest", SyncRequest.class, RandomRecords::syncRequest,
                SyncRequest::read));
        c.add(new Case<>("GetChildren2Request", GetChildren2Request.class,
                RandomRecords::getChildren2Request, GetChildren2Request::read));
        c.add(new Case<>("CheckVersionRequest", CheckVersionRequest.class,
                RandomRecords::checkVersionRequest, CheckVersionRequest::read));
        c.add(new Case<>("MultiRequest(multi)", MultiRequest.class, RandomRecords::multiRequest,
                MultiRequest::read));
        c.add(new Case<>("MultiRequest(multiRead)", MultiRequest.class,
                RandomRecords::multiReadRequest, MultiRequest::read));
        c.add(new Case<>("ReconfigRequest", ReconfigRequest.class, RandomRecords::reconfigRequest,
                ReconfigRequest::read));
        c.add(new Case<>("CheckWatchesRequest", CheckWatchesRequest.class,
                RandomRecords::checkWatchesRequest, CheckWatchesRequest::read));
        c.add(new Case<>("RemoveWatchesRequest", RemoveWatchesRequest.class,
                RandomRecords::removeWatchesRequest, RemoveWatchesRequest::read));
        c.add(new Case<>("DeleteContainerRequest", DeleteContainerRequest.class,
                RandomRecords::deleteContainerRequest, DeleteContainerRequest::read));
        c.add(new Case<>("AuthPacket", AuthPacket.class, RandomRecords::authPacket, AuthPacket::read));
        c.add(new Case<>("SetWatches", SetWatches.class, RandomRecords::setWatches, SetWatches::read));
        c.add(new Case<>("GetSASLRequest", GetSASLRequest.class, RandomRecords::getSASLRequest,
                GetSASLRequest::read));
        c.add(new Case<>("GetEphemeralsRequest", GetEphemeralsRequest.class,
                RandomRecords::getEphemeralsRequest, GetEphemeralsRequest::read));
        c.add(new Case<>("GetAllChildrenNumberRequest", GetAllChildrenNumberRequest.class,
                RandomRecords::getAllChildrenNumberRequest, GetAllChildrenNumberRequest::read));
        c.add(new Case<>("SetWatches2", SetWatches2.class, RandomRecords::setWatches2,
                SetWatches2::read));
        c.add(new Case<>("AddWatchRequest", AddWatchRequest.class, RandomRecords::addWatchRequest,
                AddWatchRequest::read));
        // responses
        c.add(new Case<>("CreateResponse", CreateResponse.class, RandomRecords::createResponse,
                CreateResponse::read));
        c.add(new Case<>("Create2Response", Create2Response.class, RandomRecords::create2Response,
                Create2Response::read));
        c.add(new Case<>("ExistsResponse", ExistsResponse.class, RandomRecords::existsResponse,
                ExistsResponse::read));
        c.add(new Case<>("GetDataResponse", GetDataResponse.class, RandomRecords::getDataResponse,
                GetDataResponse::read));
        c.add(new Case<>("SetDataResponse", SetDataResponse.class, RandomRecords::setDataResponse,
                SetDataResponse::read));
        c.add(new Case<>("GetACLResponse", GetACLResponse.class, RandomRecords::getACLResponse,
                GetACLResponse::read));
        c.add(new Case<>("SetACLResponse", SetACLResponse.class, RandomRecords::setACLResponse,
                SetACLResponse::read));
        c.add(new Case<>("GetChildrenResponse", GetChildrenResponse.class,
                RandomRecords::getChildrenResponse, GetChildrenResponse::read));
        c.add(new Case<>("SyncResponse", SyncResponse.class, RandomRecords::syncResponse,
                SyncResponse::read));
        c.add(new Case<>("GetChildren2Response", GetChildren2Response.class,
                RandomRecords::getChildren2Response, GetChildren2Response::read));
        c.add(new Case<>("MultiResponse", MultiResponse.class, RandomRecords::multiResponse,
                MultiResponse::read));
        c.add(new Case<>("SetSASLResponse", SetSASLResponse.class, RandomRecords::setSASLResponse,
                SetSASLResponse::read));
        c.add(new Case<>("GetEphemeralsResponse", GetEphemeralsResponse.class,
                RandomRecords::getEphemeralsResponse, GetEphemeralsResponse::read));
        c.add(new Case<>("GetAllChildrenNumberResponse", GetAllChildrenNumberResponse.class,
                RandomRecords::getAllChildrenNumberResponse, GetAllChildrenNumberResponse::read));
        c.add(new Case<>("ErrorResponse", ErrorResponse.class, RandomRecords::errorResponse,
                ErrorResponse::read));
        c.add(new Case<>("WhoAmIResponse", WhoAmIResponse.class, RandomRecords::whoAmIResponse,
                WhoAmIResponse::read));
        c.add(new Case<>("WatcherEvent", WatcherEvent.class, RandomRecords::watcherEvent,
                WatcherEvent::read));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> roundTripEveryRecord() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> roundTrip(c)));
    }

    private static <T extends WireRecord> void roundTrip(Case<T> c) {
        long seed = SEED ^ c.name().hashCode();
        RandomRecords random = new RandomRecords(seed);
        for (int i = 0; i < ITERATIONS; i++) {
            T value = c.make().apply(random);
            String where = c.name() + " #" + i + " " + Seeds.describe(SEED) + " value=" + value;
            byte[] bytes = Wire.encode(value);
            T decoded;
            try {
                decoded = Wire.decode(bytes, c.read());
            } catch (CodecException e) {
                throw new AssertionError(where + " bytes=" + Hex.format(bytes) + ": " + e.getMessage(), e);
            }
            assertEquals(value, decoded, where);
            assertEquals(value.hashCode(), decoded.hashCode(), where);
            assertEquals(Hex.format(bytes), Hex.format(Wire.encode(decoded)), where);
        }
    }

    @Test
    void everyRequestAndResponseRecordHasARoundTripCase() {
        Set<Class<?>> covered = new HashSet<>();
        for (Case<?> c : cases()) {
            covered.add(c.type());
        }
        for (Class<?> type : Request.class.getPermittedSubclasses()) {
            if (type != EmptyRequest.class) {
                assertTrue(covered.contains(type), "no round-trip case for " + type.getSimpleName());
            }
        }
        for (Class<?> type : Response.class.getPermittedSubclasses()) {
            if (type != EmptyResponse.class) {
                assertTrue(covered.contains(type), "no round-trip case for " + type.getSimpleName());
            }
        }
    }

    @Test
    void generatedMultiResponsesContainEveryOpResultKind() {
        RandomRecords random = new RandomRecords(SEED);
        Set<Class<?>> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            for (OpResult r : random.multiResponse().results()) {
                seen.add(r.getClass());
            }
        }
        assertEquals(Set.of(OpResult.class.getPermittedSubclasses()), seen, Seeds.describe(SEED));
    }

    @Test
    void generatorProducesNullsAndEmptiesAsDistinctValues() {
        RandomRecords random = new RandomRecords(SEED);
        int nullBytes = 0;
        int emptyBytes = 0;
        int nullStrings = 0;
        int emptyStrings = 0;
        int nullLists = 0;
        int emptyLists = 0;
        for (int i = 0; i < 1000; i++) {
            Bytes b = random.bytes();
            nullBytes += b == null ? 1 : 0;
            emptyBytes += b != null && b.length() == 0 ? 1 : 0;
            String s = random.string();
            nullStrings += s == null ? 1 : 0;
            emptyStrings += "".equals(s) ? 1 : 0;
            List<String> l = random.strings();
            nullLists += l == null ? 1 : 0;
            emptyLists += l != null && l.isEmpty() ? 1 : 0;
        }
        String where = Seeds.describe(SEED);
        assertTrue(nullBytes > 0 && emptyBytes > 0, where);
        assertTrue(nullStrings > 0 && emptyStrings > 0, where);
        assertTrue(nullLists > 0 && emptyLists > 0, where);
    }

    @Test
    void nullAndEmptyStayDistinctOnTheWire() {
        CreateRequest nulls = new CreateRequest(null, null, null, 0);
        CreateRequest empties = new CreateRequest("", Bytes.EMPTY, List.of(), 0);
        byte[] nullBytes = Wire.encode(nulls);
        byte[] emptyBytes = Wire.encode(empties);
        assertEquals("ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00 00", Hex.format(nullBytes));
        assertEquals("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", Hex.format(emptyBytes));
        assertEquals(nulls, Wire.decode(nullBytes, CreateRequest::read));
        assertEquals(empties, Wire.decode(emptyBytes, CreateRequest::read));
        assertNotEquals(nulls, empties);

        // Kazoo sends "" as null inside ACL ids and string vectors: elements may be null too.
        SetWatches withNullElements = new SetWatches(1, java.util.Arrays.asList(null, "", "/a"),
                List.of(), null);
        assertEquals(withNullElements, Wire.decode(Wire.encode(withNullElements), SetWatches::read));
        Acl nullId = new Acl(31, new Id("auth", null));
        assertEquals(nullId, Wire.decode(Wire.encode(nullId), Acl::read));
    }

    @Test
    void fixedSizeRecordsHaveTheirDocumentedSize() {
        RandomRecords random = new RandomRecords(SEED);
        for (int i = 0; i < 50; i++) {
            assertEquals(Stat.BYTES, Wire.encode(random.stat()).length);
            assertEquals(RequestHeader.BYTES, Wire.encode(random.requestHeader()).length);
            assertEquals(ReplyHeader.BYTES, Wire.encode(random.replyHeader()).length);
            assertEquals(MultiHeader.BYTES, Wire.encode(random.multiHeader()).length);
        }
    }

    @Test
    void booleansAreWrittenAsZeroOrOneAndAnyNonZeroByteReadsAsTrue() {
        assertEquals("00 00 00 01 2f 01", Hex.format(Wire.encode(new ExistsRequest("/", true))));
        assertEquals("00 00 00 01 2f 00", Hex.format(Wire.encode(new ExistsRequest("/", false))));
        assertEquals(new ExistsRequest("/", true),
                Wire.decode(Hex.parse("00 00 00 01 2f 80"), ExistsRequest::read));
        assertEquals(new ExistsRequest("/", true),
                Wire.decode(Hex.parse("00 00 00 01 2f ff"), ExistsRequest::read));
    }

    @Test
    void bmpStringsAreStandardUtf8() {
        // one, two and three byte sequences, NUL and the last BMP code point
        String s = "a\u0000\u00e9\u07ff\u0800\u65e5\uffff";
        byte[] bytes = Wire.encode(new SyncRequest(s));
        assertEquals("00 00 00 0f 61 00 c3 a9 df bf e0 a0 80 e6 97 a5 ef bf bf", Hex.format(bytes));
        assertEquals(new SyncRequest(s), Wire.decode(bytes, SyncRequest::read));
    }
}
