package io.warden.recipe.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes JSON (RFC 8259). The writer is compact and escapes as Jackson does by default
 * ({@code "}, {@code \}, and control characters; other characters are written as they are, the
 * bytes being UTF-8). The reader accepts any valid document with at most {@value #MAX_DEPTH}
 * levels of nesting and {@value #MAX_CHARS} characters; duplicate object keys keep the last value,
 * as Jackson does. Stateless.
 */
public final class Json {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_CHARS = 1 << 20;

    private Json() {
    }

    /** Compact JSON text for {@code value}. */
    public static String write(JsonValue value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(JsonValue value, StringBuilder out) {
        // Java 17: no pattern switch; the chain covers the six permitted kinds.
        if (value instanceof JsonValue.JsonObject o) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof JsonValue.JsonArray a) {
            out.append('[');
            for (int i = 0; i < a.elements().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(a.elements().get(i), out);
            }
            out.append(']');
        } else if (value instanceof JsonValue.JsonString str) {
            quote(str.value(), out);
        } else if (value instanceof JsonValue.JsonNumber n) {
            out.append(n.value().toString());
        } else if (value instanceof JsonValue.JsonBoolean b) {
            out.append(b.value());
        } else {
            out.append("null");
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Parses one JSON document (surrounding whitespace allowed). */
    public static JsonValue parse(String text) {
        if (text.length() > MAX_CHARS) {
            throw new JsonException("document longer than " + MAX_CHARS + " characters");
        }
        Reader r = new Reader(text);
        r.skipSpace();
        JsonValue v = r.value(0);
        r.skipSpace();
        if (r.pos != text.length()) {
            throw r.error("trailing characters");
        }
        return v;
    }

    /** A cursor over the text. Confined to one parse call. */
    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        JsonException error(String what) {
            return new JsonException(what + " at offset " + pos);
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        JsonValue value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> new JsonValue.JsonString(string());
                case 't' -> literal("true", new JsonValue.JsonBoolean(true));
                case 'f' -> literal("false", new JsonValue.JsonBoolean(false));
                case 'n' -> literal("null", JsonValue.NULL);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected '" + c + "'");
                }
            };
        }

        private JsonValue literal(String word, JsonValue v) {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
            return v;
        }

        private JsonValue object(int depth) {
            pos++;
            Map<String, JsonValue> members = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return new JsonValue.JsonObject(members);
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a member name");
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                members.put(key, value(depth + 1));
                skipSpace();
                char c = next();
                if (c == '}') {
                    return new JsonValue.JsonObject(members);
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}'");
                }
            }
        }

        private JsonValue array(int depth) {
            pos++;
            List<JsonValue> elements = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                return new JsonValue.JsonArray(elements);
            }
            while (true) {
                skipSpace();
                elements.add(value(depth + 1));
                skipSpace();
                char c = next();
                if (c == ']') {
                    return new JsonValue.JsonArray(elements);
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw error("control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(s.charAt(pos + i), 16);
                            if (d < 0) {
                                throw error("bad \\u escape");
                            }
                            code = code * 16 + d;
                        }
                        pos += 4;
                        out.append((char) code);
                    }
                    default -> {
                        pos--;
                        throw error("bad escape");
                    }
                }
            }
        }

        private JsonValue number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw error("bad number");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    throw error("bad fraction");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("bad exponent");
                }
                digits();
            }
            try {
                return new JsonValue.JsonNumber(new BigDecimal(s.substring(start, pos)));
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private char next() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos++);
        }

        private void expect(char c) {
            if (next() != c) {
                pos--;
                throw error("expected '" + c + "'");
            }
        }
    }
}
