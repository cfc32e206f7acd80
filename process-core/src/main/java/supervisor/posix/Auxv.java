package supervisor.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two constants /proc/PID/stat is measured in, from the kernel's auxiliary vector of this
 * process (/proc/self/auxv, read once): the page size (resident memory is counted in pages) and
 * the clock ticks per second (CPU time is counted in ticks). No native call is needed.
 */
final class Auxv {
    private static final long AT_PAGESZ = 6;
    private static final long AT_CLKTCK = 17;

    /** Bytes per page; 4096 where the vector cannot be read. */
    static final long PAGE_SIZE;
    /** Clock ticks per second (USER_HZ); 100, the value of every Linux architecture, where it cannot be read. */
    static final long CLOCK_TICKS;

    static {
        long page = 4096;
        long ticks = 100;
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of("/proc/self/auxv"))).order(ByteOrder.nativeOrder());
            // pairs of (type, value), 64-bit on the 64-bit platforms this runs on
            while (b.remaining() >= 16) {
                long type = b.getLong();
                long value = b.getLong();
                if (type == AT_PAGESZ && value > 0) {
                    page = value;
                } else if (type == AT_CLKTCK && value > 0) {
                    ticks = value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep the defaults
        }
        PAGE_SIZE = page;
        CLOCK_TICKS = ticks;
    }

    private Auxv() {
    }
}
