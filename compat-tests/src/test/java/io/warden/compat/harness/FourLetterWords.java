package io.warden.compat.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends a four-letter word ({@code ruok}, {@code srvr}, {@code mntr}, ...) on a fresh TCP
 * connection and returns the raw text the server writes before closing (PROTOCOL.md section 19):
 * the command must be the first bytes on the connection and the answer ends at EOF, with no
 * length prefix.
 *
 * <p>Every call is bounded: connect, each read and the whole exchange share one deadline, and the
 * answer is capped at {@link #MAX_RESPONSE_BYTES}. Stateless and thread-safe.
 */
public final class FourLetterWords {
    /** Default bound for a whole exchange. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Answers longer than this are an error (a real {@code mntr} is about 20 KiB). */
    public static final int MAX_RESPONSE_BYTES = 4 << 20;

    private FourLetterWords() {}

    /** Sends {@code command} (four ASCII letters) with {@link #DEFAULT_TIMEOUT}. */
    public static String send(String host, int port, String command) throws IOException {
        return send(host, port, command, DEFAULT_TIMEOUT);
    }

    /** Sends {@code command} (four ASCII letters) and reads the answer until EOF. */
    public static String send(String host, int port, String command, Duration timeout)
            throws IOException {
        if (command.length() != 4 || !StandardCharsets.US_ASCII.newEncoder().canEncode(command)) {
            throw new IllegalArgumentException("not a four-letter word: '" + command + "'");
        }
        byte[] answer = sendRaw(host, port, command.getBytes(StandardCharsets.US_ASCII), timeout);
        return new String(answer, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code payload} as the first bytes of a fresh connection and returns every byte
     * received until the server closes. For words with arguments ({@code stmk} plus an 8-byte
     * mask) and for the telnet close sequence {@code 0xFFF4FFFD}.
     *
     * @throws SocketTimeoutException if the server neither answers nor closes in time
     */
    public static byte[] sendRaw(String host, int port, byte[] payload, Duration timeout)
            throws IOException {
        Deadline deadline = Deadline.after(timeout);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), deadline.remainingMs(1));
            socket.getOutputStream().write(payload);
            socket.getOutputStream().flush();
            return readToEof(socket, deadline, host + ":" + port);
        }
    }

    private static byte[] readToEof(Socket socket, Deadline deadline, String peer)
            throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            if (deadline.expired()) {
                throw new SocketTimeoutException("no EOF from " + peer + " within "
                        + deadline.budget() + " (" + answer.size() + " bytes so far)");
            }
            socket.setSoTimeout(deadline.remainingMs(1));
            int n = in.read(buffer);
            if (n < 0) {
                return answer.toByteArray();
            }
            if (answer.size() + n > MAX_RESPONSE_BYTES) {
                throw new IOException("answer from " + peer + " exceeds "
                        + MAX_RESPONSE_BYTES + " bytes");
            }
            answer.write(buffer, 0, n);
        }
    }
}
