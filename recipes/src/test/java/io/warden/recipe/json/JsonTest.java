package io.warden.recipe.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void roundTripsEveryKindKeepingMemberOrder() {
        String text = "{\"z\":1,\"a\":[true,false,null,\"s\",-1.5e3,0],\"m\":{},\"e\":[]}";
        JsonValue v = Json.parse(text);
        assertEquals("{\"z\":1,\"a\":[true,false,null,\"s\",-1.5E+3,0],\"m\":{},\"e\":[]}", Json.write(v));
        JsonValue.JsonObject o = (JsonValue.JsonObject) v;
        assertEquals(List.of("z", "a", "m", "e"), List.copyOf(o.members().keySet()));
        assertEquals(new BigDecimal("1"), o.number("z").orElseThrow());
    }

    @Test
    void escapesAsJacksonDoes() {
        assertEquals("\"q\\\"\\\\/\\n\\t\\u0001\u00e9\u2028\"", Json.write(JsonValue.of("q\"\\/\n\t\u0001\u00e9\u2028")));
        assertEquals("q\"\\/\n\t\u0001\u00e9", ((JsonValue.JsonString) Json.parse("\"q\\\"\\\\\\/\\n\\t\\u0001\\u00E9\"")).value());
    }

    @Test
    void whitespaceAndDuplicates() {
        JsonValue v = Json.parse(" \n{ \"a\" : 1 , \"a\" : 2 }\t");
        assertEquals(new BigDecimal("2"), ((JsonValue.JsonObject) v).number("a").orElseThrow(), "last duplicate wins");
    }

    @Test
    void rejectsWhatIsNotJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "01", "1.", "-", "tru", "\"\\x\"",
                "\"unterminated", "[1] 2", "{'a':1}", "\"\u0001\"", "1e", "nul")) {
            assertThrows(JsonException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void boundsDepth() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThrows(JsonException.class, () -> Json.parse(deep));
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Json.parse(ok);
    }

    @Test
    void valuesAreImmutable() {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("a", JsonValue.NULL);
        JsonValue.JsonObject o = new JsonValue.JsonObject(m);
        m.put("b", JsonValue.NULL);
        assertEquals(1, o.members().size());
        assertThrows(UnsupportedOperationException.class, () -> o.members().put("c", JsonValue.NULL));
    }
}
