package supervisor.intent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The remember_state file: a header line, then one {@code started NAMESPEC} or
 * {@code stopped NAMESPEC} line per process the operator started or stopped. It is replaced
 * whole, never edited in place: written to a temporary file beside it, forced to disk, then
 * renamed over it (and the directory forced), so a crash leaves the old file or the new one.
 */
public final class IntentFile {
    static final String HEADER = "# supervisord remember_state 1";

    /** The file could not be read or is not a remember_state file: {@link #getMessage} says why. */
    public static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    private final Path path;

    public IntentFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /**
     * The intents the file holds, in its order; empty when there is no file (the normal case
     * before the first request).
     *
     * @throws Unusable when the file cannot be read or any line of it is not understood
     */
    public Map<String, Intent> read() throws Unusable {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new Unusable("cannot read it (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
            throw new Unusable("line 1: expected '" + HEADER + "'");
        }
        Map<String, Intent> intents = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int space = line.indexOf(' ');
            Intent intent = space < 0 ? null : intent(line.substring(0, space));
            String name = space < 0 ? "" : line.substring(space + 1);
            if (intent == null || name.isEmpty() || name.contains(" ")) {
                throw new Unusable("line " + (i + 1) + ": expected 'started NAME' or 'stopped NAME', not '" + line + "'");
            }
            intents.put(name, intent);
        }
        return intents;
    }

    private static Intent intent(String word) {
        return switch (word) {
            case "started" -> Intent.STARTED;
            case "stopped" -> Intent.STOPPED;
            default -> null;
        };
    }

    /** Replaces the file with these intents, atomically and durably. */
    public void write(Map<String, Intent> intents) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        intents.forEach((name, intent) -> text.append(intent.name().toLowerCase(Locale.ROOT)).append(' ')
                .append(name).append('\n'));
        Path dir = path.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        try {
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        // the rename itself must survive a crash too
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }
}
