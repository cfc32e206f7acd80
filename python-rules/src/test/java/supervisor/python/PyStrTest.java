package supervisor.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class PyStrTest {

    private static final String PY_REPR = """
            import sys
            for line in sys.stdin:
                print(repr(bytes.fromhex(line.strip()).decode('utf-8')).encode('utf-8').hex())
            """;

    /** strip(), rstrip(), split() and strip("'\"") of each line, as hex joined by commas. */
    private static final String PY_STRIP = """
            import sys
            for line in sys.stdin:
                s = bytes.fromhex(line.strip()).decode('utf-8')
                parts = [s.strip(), s.rstrip(), s.strip('\\'"')] + s.split()
                print(','.join(p.encode('utf-8').hex() for p in parts))
            """;

    /** Code points whose Unicode category has been stable for many versions. */
    private static final int[] INTERESTING = {
            ' ', '\'', '"', '\\', 'a', 'Z', '0', '%', '\t', '\n', '\r', 0, 1, 0x1b, 0x1f, 0x7f,
            0x80, 0x85, 0x9f, 0xa0, 0xa9, 0xad, 0xe9, 0xff, 0x100, 0x378, 0x4e2d, 0x2028, 0x2029,
            0x200b, 0x200e, 0x2003, 0x3000, 0xfeff, 0xe000, 0xfffd, 0xffff, 0x1f600, 0x1d400,
            0xe0001, 0x10fffd, 0xf0000};

    @Test
    void examples() {
        assertEquals("'abc'", PyStr.repr("abc"));
        assertEquals("\"it's\"", PyStr.repr("it's"));
        assertEquals("'both \\' and \"'", PyStr.repr("both ' and \""));
        assertEquals("'a\\nb\\\\c'", PyStr.repr("a\nb\\c"));
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
                samples.stream().map(ReferencePython::utf8).toList());
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(ReferencePython.unhexUtf8(expected.get(i)), PyStr.repr(samples.get(i)),
                    "for " + ReferencePython.hex(ReferencePython.utf8(samples.get(i))));
        }
    }

    @Test
    void stripAndSplitMatchPython() throws Exception {
        String[] alphabet = {" ", "\t", "\n", "\r", "\u000b", "\f", "\u001c", "\u001f", "\u0085", "\u00a0",
                "\u1680", "\u2000", "\u2007", "\u2028", "\u202f", "\u3000", "\u200b", "\ufeff", "'", "\"", "a",
                "\u00e9"};
        Random random = new Random(9);
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            samples.add(s.toString());
        }
        List<String> expected = ReferencePython.runLines(PY_STRIP,
                samples.stream().map(ReferencePython::utf8).toList());
        for (int i = 0; i < samples.size(); i++) {
            String s = samples.get(i);
            List<String> parts = new ArrayList<>(List.of(PyStr.strip(s), PyStr.rstrip(s), PyStr.strip(s, "'\"")));
            parts.addAll(PyStr.split(s));
            String ours = String.join(",",
                    parts.stream().map(p -> ReferencePython.hex(ReferencePython.utf8(p))).toList());
            assertEquals(expected.get(i), ours, "for " + ReferencePython.hex(ReferencePython.utf8(s)));
        }
    }
}
