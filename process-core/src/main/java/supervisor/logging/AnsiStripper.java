package supervisor.logging;

/**
 * {@code strip_ansi}: removes terminal escape sequences ({@code ESC [} up to and including one of
 * {@code HfABCDRsuJKhlpm}) from child output before it is logged.
 *
 * <p>Each chunk read from a pipe is stripped on its own, as supervisord does: a sequence cut in
 * two by a read is removed up to the end of the first chunk, and its tail in the next chunk is
 * kept; an {@code ESC} ending one chunk with {@code [} starting the next is not recognised.
 */
public final class AnsiStripper {

    private AnsiStripper() {
    }

    public static byte[] strip(byte[] chunk) {
        return strip(chunk, 0, chunk.length);
    }

    /** The bytes of {@code chunk[off, off+len)} without escape sequences (a new array). */
    public static byte[] strip(byte[] chunk, int off, int len) {
        byte[] out = new byte[len];
        int n = 0;
        int end = off + len;
        boolean inSequence = false;
        for (int i = off; i < end; i++) {
            byte c = chunk[i];
            if (inSequence) {
                // everything up to the terminator goes, the terminator too
                inSequence = !isTerminator(c);
            } else if (c == 0x1b && i + 1 < end && chunk[i + 1] == '[') {
                inSequence = true;
                i++;
            } else {
                out[n++] = c;
            }
        }
        return n == len ? out : java.util.Arrays.copyOf(out, n);
    }

    private static boolean isTerminator(byte c) {
        return switch (c) {
            case 'H', 'f', 'A', 'B', 'C', 'D', 'R', 's', 'u', 'J', 'K', 'h', 'l', 'p', 'm' -> true;
            default -> false;
        };
    }
}
