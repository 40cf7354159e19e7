package io.warden.server.persist;

import java.io.IOException;

/**
 * A snapshot or txn batch file that cannot be used: wrong magic, unknown format version,
 * checksum mismatch, truncation, or content that describes an impossible state. A loader falls
 * back to an older snapshot. Immutable.
 */
public final class CorruptFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptFileException(String message) {
        super(message);
    }

    public CorruptFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
