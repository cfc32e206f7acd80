package supervisor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    private static Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", "first member");
        m.put("text", "quote \" backslash \\ controls \n\r\t\b\f\u0001\u001f\u007f é € 😀");
        m.put("numbers", List.of(0L, -7L, 2147483648L, 2.5));
        m.put("flags", Arrays.asList(true, false, null));
        m.put("empty", Map.of());
        m.put("nested", List.of(List.of(), Map.of("k", List.of("v"))));
        return m;
    }

    @Test
    void writesWhatPythonsJsonDumpsWrites() {
        String ours = Json.write(sample());
        String python = ReferencePython.run("import json, sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read())))",
                ours);
        assertEquals(python, ours);
    }

    @Test
    void readsWhatPythonWrites() {
        String python = ReferencePython.run("import json, sys; print(json.dumps(json.loads(sys.stdin.read())))",
                Json.write(sample())).strip();
        assertEquals(sample(), Json.parse(python));
        assertEquals(List.of("zeta", "text", "numbers", "flags", "empty", "nested"),
                List.copyOf(((Map<?, ?>) Json.parse(python)).keySet()), "member order is kept");
    }

    @Test
    void numbersAndLiterals() {
        assertEquals(List.of(1L, -2L, 1.5, 1e-7, new BigInteger("123456789012345678901234567890"), Double.NaN,
                        Double.NEGATIVE_INFINITY),
                Json.parse("[1, -2, 1.5, 1e-07, 123456789012345678901234567890, NaN, -Infinity]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
    }
}
