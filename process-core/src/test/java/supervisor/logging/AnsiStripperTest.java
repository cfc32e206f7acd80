package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class AnsiStripperTest {

    private static final String PY_STRIP = """
            import sys
            from supervisor.dispatchers import stripEscapes
            for line in sys.stdin:
                print(stripEscapes(bytes.fromhex(line.strip())).hex())
            """;

    @Test
    void removesColourCodes() {
        assertEquals("ared\n", strip("a\u001b[31mred\u001b[0m\n"));
        assertEquals("xy", strip("x\u001b[2J\u001b[1;1Hy"));
        assertEquals("\u001bno bracket", strip("\u001bno bracket"));
    }

    @Test
    void eachChunkStandsAlone() {
        // a sequence cut by a read: its head is dropped to the chunk's end, its tail kept
        assertEquals("a", strip("a\u001b[3"));
        assertEquals("1mb", strip("1mb"));
        assertEquals("a\u001b", strip("a\u001b"));
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] b = "zz\u001b[1mab\u001b[0mzz".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), AnsiStripper.strip(b, 2, b.length - 4));
    }

    @Test
    void matchesSupervisordOnRandomChunks() throws Exception {
        byte[] alphabet = {0x1b, 0x1b, '[', '[', 'm', 'H', 'K', 'f', 'p', 'a', '3', ';', '\n', 0, (byte) 0xff, (byte) 0x9b};
        Random random = new Random(42);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] chunk = new byte[random.nextInt(40)];
            for (int j = 0; j < chunk.length; j++) {
                chunk[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            chunks.add(chunk);
        }
        List<String> expected = ReferencePython.runLines(PY_STRIP, chunks);
        assertEquals(chunks.size(), expected.size());
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(expected.get(i), ReferencePython.hex(AnsiStripper.strip(chunks.get(i))),
                    "chunk " + ReferencePython.hex(chunks.get(i)));
        }
    }

    private static String strip(String s) {
        return new String(AnsiStripper.strip(s.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }
}
