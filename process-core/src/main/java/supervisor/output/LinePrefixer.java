package supervisor.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code stdout_log_prefix}: turns one channel's output, in whatever pieces the pipe gives it,
 * into whole lines that each start with {@code process_name | }. A line that arrives in pieces
 * is kept until its newline, so that each write to the shared stream carries only whole lines
 * and two programs' lines never mix. What is left without a newline when the child exits is
 * written as one last line, with the newline added.
 *
 * <p>A line is not held without bound: one longer than {@link #MAX_LINE} bytes is written in
 * pieces of that size, each ending with a newline and prefixed (as Docker's own log drivers
 * split long lines). Used on the I/O thread only.
 */
final class LinePrefixer {
    /** The longest piece of a line held back waiting for its newline. */
    static final int MAX_LINE = 64 * 1024;

    private final byte[] prefix;
    /** The line begun and not yet ended, without its prefix. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LinePrefixer(String processName) {
        this.prefix = (processName + " | ").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Takes a piece of output; answers the whole lines it completes, prefixed, or an empty array
     * when it completes none.
     */
    byte[] feed(byte[] data, int off, int len) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream(len + prefix.length * 2);
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (data[i] == '\n') {
                line(lines, data, start, i + 1 - start);
                start = i + 1;
            } else if (partial.size() + (i - start) >= MAX_LINE) {
                // the line already holds MAX_LINE bytes and goes on: what it has is one piece
                line(lines, data, start, i - start);
                lines.write('\n');
                start = i;
            }
        }
        partial.write(data, start, end - start);
        return lines.toByteArray();
    }

    /** The child exited: the unfinished line, prefixed and ended with a newline, or an empty array. */
    byte[] flush() {
        if (partial.size() == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream last = new ByteArrayOutputStream(prefix.length + partial.size() + 1);
        last.writeBytes(prefix);
        last.writeBytes(partial.toByteArray());
        last.write('\n');
        partial.reset();
        return last.toByteArray();
    }

    /** One line (or the rest of one): its prefix, what was held of it, then these bytes. */
    private void line(ByteArrayOutputStream out, byte[] data, int off, int len) {
        out.writeBytes(prefix);
        if (partial.size() > 0) {
            out.writeBytes(partial.toByteArray());
            partial.reset();
        }
        out.write(data, off, len);
    }
}
