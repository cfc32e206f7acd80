package supervisor.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Log paths that name one of the daemon's own file descriptors rather than a file:
 * {@code /dev/stdout}, {@code /dev/stderr}, {@code /dev/fd/N}, {@code /proc/self/fd/N} (and a
 * link that leads to one of them). Such a path is never rotated nor deleted: renaming it would
 * move the system's {@code /dev/stdout} link away, which supervisord 4.2.5 does as root.
 *
 * <p>The daemon's stdout and stderr are written through its own descriptors 1 and 2, not opened
 * anew: a new open of a regular file has its own offset, and the activity log's echo on fd 1
 * would then write over the programs' lines; and a socket (journald's) cannot be opened at all.
 */
public final class DescriptorPaths {
    private static final Pattern DESCRIPTOR =
            Pattern.compile("/dev/(stdin|stdout|stderr)|/dev/fd/(\\d+)|/proc/(?:self|thread-self|\\d+)/fd/(\\d+)");
    /** More links than this in a row are not followed (a loop, or a path worth no more looking). */
    private static final int MAX_LINKS = 8;

    private static final FileChannel STDOUT = new FileOutputStream(FileDescriptor.out).getChannel();
    private static final FileChannel STDERR = new FileOutputStream(FileDescriptor.err).getChannel();

    private DescriptorPaths() {
    }

    /**
     * The daemon's own stdout (1) or stderr (2) as a channel, shared by every writer and never to
     * be closed (closing would point the descriptor at /dev/null for the whole daemon).
     */
    static FileChannel standardChannel(int fd) {
        return fd == 1 ? STDOUT : STDERR;
    }

    /**
     * The daemon's descriptor that {@code path} names, directly or through links: 0, 1 or 2 for
     * the standard streams, another number for {@code /dev/fd/N}, or -1 when it names a file.
     */
    public static int descriptor(Path path) {
        Path p = path.toAbsolutePath().normalize();
        for (int links = 0; links <= MAX_LINKS; links++) {
            int fd = named(p.toString());
            if (fd >= 0) {
                return fd;
            }
            if (!Files.isSymbolicLink(p)) {
                return -1;
            }
            try {
                p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
            } catch (IOException | UnsupportedOperationException e) {
                return -1;
            }
        }
        return -1;
    }

    /** Whether {@code path} names the daemon's stdout or stderr: where one merged container log goes. */
    public static boolean isStandardOutput(Path path) {
        int fd = descriptor(path);
        return fd == 1 || fd == 2;
    }

    private static int named(String path) {
        Matcher m = DESCRIPTOR.matcher(path);
        if (!m.matches()) {
            return -1;
        }
        if (m.group(1) != null) {
            return switch (m.group(1)) {
                case "stdin" -> 0;
                case "stdout" -> 1;
                default -> 2;
            };
        }
        String n = m.group(2) != null ? m.group(2) : m.group(3);
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // a descriptor all the same, just not one we know
        }
    }
}
