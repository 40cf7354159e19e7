package io.warden.recipe.registry;

import io.warden.recipe.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps an instance's payload to and from its JSON form (the {@code payload} member). Curator
 * writes a Java class name ({@code "@class"}) into object payloads and does not need it to read
 * them back into a Map, so the codecs here interoperate with Curator's {@code String}, {@code Map}
 * and {@code Object} payload classes. Implementations must be stateless or thread-safe.
 */
public interface PayloadCodec<T> {
    /** The JSON form of a non-null payload. */
    JsonValue encode(T payload);

    /** The payload of a non-null JSON value (JSON null is a null payload and never gets here). */
    T decode(JsonValue json) throws Exception;

    /** Payloads that are strings (Curator's {@code ServiceInstance<String>}). */
    static PayloadCodec<String> string() {
        return new PayloadCodec<>() {
            @Override
            public JsonValue encode(String payload) {
                return new JsonValue.JsonString(payload);
            }

            @Override
            public String decode(JsonValue json) {
                if (json instanceof JsonValue.JsonString s) {
                    return s.value();
                }
                throw new IllegalArgumentException("payload is not a string: " + json);
            }
        };
    }

    /** Payloads as raw JSON. */
    static PayloadCodec<JsonValue> json() {
        return new PayloadCodec<>() {
            @Override
            public JsonValue encode(JsonValue payload) {
                return payload;
            }

            @Override
            public JsonValue decode(JsonValue json) {
                return json;
            }
        };
    }

    /**
     * String maps, written as Curator writes a {@code Map} payload
     * ({@code {"@class":"java.util.LinkedHashMap", ...}}); {@code "@class"} is dropped on reading.
     */
    static PayloadCodec<Map<String, String>> stringMap() {
        return new PayloadCodec<>() {
            @Override
            public JsonValue encode(Map<String, String> payload) {
                Map<String, JsonValue> members = new LinkedHashMap<>();
                members.put("@class", new JsonValue.JsonString("java.util.LinkedHashMap"));
                payload.forEach((k, v) -> members.put(k, v == null ? JsonValue.NULL : new JsonValue.JsonString(v)));
                return new JsonValue.JsonObject(members);
            }

            @Override
            public Map<String, String> decode(JsonValue json) {
                if (!(json instanceof JsonValue.JsonObject o)) {
                    throw new IllegalArgumentException("payload is not an object: " + json);
                }
                Map<String, String> out = new LinkedHashMap<>();
                o.members().forEach((k, v) -> {
                    if (!"@class".equals(k)) {
                        out.put(k, v instanceof JsonValue.JsonString s ? s.value()
                                : v instanceof JsonValue.JsonNull ? null : io.warden.recipe.json.Json.write(v));
                    }
                });
                return Collections.unmodifiableMap(out);
            }
        };
    }

    /** No payload (always null). */
    static PayloadCodec<Void> none() {
        return new PayloadCodec<>() {
            @Override
            public JsonValue encode(Void payload) {
                return JsonValue.NULL;
            }

            @Override
            public Void decode(JsonValue json) {
                return null;
            }
        };
    }
}
