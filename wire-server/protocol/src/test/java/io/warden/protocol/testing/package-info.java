/**
 * Reusable test support for anything that speaks the wire protocol, published in the
 * wire-protocol test-jar: {@link io.warden.protocol.testing.RandomRecords} (seeded random
 * instances of every record), {@link io.warden.protocol.testing.OpCodeTable} (request and reply
 * generators per opcode), {@link io.warden.protocol.testing.Seeds} (the one source of test seeds,
 * {@code -Dwarden.seed}), {@link io.warden.protocol.testing.Hex} (PROTOCOL.md hex dumps),
 * {@link io.warden.protocol.testing.Wire} (encode/decode helpers) and
 * {@link io.warden.protocol.testing.TrackingAllocator} (ByteBuf leak checks).
 *
 * <p>May depend on the wire-protocol main code, netty and the JDK; never on JUnit, so that any
 * test framework can use it. Generators are thread-confined; the rest is stateless or immutable
 * unless its javadoc says otherwise.
 */
package io.warden.protocol.testing;
