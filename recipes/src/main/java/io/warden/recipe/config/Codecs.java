package io.warden.recipe.config;

import io.warden.recipe.json.Json;
import io.warden.recipe.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The usual {@link Codec}s. Stateless. */
public final class Codecs {
    private Codecs() {
    }

    /** The data as UTF-8 text. */
    public static Codec<String> utf8() {
        return data -> new String(data, StandardCharsets.UTF_8);
    }

    /** A decimal int (surrounding blanks allowed). */
    public static Codec<Integer> integer() {
        return data -> Integer.parseInt(new String(data, StandardCharsets.UTF_8).strip());
    }

    /** A decimal long (surrounding blanks allowed). */
    public static Codec<Long> longValue() {
        return data -> Long.parseLong(new String(data, StandardCharsets.UTF_8).strip());
    }

    /** {@code true} or {@code false} (case-insensitive); anything else is invalid. */
    public static Codec<Boolean> bool() {
        return data -> {
            String s = new String(data, StandardCharsets.UTF_8).strip();
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("not a boolean: \"" + s + "\"");
        };
    }

    /**
     * {@code k1=v1;k2=v2} style text (the separators given), as an ordered map: the shape of the
     * walkthrough's {@code db_host=localhost;db_port=5432}. Blank entries are skipped; an entry
     * without the key separator, or a repeated key, is invalid.
     */
    public static Codec<Map<String, String>> keyValues(String entrySeparator, String keySeparator) {
        if (entrySeparator.isEmpty() || keySeparator.isEmpty()) {
            throw new IllegalArgumentException("separators must not be empty");
        }
        return data -> {
            Map<String, String> out = new LinkedHashMap<>();
            String text = new String(data, StandardCharsets.UTF_8);
            for (String entry : text.split(java.util.regex.Pattern.quote(entrySeparator), -1)) {
                if (entry.isBlank()) {
                    continue;
                }
                int at = entry.indexOf(keySeparator);
                if (at < 0) {
                    throw new IllegalArgumentException("entry without \"" + keySeparator + "\": \"" + entry + "\"");
                }
                String key = entry.substring(0, at).strip();
                if (out.put(key, entry.substring(at + keySeparator.length()).strip()) != null) {
                    throw new IllegalArgumentException("repeated key \"" + key + "\"");
                }
            }
            return Collections.unmodifiableMap(out);
        };
    }

    /** A JSON document. */
    public static Codec<JsonValue> json() {
        return data -> Json.parse(new String(data, StandardCharsets.UTF_8));
    }
}
