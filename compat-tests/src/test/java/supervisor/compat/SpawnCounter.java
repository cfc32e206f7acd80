package supervisor.compat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the "spawned: 'NAME' with pid N" lines of an activity log as it grows, reading only
 * what was added since the last count (a soak's log grows to megabytes and is polled often).
 * A line still being written is counted once it is complete.
 */
final class SpawnCounter {

    private static final String SPAWNED = " INFO spawned: '";

    private final Path log;
    private long offset;
    private long count;

    SpawnCounter(Path log) {
        this.log = log;
    }

    long count() {
        if (!Files.exists(log)) {
            return count;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length < offset) {
                throw new AssertionError(log + " shrank (rotated?) from " + offset + " to " + length + " bytes");
            }
            byte[] added = new byte[Math.toIntExact(length - offset)];
            file.seek(offset);
            file.readFully(added);
            int complete = lastNewline(added) + 1;
            String text = new String(added, 0, complete, StandardCharsets.UTF_8);
            for (int i = text.indexOf(SPAWNED); i >= 0; i = text.indexOf(SPAWNED, i + 1)) {
                count++;
            }
            offset += complete;
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
