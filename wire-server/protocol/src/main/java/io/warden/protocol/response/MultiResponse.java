package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.request.MultiHeader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reply body of multi (14) and multiRead (22): each result behind a {@link MultiHeader}, then the
 * terminator. Mirrors ZooKeeper's {@code MultiResponse}. Immutable.
 */
public record MultiResponse(List<OpResult> results) implements Response {
    public MultiResponse {
        results = List.copyOf(results);
    }

    @Override
    public void write(WireWriter out) {
        for (OpResult r : results) {
            new MultiHeader(r.type(), false, r.err()).write(out);
            r.writeBody(out);
        }
        MultiHeader.END.write(out);
    }

    public static MultiResponse read(WireReader in) {
        List<OpResult> results = new ArrayList<>();
        MultiHeader h = MultiHeader.read(in);
        while (!h.done()) {
            results.add(OpResult.readBody(h.type(), in));
            h = MultiHeader.read(in);
        }
        return new MultiResponse(Collections.unmodifiableList(results));
    }
}
