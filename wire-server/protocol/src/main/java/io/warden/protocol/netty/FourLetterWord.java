package io.warden.protocol.netty;

import java.util.Set;

/**
 * A four-letter-word command sniffed from the first 4 bytes of a fresh connection
 * (PROTOCOL.md section 19). {@code argument} is the 8-byte trace mask of {@code stmk}, else 0.
 * Immutable.
 */
public record FourLetterWord(String command, long argument) {
    /** Every command ZooKeeper 3.9 recognises. */
    public static final Set<String> COMMANDS = Set.of(
            "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "hash", "isro", "mntr", "ruok",
            "srst", "srvr", "stat", "stmk", "wchc", "wchp", "wchs");

    /** The telnet close sequence (IAC IP IAC DO), which ZooKeeper also treats as a command. */
    public static final int TELNET_CLOSE = 0xfff4fffd;

    /** The command whose 4 ASCII bytes form {@code word}, or {@code null} if it is none. */
    public static String commandOf(int word) {
        if (word == TELNET_CLOSE) {
            return "telnetclose";
        }
        char[] c = {(char) (word >>> 24 & 0xff), (char) (word >>> 16 & 0xff), (char) (word >>> 8 & 0xff),
                (char) (word & 0xff)};
        String s = new String(c);
        return COMMANDS.contains(s) ? s : null;
    }
}
