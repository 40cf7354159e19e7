package io.warden.bench.client;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for the report (the load package's writer is package-private): maps,
 * lists, strings, numbers (NaN and infinities become null), booleans and null. Stateless.
 */
final class MiniJson {
    private MiniJson() {
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(java.util.Locale.ROOT, "%.3f", d));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            String pad = "\n" + "  ".repeat(depth + 1);
            sb.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(i++ == 0 ? "" : ",").append(pad);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), depth + 1);
            }
            sb.append(m.isEmpty() ? "" : "\n" + "  ".repeat(depth)).append('}');
        } else if (v instanceof List<?> l) {
            String pad = "\n" + "  ".repeat(depth + 1);
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(pad);
                write(sb, l.get(i), depth + 1);
            }
            sb.append(l.isEmpty() ? "" : "\n" + "  ".repeat(depth)).append(']');
        } else {
            string(sb, v.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
