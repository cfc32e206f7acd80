package supervisor.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class PyFloatTest {

    /** "p <text>": repr(float(text)); "r <8 bytes>": repr of that double. */
    private static final String PY_FLOAT = """
            import struct, sys
            for line in sys.stdin:
                mode, _, raw = bytes.fromhex(line.strip()).partition(b' ')
                try:
                    print(repr(float(raw.decode('utf-8')) if mode == b'p' else struct.unpack('>d', raw)[0]))
                except ValueError:
                    print('ValueError')
            """;

    @Test
    void parseMatchesPython() throws Exception {
        List<String> samples = List.of("1.5", " 2 ", "1_0.5", "1__0", "_1", "1_", "1e5", "1E-5", "1e", "e5", ".5",
                "5.", ".", "+.5e-3", "-0", "-0.0", "inf", "-Infinity", "INF", "nan", "-NaN", "infinit", "0x10",
                "1.5f", "1d", "\u0663.\u0665", "\u00a01\u00a0", "1 2", "", "1e400", "-1e400", "4.9e-324", "1e-400",
                "0.1", "123456789012345678901234567890");
        List<byte[]> items = new ArrayList<>();
        samples.forEach(s -> items.add(ReferencePython.utf8("p " + s)));
        List<String> expected = ReferencePython.runLines(PY_FLOAT, items);
        for (int i = 0; i < samples.size(); i++) {
            String ours;
            try {
                ours = PyFloat.repr(PyFloat.parse(samples.get(i)));
            } catch (NumberFormatException e) {
                ours = "ValueError";
            }
            assertEquals(expected.get(i), ours, "float(" + samples.get(i) + ")");
        }
    }

    @Test
    void reprMatchesPython() throws Exception {
        Random random = new Random(13);
        List<Double> samples = new ArrayList<>(List.of(0.0, -0.0, 1.0, 0.1, 1e16, 1e17, 1e-4, 1e-5, 123.456, 5e-324,
                Double.MAX_VALUE, Double.MIN_NORMAL, 2.0 / 3, 1e22, 9007199254740993.0, 0.3, 100.0));
        for (int i = 0; i < 3000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            samples.add(Double.isNaN(d) ? random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20) : d);
        }
        List<byte[]> items = new ArrayList<>();
        for (double d : samples) {
            items.add(ByteBuffer.allocate(10).put((byte) 'r').put((byte) ' ').putDouble(d).array());
        }
        List<String> expected = ReferencePython.runLines(PY_FLOAT, items);
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(expected.get(i), PyFloat.repr(samples.get(i)), "repr of " + samples.get(i));
        }
    }
}
