package io.warden.recipe.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.recipe.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Instance JSON against fixtures written by curator-x-discovery 5.9.0's JsonInstanceSerializer
 * (default mode), captured once; the live byte-for-byte check runs in compat-tests.
 */
class InstanceJsonTest {
    private static final String CURATOR_STRING_PAYLOAD = "{\"name\":\"orders\",\"id\":\"o-1\",\"address\":\"10.0.0.1\","
            + "\"port\":8080,\"sslPort\":null,\"payload\":\"v1\",\"registrationTimeUTC\":1700000000000,"
            + "\"serviceType\":\"DYNAMIC\",\"uriSpec\":{\"parts\":[{\"value\":\"scheme\",\"variable\":true},"
            + "{\"value\":\"://\",\"variable\":false},{\"value\":\"address\",\"variable\":true},"
            + "{\"value\":\":\",\"variable\":false},{\"value\":\"port\",\"variable\":true},"
            + "{\"value\":\"/x\",\"variable\":false}]}}";
    private static final String CURATOR_MAP_PAYLOAD = "{\"name\":\"orders\",\"id\":\"o-2\",\"address\":\"h\","
            + "\"port\":null,\"sslPort\":443,\"payload\":{\"@class\":\"java.util.LinkedHashMap\",\"a\":\"1\"},"
            + "\"registrationTimeUTC\":1795247588818,\"serviceType\":\"STATIC\",\"uriSpec\":null}";

    @Test
    void readsAndWritesCuratorsStringPayloadForm() throws Exception {
        ServiceInstance<String> i = InstanceJson.fromBytes(CURATOR_STRING_PAYLOAD.getBytes(StandardCharsets.UTF_8),
                PayloadCodec.string());
        assertEquals(ServiceInstance.<String>builder("orders", "o-1").address("10.0.0.1").port(8080).payload("v1")
                .registrationTimeUtc(1_700_000_000_000L).uriSpec("{scheme}://{address}:{port}/x").build(), i);
        assertEquals("http://10.0.0.1:8080/x", i.buildUri());
        assertEquals(CURATOR_STRING_PAYLOAD, new String(InstanceJson.toBytes(i, PayloadCodec.string()),
                StandardCharsets.UTF_8));
    }

    @Test
    void readsAndWritesCuratorsMapPayloadForm() throws Exception {
        ServiceInstance<Map<String, String>> i = InstanceJson.fromBytes(
                CURATOR_MAP_PAYLOAD.getBytes(StandardCharsets.UTF_8), PayloadCodec.stringMap());
        assertEquals(Map.of("a", "1"), i.payload());
        assertEquals(ServiceType.STATIC, i.serviceType());
        assertNull(i.port());
        assertEquals(443, i.sslPort());
        assertEquals(CURATOR_MAP_PAYLOAD, new String(InstanceJson.toBytes(i, PayloadCodec.stringMap()),
                StandardCharsets.UTF_8));
    }

    @Test
    void enabledOnlyWrittenWhenFalseAndUnknownMembersIgnored() throws Exception {
        ServiceInstance<Void> off = ServiceInstance.<Void>builder("n", "i").enabled(false).build();
        String json = new String(InstanceJson.toBytes(off, PayloadCodec.none()), StandardCharsets.UTF_8);
        assertEquals("{\"name\":\"n\",\"id\":\"i\",\"address\":null,\"port\":null,\"sslPort\":null,\"payload\":null,"
                + "\"registrationTimeUTC\":0,\"serviceType\":\"DYNAMIC\",\"uriSpec\":null,\"enabled\":false}", json);
        assertFalse(InstanceJson.fromBytes(json.getBytes(StandardCharsets.UTF_8), PayloadCodec.none()).enabled());
        ServiceInstance<JsonValue> extra = InstanceJson.fromBytes(
                "{\"name\":\"n\",\"id\":\"i\",\"future\":[1],\"payload\":{\"k\":[1,2]}}".getBytes(StandardCharsets.UTF_8),
                PayloadCodec.json());
        assertEquals("i", extra.id());
        assertEquals(ServiceType.DYNAMIC, extra.serviceType());
        assertThrows(IllegalArgumentException.class, () -> InstanceJson.fromBytes("[]".getBytes(), PayloadCodec.none()));
    }

    @Test
    void uriSpecVariables() {
        ServiceInstance<Void> i = ServiceInstance.<Void>builder("orders", "o-9").address("h").port(1).sslPort(2)
                .uriSpec("{scheme}://{address}:{ssl-port}/{name}/{id}{[}x{]}{unknown}").build();
        assertEquals("https://h:2/orders/o-9{x}", i.buildUri());
        assertEquals("a-b", UriSpec.parse("{ one }-{two}").build(null, Map.of("one", "a", "two", "b")));
        assertThrows(IllegalArgumentException.class, () -> UriSpec.parse("{a"));
        assertThrows(IllegalArgumentException.class, () -> UriSpec.parse("a}"));
        assertThrows(IllegalArgumentException.class, () -> UriSpec.parse("{{a}}"));
    }
}
