package supervisor.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class PyBytesTest {

    private static final String PY_REPR = """
            import sys
            for line in sys.stdin:
                print(repr(bytes.fromhex(line.strip())))
            """;

    @Test
    void examples() {
        byte[] b = {'x', 'i', 't', '\'', 's', '\n', (byte) 0xff, 'y'};
        assertEquals("b\"it's\\n\\xff\"", PyBytes.repr(b, 1, 6));
        assertEquals("b''", PyBytes.repr(b, 0, 0));
    }

    @Test
    void matchesPythonRepr() throws Exception {
        Random random = new Random(5);
        byte[] interesting = {'\'', '"', '\\', '\t', '\n', '\r', 0, 0x1f, ' ', 'a', '~', 0x7f, (byte) 0x80,
                (byte) 0xe9, (byte) 0xff};
        List<byte[]> samples = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(8)];
            for (int k = 0; k < b.length; k++) {
                b[k] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt();
            }
            samples.add(b);
        }
        List<String> expected = ReferencePython.runLines(PY_REPR, samples);
        for (int i = 0; i < samples.size(); i++) {
            byte[] b = samples.get(i);
            assertEquals(expected.get(i), PyBytes.repr(b, 0, b.length), "for " + Arrays.toString(b));
        }
    }
}
