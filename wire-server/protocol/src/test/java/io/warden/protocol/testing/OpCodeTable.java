package io.warden.protocol.testing;

import io.warden.protocol.OpCode;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.Response;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * For every opcode a client may send (PROTOCOL.md section 6): a generator of its request body and
 * of its successful reply body. Ops without a request record use {@link EmptyRequest}; ops without
 * a response record use {@link EmptyResponse}. Only notification (0), error (-1) and
 * createSession (-10) are missing: they are never client requests.
 *
 * <p>Immutable.
 */
public final class OpCodeTable {
    /** One row: the op, how to make a request body and how to make a reply body. */
    public record Entry(OpCode op, Function<RandomRecords, Request> requests,
            Function<RandomRecords, Response> responses) {
        public Request request(RandomRecords random) {
            return requests.apply(random);
        }

        public Response response(RandomRecords random) {
            return responses.apply(random);
        }
    }

    private static final Function<RandomRecords, Request> NO_REQUEST = r -> EmptyRequest.INSTANCE;
    private static final Function<RandomRecords, Response> NO_RESPONSE = r -> EmptyResponse.INSTANCE;

    /** Every client opcode, in wire-code order of PROTOCOL.md section 6. */
    public static final List<Entry> ENTRIES = List.of(
            new Entry(OpCode.CREATE, RandomRecords::createRequest, RandomRecords::createResponse),
            new Entry(OpCode.DELETE, RandomRecords::deleteRequest, NO_RESPONSE),
            new Entry(OpCode.EXISTS, RandomRecords::existsRequest, RandomRecords::existsResponse),
            new Entry(OpCode.GET_DATA, RandomRecords::getDataRequest, RandomRecords::getDataResponse),
            new Entry(OpCode.SET_DATA, RandomRecords::setDataRequest, RandomRecords::setDataResponse),
            new Entry(OpCode.GET_ACL, RandomRecords::getACLRequest, RandomRecords::getACLResponse),
            new Entry(OpCode.SET_ACL, RandomRecords::setACLRequest, RandomRecords::setACLResponse),
            new Entry(OpCode.GET_CHILDREN, RandomRecords::getChildrenRequest,
                    RandomRecords::getChildrenResponse),
            new Entry(OpCode.SYNC, RandomRecords::syncRequest, RandomRecords::syncResponse),
            new Entry(OpCode.PING, NO_REQUEST, NO_RESPONSE),
            new Entry(OpCode.GET_CHILDREN2, RandomRecords::getChildren2Request,
                    RandomRecords::getChildren2Response),
            new Entry(OpCode.CHECK, RandomRecords::checkVersionRequest, NO_RESPONSE),
            new Entry(OpCode.MULTI, RandomRecords::multiRequest, RandomRecords::multiResponse),
            new Entry(OpCode.CREATE2, RandomRecords::createRequest, RandomRecords::create2Response),
            new Entry(OpCode.RECONFIG, RandomRecords::reconfigRequest, RandomRecords::getDataResponse),
            new Entry(OpCode.CHECK_WATCHES, RandomRecords::checkWatchesRequest, NO_RESPONSE),
            new Entry(OpCode.REMOVE_WATCHES, RandomRecords::removeWatchesRequest, NO_RESPONSE),
            new Entry(OpCode.CREATE_CONTAINER, RandomRecords::createRequest,
                    RandomRecords::create2Response),
            new Entry(OpCode.DELETE_CONTAINER, RandomRecords::deleteContainerRequest, NO_RESPONSE),
            new Entry(OpCode.CREATE_TTL, RandomRecords::createTTLRequest,
                    RandomRecords::create2Response),
            new Entry(OpCode.MULTI_READ, RandomRecords::multiReadRequest, RandomRecords::multiResponse),
            new Entry(OpCode.AUTH, RandomRecords::authPacket, NO_RESPONSE),
            new Entry(OpCode.SET_WATCHES, RandomRecords::setWatches, NO_RESPONSE),
            new Entry(OpCode.SASL, RandomRecords::getSASLRequest, RandomRecords::setSASLResponse),
            new Entry(OpCode.GET_EPHEMERALS, RandomRecords::getEphemeralsRequest,
                    RandomRecords::getEphemeralsResponse),
            new Entry(OpCode.GET_ALL_CHILDREN_NUMBER, RandomRecords::getAllChildrenNumberRequest,
                    RandomRecords::getAllChildrenNumberResponse),
            new Entry(OpCode.SET_WATCHES2, RandomRecords::setWatches2, NO_RESPONSE),
            new Entry(OpCode.ADD_WATCH, RandomRecords::addWatchRequest, RandomRecords::errorResponse),
            new Entry(OpCode.WHO_AM_I, NO_REQUEST, RandomRecords::whoAmIResponse),
            new Entry(OpCode.CLOSE_SESSION, NO_REQUEST, NO_RESPONSE));

    /** The opcodes of {@link #ENTRIES}, in order. */
    public static final List<OpCode> OPS = ENTRIES.stream().map(Entry::op).toList();

    private static final Map<OpCode, Entry> BY_OP = new EnumMap<>(OpCode.class);

    static {
        for (Entry e : ENTRIES) {
            BY_OP.put(e.op(), e);
        }
    }

    private OpCodeTable() {
    }

    /** The row for {@code op}. */
    public static Entry of(OpCode op) {
        Entry e = BY_OP.get(op);
        if (e == null) {
            throw new IllegalArgumentException("not a client request opcode: " + op);
        }
        return e;
    }
}
