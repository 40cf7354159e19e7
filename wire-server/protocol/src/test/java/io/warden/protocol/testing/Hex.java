package io.warden.protocol.testing;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Hex dumps as written in PROTOCOL.md section 21: pairs of hex digits separated by any
 * whitespace, plus the run notation {@code [16 × 00]} (or {@code [16 x 00]}) for a repeated byte.
 * Stateless.
 */
public final class Hex {
    private Hex() {
    }

    /** The bytes of a dump. */
    public static byte[] parse(String dump) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] tokens = dump.replace("[", " [ ").replace("]", " ] ").trim().split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty()) {
                continue;
            }
            if (t.equals("[")) {
                int count = Integer.parseInt(tokens[i + 1]);
                String times = tokens[i + 2];
                if (!times.equals("×") && !times.equalsIgnoreCase("x")) {
                    throw new IllegalArgumentException("bad run at token " + i + ": " + times);
                }
                int value = Integer.parseInt(tokens[i + 3], 16);
                if (!tokens[i + 4].equals("]")) {
                    throw new IllegalArgumentException("unclosed run at token " + i);
                }
                for (int k = 0; k < count; k++) {
                    out.write(value);
                }
                i += 4;
            } else {
                if (t.length() != 2) {
                    throw new IllegalArgumentException("not a hex byte: '" + t + "'");
                }
                out.write(Integer.parseInt(t, 16));
            }
        }
        return out.toByteArray();
    }

    /** Space-separated lower-case hex pairs. */
    public static String format(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
