package io.warden.bench.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.bench.codec.CodecFixtures.Message;
import io.warden.protocol.OpCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CodecCheckTest {
    @Test
    void everyBenchmarkedMessageEncodesIdenticallyAndRoundTrips() throws IOException {
        CodecFixtures fixtures = new CodecFixtures();
        assertEquals(8, fixtures.all().size());
        for (Message m : fixtures.all()) {
            CodecCheck.verify(m);
        }
    }

    @Test
    void aMismatchBetweenOursAndJuteIsCaught() {
        CodecFixtures f = new CodecFixtures();
        Message wrong = new Message("wrong", OpCode.GET_DATA, f.getDataRequest.ours(),
                f.getDataRequest.juteHeader(),
                new org.apache.zookeeper.proto.GetDataRequest("/other", true));
        assertThrows(IllegalStateException.class, () -> CodecCheck.verify(wrong));
    }

    @Test
    void benchmarkSetUpAcceptsEveryParameter() throws IOException {
        for (Message m : new CodecFixtures().all()) {
            CodecBenchmark b = new CodecBenchmark();
            b.message = m.name();
            b.setUp();
            assertEquals(m.ours(), b.decodeOurs());
            b.encodeOurs();
            b.encodeJuteReused();
            b.encodeJuteZk();
            b.decodeJuteZk();
        }
    }
}
