package supervisor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.LogLevel;
import supervisor.config.LogTarget;
import supervisor.events.EventBus;
import supervisor.events.SerialCounter;
import supervisor.logging.ActivityLog;
import supervisor.logging.RotatingFileWriter;

/**
 * {@code stdout_log_prefix}: output that arrives in pieces becomes whole lines, each with its
 * process's prefix, so that the lines of two programs sharing the daemon's stdout never mix.
 */
class LinePrefixerTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Feeds all of {@code s}; what the prefixer gives back, as text. */
    private static String feed(LinePrefixer p, String s) {
        byte[] b = bytes(s);
        return text(p.feed(b, 0, b.length));
    }

    @Test
    void aLineInPiecesIsWrittenWholeOnceItEnds() {
        LinePrefixer p = new LinePrefixer("web");
        assertEquals("", feed(p, "GET /in"));
        assertEquals("", feed(p, "dex"));
        assertEquals("web | GET /index 200\n", feed(p, " 200\nPOS"));
        assertEquals("web | POST / 201\nweb | \nweb | done\n", feed(p, "T / 201\n\ndone\n"));
        assertEquals("", text(p.flush()));
    }

    @Test
    void onlyTheGivenSliceIsRead() {
        LinePrefixer p = new LinePrefixer("x");
        byte[] buf = bytes("junk[a\nb]junk");
        assertEquals("x | a\n", text(p.feed(buf, 5, 3)));
        assertEquals("x | b\n", text(p.flush()));
    }

    /** What is left without a newline at the child's exit is one last line, prefixed once, newline added. */
    @Test
    void theUnfinishedLineIsFlushedOnceWithANewline() {
        LinePrefixer p = new LinePrefixer("job");
        feed(p, "one\ntw");
        feed(p, "o and");
        assertEquals("job | two and\n", text(p.flush()));
        assertEquals("", text(p.flush()));
    }

    /** A line without end is not held for ever: it goes out in pieces of MAX_LINE bytes, each a line. */
    @Test
    void aLineLongerThanTheLimitIsWrittenInPieces() {
        LinePrefixer p = new LinePrefixer("big");
        byte[] exact = new byte[LinePrefixer.MAX_LINE];
        Arrays.fill(exact, (byte) 'a');
        // exactly MAX_LINE bytes then its newline: one line, not split
        assertEquals("", text(p.feed(exact, 0, exact.length)));
        assertEquals("big | " + "a".repeat(LinePrefixer.MAX_LINE) + "\n", feed(p, "\n"));
        byte[] longer = new byte[LinePrefixer.MAX_LINE * 2 + 5];
        Arrays.fill(longer, (byte) 'b');
        String out = text(p.feed(longer, 0, longer.length));
        String piece = "big | " + "b".repeat(LinePrefixer.MAX_LINE) + "\n";
        assertEquals(piece + piece, out);
        assertEquals("big | bbbbb\n", text(p.flush()));
    }

    /**
     * Two programs writing lines in random pieces, their pieces interleaved as the I/O thread reads
     * them, both to one stream: every line arrives whole, with its own program's prefix, in order.
     */
    @Test
    void twoProgramsInterleavedInPiecesNeverMix() {
        Random random = new Random(42);
        List<String> linesA = new ArrayList<>(), linesB = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            linesA.add("alpha line " + i + " " + "a".repeat(random.nextInt(200)));
            linesB.add("beta line " + i + " " + "b".repeat(random.nextInt(200)));
        }
        List<byte[]> piecesA = pieces(String.join("\n", linesA) + "\n", random);
        List<byte[]> piecesB = pieces(String.join("\n", linesB) + "\n", random);
        LinePrefixer a = new LinePrefixer("alpha"), b = new LinePrefixer("beta");
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int ia = 0, ib = 0;
        while (ia < piecesA.size() || ib < piecesB.size()) {
            boolean takeA = ib >= piecesB.size() || (ia < piecesA.size() && random.nextBoolean());
            byte[] piece = takeA ? piecesA.get(ia++) : piecesB.get(ib++);
            stream.writeBytes((takeA ? a : b).feed(piece, 0, piece.length));
        }
        List<String> gotA = new ArrayList<>(), gotB = new ArrayList<>();
        for (String line : stream.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("alpha | ")) {
                gotA.add(line.substring("alpha | ".length()));
            } else {
                assertTrue(line.startsWith("beta | "), line);
                gotB.add(line.substring("beta | ".length()));
            }
        }
        assertEquals(linesA, gotA);
        assertEquals(linesB, gotB);
    }

    private static List<byte[]> pieces(String text, Random random) {
        byte[] all = bytes(text);
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < all.length; ) {
            int n = Math.min(all.length - off, 1 + random.nextInt(97));
            out.add(Arrays.copyOfRange(all, off, off + n));
            off += n;
        }
        return out;
    }

    /** The key changes nothing for a program whose log is a file of its own: its bytes go there as they come. */
    @Test
    void aPlainLogFileGetsTheBytesUnprefixed() throws IOException {
        Path log = dir.resolve("x.log");
        Executor loop = Runnable::run;
        OutputContext context = new OutputContext("x", "x", () -> 1, ActivityLog.console(LogLevel.INFO,
                java.io.OutputStream.nullOutputStream()), loop, new EventBus(new SerialCounter()), false, true);
        try (RotatingFileWriter file = new RotatingFileWriter(log, 0, 0)) {
            OutputDispatcher d = new OutputDispatcher(context, "stdout", LogTarget.none(), file, null);
            d.output(bytes("part"), 0, 4);
            d.output(bytes("ial\nrest"), 0, 8);
            d.childExited();
        }
        assertEquals("partial\nrest", Files.readString(log));
    }
}
