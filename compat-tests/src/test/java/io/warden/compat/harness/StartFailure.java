package io.warden.compat.harness;

import java.io.IOException;

/**
 * A real ZooKeeper server did not come up. {@link #portInUse()} tells {@link RealZooKeeper} that
 * retrying on another free port may help (someone took the port between pick and bind).
 *
 * <p>Immutable.
 */
final class StartFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean portInUse;

    StartFailure(String message, boolean portInUse, Throwable cause) {
        super(message, cause);
        this.portInUse = portInUse;
    }

    StartFailure(String message, boolean portInUse) {
        this(message, portInUse, null);
    }

    boolean portInUse() {
        return portInUse;
    }
}
