package io.warden.protocol.codec;

/**
 * A frame or record that cannot be decoded (truncated, negative or oversize length, unknown
 * discriminator). The server answers MARSHALLINGERROR or closes the connection; it is never a
 * reason to crash. Immutable.
 */
public final class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message, null, false, false);
    }
}
