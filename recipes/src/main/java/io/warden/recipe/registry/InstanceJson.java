package io.warden.recipe.registry;

import io.warden.recipe.json.Json;
import io.warden.recipe.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link ServiceInstance}, as curator-x-discovery's
 * {@code JsonInstanceSerializer} writes it by default (its "compatible" mode): members in Curator's
 * order {@code name, id, address, port, sslPort, payload, registrationTimeUTC, serviceType,
 * uriSpec} ({@code null} where absent), the uri spec as {@code {"parts":[{"value":..,"variable":..}]}},
 * and {@code enabled} only when false (Curator 5 reads a missing {@code enabled} as true, and older
 * readers do not know it). Reading accepts both forms and ignores unknown members, as Curator does.
 * Stateless.
 */
public final class InstanceJson {
    private InstanceJson() {
    }

    /** UTF-8 JSON bytes for {@code instance}. */
    public static <T> byte[] toBytes(ServiceInstance<T> instance, PayloadCodec<T> codec) {
        return Json.write(toJson(instance, codec)).getBytes(StandardCharsets.UTF_8);
    }

    public static <T> JsonValue.JsonObject toJson(ServiceInstance<T> instance, PayloadCodec<T> codec) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("name", new JsonValue.JsonString(instance.name()));
        m.put("id", new JsonValue.JsonString(instance.id()));
        m.put("address", instance.address() == null ? JsonValue.NULL : new JsonValue.JsonString(instance.address()));
        m.put("port", number(instance.port()));
        m.put("sslPort", number(instance.sslPort()));
        m.put("payload", instance.payload() == null ? JsonValue.NULL : codec.encode(instance.payload()));
        m.put("registrationTimeUTC", JsonValue.JsonNumber.of(instance.registrationTimeUtc()));
        m.put("serviceType", new JsonValue.JsonString(instance.serviceType().name()));
        m.put("uriSpec", instance.uriSpec() == null ? JsonValue.NULL : uriSpec(instance.uriSpec()));
        if (!instance.enabled()) {
            m.put("enabled", new JsonValue.JsonBoolean(false));
        }
        return new JsonValue.JsonObject(m);
    }

    private static JsonValue number(Integer n) {
        return n == null ? JsonValue.NULL : JsonValue.JsonNumber.of(n);
    }

    private static JsonValue uriSpec(UriSpec spec) {
        List<JsonValue> parts = new ArrayList<>();
        for (UriSpec.Part p : spec.parts()) {
            Map<String, JsonValue> part = new LinkedHashMap<>();
            part.put("value", new JsonValue.JsonString(p.value()));
            part.put("variable", new JsonValue.JsonBoolean(p.variable()));
            parts.add(new JsonValue.JsonObject(part));
        }
        return new JsonValue.JsonObject(Map.of("parts", new JsonValue.JsonArray(parts)));
    }

    /** Reads an instance from UTF-8 JSON bytes (ours or Curator's). */
    public static <T> ServiceInstance<T> fromBytes(byte[] data, PayloadCodec<T> codec) throws Exception {
        JsonValue v = Json.parse(new String(data, StandardCharsets.UTF_8));
        if (!(v instanceof JsonValue.JsonObject o)) {
            throw new IllegalArgumentException("an instance must be a JSON object");
        }
        String name = o.string("name").orElseThrow(() -> new IllegalArgumentException("no name"));
        String id = o.string("id").orElseThrow(() -> new IllegalArgumentException("no id"));
        JsonValue payloadJson = o.get("payload").orElse(JsonValue.NULL);
        T payload = payloadJson instanceof JsonValue.JsonNull ? null : codec.decode(payloadJson);
        ServiceType type = o.string("serviceType").map(ServiceType::valueOf).orElse(ServiceType.DYNAMIC);
        return new ServiceInstance<>(name, id, o.string("address").orElse(null), integer(o, "port"),
                integer(o, "sslPort"), payload, o.number("registrationTimeUTC").map(BigDecimal::longValueExact).orElse(0L),
                type, readUriSpec(o.get("uriSpec").orElse(JsonValue.NULL)), o.bool("enabled").orElse(true));
    }

    private static Integer integer(JsonValue.JsonObject o, String key) {
        return o.number(key).map(BigDecimal::intValueExact).orElse(null);
    }

    private static UriSpec readUriSpec(JsonValue v) {
        if (!(v instanceof JsonValue.JsonObject o)) {
            return null;
        }
        List<UriSpec.Part> parts = new ArrayList<>();
        if (o.get("parts").orElse(JsonValue.NULL) instanceof JsonValue.JsonArray a) {
            for (JsonValue e : a.elements()) {
                if (e instanceof JsonValue.JsonObject part) {
                    parts.add(new UriSpec.Part(part.string("value").orElse(""), part.bool("variable").orElse(false)));
                }
            }
        }
        return new UriSpec(parts);
    }
}
