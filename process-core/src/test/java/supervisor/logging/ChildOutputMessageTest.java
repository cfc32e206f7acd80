package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class ChildOutputMessageTest {

    /** The message text supervisord's output dispatcher builds for the activity log. */
    private static final String PY_MESSAGE = """
            import sys
            for line in sys.stdin:
                data = bytes.fromhex(line.strip())
                try:
                    text = data.decode('utf-8')
                except UnicodeDecodeError:
                    text = 'Undecodable: %r' % data
                msg = '%(name)r %(channel)s output:\\n%(data)s' % {'name': "it's-p", 'channel': 'stderr', 'data': text}
                print(msg.encode('utf-8').hex())
            """;

    @Test
    void example() {
        assertEquals("'p' stdout output:\nhello\n",
                ChildOutputMessage.format("p", "stdout", "hello\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("'p' stdout output:\nUndecodable: b'\\xc3'",
                ChildOutputMessage.format("p", "stdout", new byte[] {(byte) 0xc3}));
    }

    @Test
    void matchesSupervisordOnRandomChunks() throws Exception {
        Random random = new Random(3);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "\u00e9".getBytes(StandardCharsets.UTF_8),
                "\u4e2d".getBytes(StandardCharsets.UTF_8), "\ud83d\ude00".getBytes(StandardCharsets.UTF_8),
                {'\''}, {'"'}, {'\\'}, {'\n'}, {'\t'}, {'\r'}, {0}, {0x7f}, {(byte) 0x80}, {(byte) 0xc3},
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xef, (byte) 0xbf, (byte) 0xbe},
                {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xff}};
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            var out = new java.io.ByteArrayOutputStream();
            for (int n = random.nextInt(6) + 1; n > 0; n--) {
                out.writeBytes(pieces[random.nextInt(random.nextInt(4) == 0 ? pieces.length : 10)]);
            }
            chunks.add(out.toByteArray());
        }
        List<String> expected = ReferencePython.runLines(PY_MESSAGE, chunks);
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(ReferencePython.unhexUtf8(expected.get(i)),
                    ChildOutputMessage.format("it's-p", "stderr", chunks.get(i)),
                    "chunk " + ReferencePython.hex(chunks.get(i)));
        }
    }
}
