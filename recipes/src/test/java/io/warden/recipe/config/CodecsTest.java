package io.warden.recipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keyValuesOfTheWalkthrough() throws Exception {
        Map<String, String> m = Codecs.keyValues(";", "=").decode(b("db_host=localhost;db_port=5432"));
        assertEquals(List.of("db_host", "db_port"), List.copyOf(m.keySet()));
        assertEquals("5432", m.get("db_port"));
        assertEquals(Map.of("a", "x=y"), Codecs.keyValues(";", "=").decode(b(" a = x=y ;; ")));
        assertThrows(IllegalArgumentException.class, () -> Codecs.keyValues(";", "=").decode(b("a=1;b")));
        assertThrows(IllegalArgumentException.class, () -> Codecs.keyValues(";", "=").decode(b("a=1;a=2")));
    }

    @Test
    void scalars() throws Exception {
        assertEquals(42, Codecs.integer().decode(b(" 42\n")));
        assertEquals(1L << 40, Codecs.longValue().decode(b("1099511627776")));
        assertEquals(true, Codecs.bool().decode(b("TRUE")));
        assertThrows(IllegalArgumentException.class, () -> Codecs.bool().decode(b("yes")));
        assertThrows(NumberFormatException.class, () -> Codecs.integer().decode(b("4x")));
        assertEquals("é", Codecs.utf8().decode(b("é")));
    }
}
