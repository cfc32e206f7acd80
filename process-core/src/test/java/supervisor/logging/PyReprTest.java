package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class PyReprTest {

    private static final String PY_REPR = """
            import sys
            for line in sys.stdin:
                print(repr(bytes.fromhex(line.strip()).decode('utf-8')).encode('utf-8').hex())
            """;

    /** Code points whose Unicode category has been stable for many versions. */
    private static final int[] INTERESTING = {
            ' ', '\'', '"', '\\', 'a', 'Z', '0', '%', '\t', '\n', '\r', 0, 1, 0x1b, 0x1f, 0x7f,
            0x80, 0x85, 0x9f, 0xa0, 0xa9, 0xad, 0xe9, 0xff, 0x100, 0x378, 0x4e2d, 0x2028, 0x2029,
            0x200b, 0x200e, 0x2003, 0x3000, 0xfeff, 0xe000, 0xfffd, 0xffff, 0x1f600, 0x1d400,
            0xe0001, 0x10fffd, 0xf0000};

    @Test
    void examples() {
        assertEquals("'abc'", PyRepr.of("abc"));
        assertEquals("\"it's\"", PyRepr.of("it's"));
        assertEquals("'both \\' and \"'", PyRepr.of("both ' and \""));
        assertEquals("'a\\nb\\\\c'", PyRepr.of("a\nb\\c"));
    }

    @Test
    void matchesPythonRepr() throws Exception {
        Random random = new Random(7);
        List<String> samples = new ArrayList<>();
        for (int cp : INTERESTING) {
            samples.add(new String(Character.toChars(cp)));
        }
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                s.appendCodePoint(INTERESTING[random.nextInt(INTERESTING.length)]);
            }
            samples.add(s.toString());
        }
        List<String> expected = ReferencePython.runLines(PY_REPR,
                samples.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(ReferencePython.unhexUtf8(expected.get(i)), PyRepr.of(samples.get(i)),
                    "for " + ReferencePython.hex(samples.get(i)));
        }
    }
}
