package io.warden.protocol.codec;

/** A jute record that knows how to write itself: its fields in order, nothing else. */
public interface WireRecord {
    void write(WireWriter out);
}
