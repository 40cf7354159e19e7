package io.warden.compat.curator;

import io.warden.compat.harness.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on {@code 127.0.0.1} in front of one server, to cut a client off without touching
 * the server: {@link #partition()} closes every proxied connection and closes each new one at
 * once, so the client sees its connection drop and its reconnects fail, while the server sees
 * nothing but a closed connection and keeps the session until its timeout; {@link #heal()} lets
 * connections through again.
 *
 * <p>Bounded: at most {@value #MAX_CONNECTIONS} proxied connections at a time (more are closed
 * at once), two pump threads each, connect timeout {@value #CONNECT_TIMEOUT_MS} ms.
 *
 * <p>Thread-safe: the accept thread and the pump threads share only concurrent collections and a
 * volatile flag.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 32;
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final ExecutorService threads = Executors.newFixedThreadPool(2 * MAX_CONNECTIONS + 1, r -> {
        Thread t = new Thread(r, "tcp-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean partitioned;
    private volatile boolean closed;

    private TcpProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** A proxy to {@code targetConnectString} ({@code host:port}), accepting at once. */
    public static TcpProxy start(String targetConnectString) throws IOException {
        int colon = targetConnectString.lastIndexOf(':');
        ServerSocket listener = new ServerSocket(0, 50, FreePorts.loopback());
        TcpProxy proxy = new TcpProxy(listener, targetConnectString.substring(0, colon),
                Integer.parseInt(targetConnectString.substring(colon + 1)));
        proxy.threads.execute(proxy::acceptLoop);
        return proxy;
    }

    /** {@code 127.0.0.1:PORT} of the proxy, for clients. */
    public String connectString() {
        return FreePorts.LOOPBACK_HOST + ":" + listener.getLocalPort();
    }

    /** Drops every proxied connection and refuses new ones until {@link #heal()}. */
    public void partition() {
        partitioned = true;
        closeAll();
    }

    /** Lets connections through again. */
    public void heal() {
        partitioned = false;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        closeAll();
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (partitioned || open.size() >= 2 * MAX_CONNECTIONS) {
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            threads.execute(() -> pump(client, upstream));
            threads.execute(() -> pump(upstream, client));
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // Either side closed: close both below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private void closeAll() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Nothing to do: closing is best effort.
        }
    }
}
