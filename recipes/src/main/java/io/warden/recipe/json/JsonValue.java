package io.warden.recipe.json;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A JSON value: one of six immutable kinds. */
public sealed interface JsonValue {
    /** An object; members keep their order. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
            for (Map.Entry<String, JsonValue> e : members.entrySet()) {
                Objects.requireNonNull(e.getKey(), "key");
                Objects.requireNonNull(e.getValue(), "value of " + e.getKey());
            }
        }

        /** The member {@code key}, if present (a JSON null is present). */
        public Optional<JsonValue> get(String key) {
            return Optional.ofNullable(members.get(key));
        }

        /** The member as text, if it is a string. */
        public Optional<String> string(String key) {
            return get(key).filter(JsonString.class::isInstance).map(v -> ((JsonString) v).value());
        }

        /** The member as a number, if it is one. */
        public Optional<BigDecimal> number(String key) {
            return get(key).filter(JsonNumber.class::isInstance).map(v -> ((JsonNumber) v).value());
        }

        /** The member as a boolean, if it is one. */
        public Optional<Boolean> bool(String key) {
            return get(key).filter(JsonBoolean.class::isInstance).map(v -> ((JsonBoolean) v).value());
        }
    }

    /** An array. */
    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }
    }

    /** A string. */
    record JsonString(String value) implements JsonValue {
        public JsonString {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A number, exact. */
    record JsonNumber(BigDecimal value) implements JsonValue {
        public JsonNumber {
            Objects.requireNonNull(value, "value");
        }

        public static JsonNumber of(long value) {
            return new JsonNumber(BigDecimal.valueOf(value));
        }
    }

    /** {@code true} or {@code false}. */
    record JsonBoolean(boolean value) implements JsonValue {
    }

    /** {@code null}. */
    record JsonNull() implements JsonValue {
    }

    /** The one null value. */
    JsonNull NULL = new JsonNull();

    static JsonString of(String s) {
        return new JsonString(s);
    }
}
