package io.warden.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for tests that must name ports in a configuration (server lines). */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * {@code n} distinct ports that were free on the loopback address a moment ago: all are held
     * open together (so none repeats), then released.
     */
    public static int[] pick(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }
}
