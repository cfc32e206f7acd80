package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log files that are not plain files: the daemon's own descriptors ({@code /dev/stdout}) and
 * pipes. They are written but never rotated nor deleted, whatever {@code maxbytes} says
 * (supervisord 4.2.5 fails with "Illegal seek" on a pipe and renames {@code /dev/stdout} when
 * the daemon's stdout is a file).
 */
class StreamLogFileTest {
    @TempDir
    Path tmp;

    @Test
    void descriptorPathsAreRecognised() throws IOException {
        assertEquals(1, DescriptorPaths.descriptor(Path.of("/dev/stdout")));
        assertEquals(2, DescriptorPaths.descriptor(Path.of("/dev/stderr")));
        assertEquals(0, DescriptorPaths.descriptor(Path.of("/dev/stdin")));
        assertEquals(1, DescriptorPaths.descriptor(Path.of("/dev/fd/1")));
        assertEquals(2, DescriptorPaths.descriptor(Path.of("/proc/self/fd/2")));
        assertEquals(7, DescriptorPaths.descriptor(Path.of("/proc/123/fd/7")));
        assertEquals(1, DescriptorPaths.descriptor(Path.of("/dev/../dev/stdout")));
        // a link of the user's own that leads there, in two steps
        Path first = Files.createSymbolicLink(tmp.resolve("out"), Path.of("/dev/stdout"));
        Path second = Files.createSymbolicLink(tmp.resolve("again"), Path.of("out"));
        assertEquals(1, DescriptorPaths.descriptor(first));
        assertTrue(DescriptorPaths.isStandardOutput(second));

        Path plain = Files.writeString(tmp.resolve("app.log"), "");
        assertEquals(-1, DescriptorPaths.descriptor(plain));
        assertEquals(-1, DescriptorPaths.descriptor(tmp.resolve("missing.log")));
        assertEquals(-1, DescriptorPaths.descriptor(Path.of("/dev/null")));
        assertFalse(DescriptorPaths.isStandardOutput(Path.of("/proc/self/fd/5")));
    }

    /**
     * The daemon's stdout redirected to a file, reached through /proc/self/fd/N as /dev/stdout is:
     * past maxbytes nothing is renamed and nothing truncated, every byte reaches the file, and
     * clearing it deletes nothing.
     */
    @Test
    void aDescriptorLeadingToAFileIsNeverRotatedNorDeleted() throws IOException {
        Path target = tmp.resolve("daemon-stdout.txt");
        try (FileOutputStream daemonStdout = new FileOutputStream(target.toFile())) {
            Path link = Files.createSymbolicLink(tmp.resolve("stdout"), Path.of("/proc/self/fd/" + fdOf(target)));
            StringBuilder expected = new StringBuilder();
            try (RotatingFileWriter w = new RotatingFileWriter(link, 10, 2)) {
                for (int i = 0; i < 5; i++) {
                    String line = "line " + i + " past ten bytes\n";
                    w.write(line.getBytes(StandardCharsets.UTF_8));
                    expected.append(line);
                }
                w.clear();
                w.write("after clear\n".getBytes(StandardCharsets.UTF_8));
                expected.append("after clear\n");
            }
            assertTrue(Files.isSymbolicLink(link), "the link was moved away");
            assertFalse(Files.exists(tmp.resolve("stdout.1"), LinkOption.NOFOLLOW_LINKS));
            assertEquals(expected.toString(), Files.readString(target));
        }
    }

    /** A named pipe as a log file: written through, never rotated, and clearing leaves the pipe in place. */
    @Test
    void aPipeIsNeverRotatedNorDeleted() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // read-write, so that neither open waits for the other end
        try (FileChannel reader = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
             RotatingFileWriter w = new RotatingFileWriter(fifo, 4, 1)) {
            w.write("12345678\n".getBytes(StandardCharsets.UTF_8));
            w.clear();
            // checked before reading: had clear() replaced the pipe, the read below would wait for ever
            assertFalse(Files.isRegularFile(fifo), "clear() replaced the pipe with a file");
            assertFalse(Files.exists(tmp.resolve("fifo.1"), LinkOption.NOFOLLOW_LINKS), "the pipe was rotated");
            w.write("abc\n".getBytes(StandardCharsets.UTF_8));
            java.nio.ByteBuffer got = java.nio.ByteBuffer.allocate(64);
            while (got.position() < 13) {
                reader.read(got);
            }
            assertEquals("12345678\nabc\n", new String(got.array(), 0, got.position(), StandardCharsets.UTF_8));
        }
        assertTrue(Files.exists(fifo));
    }

    /** A plain file still rotates exactly as before. */
    @Test
    void aPlainFileStillRotates() throws IOException {
        Path log = tmp.resolve("app.log");
        try (RotatingFileWriter w = new RotatingFileWriter(log, 10, 2)) {
            w.write("0123456789ab\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("", Files.readString(log));
        assertEquals("0123456789ab\n", Files.readString(tmp.resolve("app.log.1")));
    }

    /** The number of the descriptor this JVM holds open on {@code file}. */
    private static int fdOf(Path file) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file.toAbsolutePath())) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        throw new IOException("no descriptor open on " + file);
    }
}
