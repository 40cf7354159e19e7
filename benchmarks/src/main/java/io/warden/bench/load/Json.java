package io.warden.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmarks' one minimal JSON writer (load and client reports): maps (insertion order kept by the caller's map), lists,
 * strings, numbers (NaN and infinities become null), booleans and null. Stateless.
 */
public final class Json {
    private Json() {
    }

    /** {@code value} as indented JSON, with a final newline. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            object(sb, m, depth);
        } else if (v instanceof List<?> l) {
            array(sb, l, depth);
        } else {
            string(sb, v.toString());
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> m, int depth) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            sb.append(first ? "" : ",").append('\n').append("  ".repeat(depth + 1));
            first = false;
            string(sb, String.valueOf(e.getKey()));
            sb.append(": ");
            write(sb, e.getValue(), depth + 1);
        }
        sb.append(m.isEmpty() ? "" : "\n" + "  ".repeat(depth)).append('}');
    }

    private static void array(StringBuilder sb, List<?> l, int depth) {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('\n').append("  ".repeat(depth + 1));
            write(sb, l.get(i), depth + 1);
        }
        sb.append(l.isEmpty() ? "" : "\n" + "  ".repeat(depth)).append(']');
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
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
