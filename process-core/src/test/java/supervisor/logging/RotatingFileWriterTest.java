package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import supervisor.testing.Concurrently;
import supervisor.testing.ReferencePython;

class RotatingFileWriterTest {

    /** Feeds chunks to supervisor.loggers' handler, as supervisord's child log does. */
    private static final String PY_ROTATE = """
            import os, sys
            from supervisor import loggers
            d, name, maxbytes, backups = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
            log = loggers.getLogger(loggers.LevelsByName.INFO)
            loggers.handle_file(log, os.path.join(d, name), '%(message)s',
                                rotating=not not maxbytes, maxbytes=maxbytes, backups=backups)
            for line in sys.stdin:
                log.info(bytes.fromhex(line.strip()))
            log.close()
            """;

    @TempDir
    Path tmp;

    static Stream<Arguments> scenarios() {
        return Stream.of(
                // name, maxBytes, backups, chunk count, max chunk size, preexisting files
                Arguments.of("many rotations", 100L, 3, 80, 60, Map.of()),
                Arguments.of("truncate", 100L, 0, 50, 40, Map.of()),
                Arguments.of("never", 0L, 5, 60, 80, Map.of()),
                Arguments.of("every write", 1L, 2, 10, 5, Map.of()),
                Arguments.of("chunks above maxbytes", 100L, 2, 8, 500, Map.of()),
                Arguments.of("existing files", 100L, 3, 30, 30,
                        Map.of("app.log", 50, "app.log.1", 10, "app.log.3", 11, "app.log.7", 12)),
                Arguments.of("existing beyond backups", 64L, 1, 20, 20,
                        Map.of("app.log.1", 3, "app.log.2", 4)),
                Arguments.of("one backup", 200L, 1, 40, 30, Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void rotatesLikeSupervisord(String name, long maxBytes, int backups, int count, int maxChunk,
                                Map<String, Integer> existing) throws Exception {
        Random random = new Random(name.hashCode());
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] chunk = new byte[random.nextInt(maxChunk) + 1];
            random.nextBytes(chunk);
            chunks.add(chunk);
        }
        Path ours = Files.createDirectory(tmp.resolve("ours"));
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        for (var e : existing.entrySet()) {
            byte[] content = new byte[e.getValue()];
            Arrays.fill(content, (byte) e.getKey().length());
            Files.write(ours.resolve(e.getKey()), content);
            Files.write(theirs.resolve(e.getKey()), content);
        }

        try (RotatingFileWriter w = new RotatingFileWriter(ours.resolve("app.log"), maxBytes, backups)) {
            for (byte[] chunk : chunks) {
                w.write(chunk, 0, chunk.length);
            }
        }
        ReferencePython.runLines(PY_ROTATE, chunks, theirs.toString(), "app.log",
                Long.toString(maxBytes), Integer.toString(backups));

        Map<String, String> expected = snapshot(theirs);
        assertEquals(expected, snapshot(ours));
        if (maxBytes > 0 && backups > 0) {
            assertTrue(expected.containsKey("app.log." + backups), "scenario should rotate: " + expected.keySet());
        }
    }

    @Test
    void neverRotatesWithMaxBytesZero() throws IOException {
        Path file = tmp.resolve("n.log");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (RotatingFileWriter w = new RotatingFileWriter(file, 0, 10)) {
            for (int i = 0; i < 1000; i++) {
                byte[] b = ("line " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                w.write(b);
                all.write(b);
            }
            assertEquals(all.size(), w.size());
        }
        assertArrayEquals(all.toByteArray(), Files.readAllBytes(file));
        assertEquals(List.of("n.log"), List.copyOf(snapshot(tmp).keySet()));
    }

    @Test
    void backupsZeroTruncatesInPlace() throws IOException {
        Path file = tmp.resolve("t.log");
        try (RotatingFileWriter w = new RotatingFileWriter(file, 10, 0)) {
            w.write(bytes("12345"));
            w.write(bytes("67890"));           // reaches 10: emptied
            assertEquals(0, w.size());
            w.write(bytes("abc"));
        }
        assertEquals(List.of("t.log"), List.copyOf(snapshot(tmp).keySet()));
        assertEquals("abc", Files.readString(file));
    }

    @Test
    void countsEveryByteWrittenAcrossRotationsAndWriters() throws IOException {
        Path file = tmp.resolve("c.log");
        java.util.concurrent.atomic.LongAdder written = new java.util.concurrent.atomic.LongAdder();
        try (RotatingFileWriter w = new RotatingFileWriter(file, 10, 1, written)) {
            w.write(bytes("12345678"));
            w.write(bytes("90abc"));           // rotated: still counted
            w.write(bytes("xyz123"), 3, 3);
        }
        assertEquals(16, written.sum());
        try (RotatingFileWriter w = new RotatingFileWriter(file, 10, 1, written)) {
            w.write(bytes("next"));            // the next child's writer adds to the same count
        }
        assertEquals(20, written.sum());
    }

    @Test
    void keepsEveryByteValueUnchanged() throws IOException {
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Path file = tmp.resolve("b.log");
        try (RotatingFileWriter w = new RotatingFileWriter(file, 0, 0)) {
            w.write(all, 3, 700);
        }
        assertArrayEquals(Arrays.copyOfRange(all, 3, 703), Files.readAllBytes(file));
    }

    @Test
    void appendsToAnExistingFile() throws IOException {
        Path file = tmp.resolve("a.log");
        Files.writeString(file, "old\n");
        try (RotatingFileWriter w = new RotatingFileWriter(file, 0, 0)) {
            w.write(bytes("new\n"));
        }
        assertEquals("old\nnew\n", Files.readString(file));
    }

    @Test
    void reopenFollowsAnExternalRotation() throws IOException {
        Path file = tmp.resolve("r.log");
        try (RotatingFileWriter w = new RotatingFileWriter(file, 0, 0)) {
            w.write(bytes("before\n"));
            Files.move(file, tmp.resolve("r.log.old"));   // what logrotate does
            w.write(bytes("still old fd\n"));
            w.reopen();
            w.write(bytes("after\n"));
        }
        assertEquals("before\nstill old fd\n", Files.readString(tmp.resolve("r.log.old")));
        assertEquals("after\n", Files.readString(file));
    }

    @Test
    void clearRemovesTheFileAndStartsEmpty() throws IOException {
        Path file = tmp.resolve("c.log");
        try (RotatingFileWriter w = new RotatingFileWriter(file, 10, 2)) {
            w.write(bytes("0123456789"));   // rotated to c.log.1
            w.write(bytes("abc"));
            w.clear();
            assertTrue(Files.exists(file));
            assertEquals(0, Files.size(file));
            w.write(bytes("x"));
            Files.delete(file);
            w.clear();                       // a missing file is not an error
            w.write(bytes("y"));
        }
        assertEquals("y", Files.readString(file));
        assertEquals("0123456789", Files.readString(tmp.resolve("c.log.1")), "backups are kept");
    }

    @Test
    void writeAfterCloseFailsAndReopenRecovers() throws IOException {
        Path file = tmp.resolve("x.log");
        RotatingFileWriter w = new RotatingFileWriter(file, 0, 0);
        w.close();
        w.close();
        assertThrows(IOException.class, () -> w.write(bytes("lost")));
        assertEquals(0, w.size());
        w.reopen();
        w.write(bytes("kept"));
        w.close();
        assertEquals("kept", Files.readString(file));
        assertEquals(file, w.path());
    }

    @Test
    void rotationSurvivesTheActiveFileBeingDeleted() throws IOException {
        Path file = tmp.resolve("d.log");
        try (RotatingFileWriter w = new RotatingFileWriter(file, 10, 2)) {
            w.write(bytes("12345"));
            Files.delete(file);              // a cleanup script removed it
            w.write(bytes("67890"));         // rotation finds no file to rename
            w.write(bytes("z"));
        }
        assertEquals("z", Files.readString(file));
        assertFalse(Files.exists(tmp.resolve("d.log.1")));
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        Path file = tmp.resolve("cc.log");
        int threads = 8;
        int records = 2000;
        // large enough backups that every rotated byte is still on disk
        try (RotatingFileWriter w = new RotatingFileWriter(file, 4096, 1000)) {
            Concurrently.run(threads, thread -> {
                for (int i = 0; i < records; i++) {
                    w.write(bytes("t" + thread + " r" + i + " " + "x".repeat(i % 37) + "\n"));
                }
            });
        }
        // oldest backup first, current file last: the full history in write order
        List<Path> files = new ArrayList<>();
        for (int n = 1000; n >= 1; n--) {
            Path p = tmp.resolve("cc.log." + n);
            if (Files.exists(p)) {
                files.add(p);
            }
        }
        files.add(file);
        assertTrue(files.size() > 10, "should have rotated many times");
        int[] next = new int[threads];
        long total = 0;
        for (Path p : files) {
            for (String line : Files.readAllLines(p)) {
                String[] parts = line.split(" ", 3);
                int thread = Integer.parseInt(parts[0].substring(1));
                int record = Integer.parseInt(parts[1].substring(1));
                assertEquals(next[thread], record, "records of one thread stay in order");
                assertEquals("x".repeat(record % 37), parts.length > 2 ? parts[2] : "");
                next[thread]++;
                total++;
            }
        }
        assertEquals((long) threads * records, total);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** File name to hex content, for whole-directory comparison. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), ReferencePython.hex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    /** A full disk (/dev/full answers every write with ENOSPC): the failure says how much is not in the file. */
    @Test
    void aWriteToAFullDiskSaysHowManyBytesDidNotReachTheFile() throws IOException {
        try (RotatingFileWriter w = new RotatingFileWriter(Path.of("/dev/full"), 0, 0)) {
            LogWriteException e = assertThrows(LogWriteException.class, () -> w.write(new byte[100], 10, 50));
            assertEquals(50, e.unwritten());
            assertEquals("No space left on device", e.getMessage());
        }
    }
}
