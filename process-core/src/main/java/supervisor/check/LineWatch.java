package supervisor.check;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import supervisor.posix.OutputSink;

/**
 * A {@code log:REGEX} check: sees a child's stdout and stderr as they pass to their dispatchers,
 * assembles each channel's lines, and calls {@code matched} once, on the I/O thread, for the
 * first complete line in which the regex is found. Lines longer than {@link #MAX_LINE} are
 * matched on their first {@link #MAX_LINE} bytes. After the match it only passes output on.
 */
public final class LineWatch {
    static final int MAX_LINE = 64 * 1024;

    private final Pattern regex;
    private final Runnable matched;
    private volatile boolean done;

    public LineWatch(Pattern regex, Runnable matched) {
        this.regex = regex;
        this.matched = matched;
    }

    /** {@code sink} with this watch listening: each channel gets a tee of its own (its own partial line). */
    public OutputSink tee(OutputSink sink) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        return (buf, off, len) -> {
            sink.output(buf, off, len);
            if (!done) {
                feed(line, buf, off, len);
            }
        };
    }

    private void feed(ByteArrayOutputStream line, byte[] buf, int off, int len) {
        for (int i = off; i < off + len && !done; i++) {
            if (buf[i] == '\n') {
                check(line);
                line.reset();
            } else if (line.size() < MAX_LINE) {
                line.write(buf[i]);
            }
        }
    }

    private void check(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (regex.matcher(text).find()) {
            done = true;
            matched.run();
        }
    }
}
