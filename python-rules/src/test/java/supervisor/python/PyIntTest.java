package supervisor.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class PyIntTest {

    /** Each item is "<mode> <text>": mode 10 or 8 is int(str, base), mode b is int(bytes). */
    private static final String PY_INT = """
            import sys
            for line in sys.stdin:
                mode, _, raw = bytes.fromhex(line.strip()).partition(b' ')
                try:
                    print(int(raw) if mode == b'b' else int(raw.decode('utf-8'), int(mode)))
                except ValueError as e:
                    print('ValueError ' + str(e).encode('utf-8').hex())
            """;

    /** What int() meets in config values, XML-RPC ints and listener result lines. */
    private static final String[] STR_ALPHABET = {"0", "1", "7", "8", "9", "_", "_", "+", "-", " ", "\t", "\n",
            "o", "O", "x", "\u0663", "\ud835\udfcf", "\u00a0", "\u2028", "\u0085", "\u000b", "\u3000", "."};
    private static final byte[] BYTES_ALPHABET = {'0', '1', '9', '_', '_', '+', '-', ' ', '\t', '\n', '\r', 0x0b,
            0x0c, (byte) 0x85, (byte) 0xa0, (byte) 0xff, 'x', 'o'};

    @Test
    void strMatchesPythonInBothBases() throws Exception {
        Random random = new Random(11);
        List<String> samples = new ArrayList<>(List.of("10", " 42 ", "-3", "+7", "1_000", "1__0", "_1", "1_", "",
                "abc", "3.5", "0x10", "010", "\u0663", "1 2", "0o22", "0O777", "0o_7", "0o", "-0o7", "8", "\u00a05",
                "\ud835\udfcf\ud835\udfce", "99999999999999999999999"));
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(7); n > 0; n--) {
                s.append(STR_ALPHABET[random.nextInt(STR_ALPHABET.length)]);
            }
            samples.add(s.toString());
        }
        List<byte[]> items = new ArrayList<>();
        for (String s : samples) {
            items.add(ReferencePython.utf8("10 " + s));
            items.add(ReferencePython.utf8("8 " + s));
        }
        List<String> expected = ReferencePython.runLines(PY_INT, items);
        for (int i = 0; i < samples.size(); i++) {
            String s = samples.get(i);
            String shown = ReferencePython.hex(ReferencePython.utf8(s));
            assertEquals(expected.get(2 * i), ours(PyInt.parse(s, 10), s, 10), "base 10 of " + shown);
            assertEquals(expected.get(2 * i + 1), ours(PyInt.parse(s, 8), s, 8), "base 8 of " + shown);
        }
    }

    @Test
    void bytesMatchPython() throws Exception {
        Random random = new Random(12);
        List<byte[]> samples = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[random.nextInt(6)];
            for (int k = 0; k < b.length; k++) {
                b[k] = BYTES_ALPHABET[random.nextInt(BYTES_ALPHABET.length)];
            }
            samples.add(b);
        }
        List<byte[]> items = new ArrayList<>();
        for (byte[] b : samples) {
            byte[] item = new byte[b.length + 2];
            item[0] = 'b';
            item[1] = ' ';
            System.arraycopy(b, 0, item, 2, b.length);
            items.add(item);
        }
        List<String> expected = ReferencePython.runLines(PY_INT, items);
        for (int i = 0; i < samples.size(); i++) {
            BigInteger v = PyInt.parse(samples.get(i));
            assertEquals(expected.get(i).startsWith("ValueError") ? "ValueError" : expected.get(i),
                    v == null ? "ValueError" : v.toString(), "int(bytes) of " + ReferencePython.hex(samples.get(i)));
        }
    }

    @Test
    void asciiSeparatorsAreStrippedAsStrStripDoes() {
        // Python's int() refuses these where str.strip() takes them away; callers have always had them stripped
        assertEquals(BigInteger.valueOf(5), PyInt.parse("\u001c5\u001f", 10));
        assertEquals(BigInteger.valueOf(5), PyInt.parse("\u001c5".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void bytesTakeOnlyAsciiSpaceAndDigits() {
        assertEquals(BigInteger.valueOf(2), PyInt.parse(" 2 ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(BigInteger.TEN, PyInt.parse("1_0".getBytes(StandardCharsets.US_ASCII)));
        assertNull(PyInt.parse(new byte[0]));
        assertNull(PyInt.parse(new byte[] {(byte) 0xa0, '2'}));
        assertNull(PyInt.parse("\u0663".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void valueOfIsTheNarrowestJavaNumber() {
        assertEquals(Integer.valueOf(-5), PyInt.valueOf(" -5 "));
        assertEquals(Long.valueOf(1L << 31), PyInt.valueOf("2147483648"));
        assertEquals(Integer.valueOf(Integer.MIN_VALUE), PyInt.valueOf("-2147483648"));
        assertEquals(Long.valueOf(Long.MIN_VALUE), PyInt.valueOf("-9223372036854775808"));
        assertEquals(new BigInteger("9223372036854775808"), PyInt.valueOf("9223372036854775808"));
        assertEquals("invalid literal for int() with base 10: 'x'",
                assertThrows(NumberFormatException.class, () -> PyInt.valueOf("x")).getMessage());
    }

    /** What Python prints for the result of int(): the number, or the ValueError with its message. */
    private static String ours(BigInteger v, String text, int base) {
        if (v != null) {
            return v.toString();
        }
        return "ValueError " + ReferencePython.hex(ReferencePython.utf8(PyInt.invalidLiteral(text, base)));
    }
}
