package io.warden.server.sequencer;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Id;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link ClientLink} that records what the apply thread hands it. Thread-safe (queues, volatiles). */
final class RecordingLink implements ClientLink {
    /** One {@link #deliver} call. */
    record Delivery(List<Object> frames, int completed, boolean closeAfter) {
    }

    final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    volatile long sessionId;
    volatile int timeoutMs;
    volatile List<Id> identities = List.of(new Id("ip", "127.0.0.1"));
    volatile boolean closedNow;

    @Override
    public InetAddress remoteAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public void bindSession(long sessionId, int timeoutMs) {
        this.sessionId = sessionId;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void setIdentities(List<Id> identities) {
        this.identities = identities;
    }

    @Override
    public void deliver(List<Object> frames, int completedRequests, boolean closeAfter) {
        deliveries.add(new Delivery(List.copyOf(frames), completedRequests, closeAfter));
    }

    @Override
    public void closeNow() {
        closedNow = true;
    }

    @Override
    public void recordReply(OpCode op, int cxid, long zxid, long latencyNanos) {
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public List<Id> identities() {
        return identities;
    }

    /** The next delivery, waiting at most 10 s. */
    Delivery next() throws InterruptedException {
        Delivery d = deliveries.poll(10, TimeUnit.SECONDS);
        if (d == null) {
            throw new AssertionError("no delivery within 10 s");
        }
        return d;
    }
}
