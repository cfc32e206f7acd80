package supervisor.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import supervisor.config.LogLevel;
import supervisor.config.LogTarget;
import supervisor.events.ListenerProtocol;
import supervisor.logging.AnsiStripper;
import supervisor.logging.ChildOutputMessage;
import supervisor.logging.DescriptorPaths;
import supervisor.logging.LogWriteException;
import supervisor.logging.RotatingFileWriter;
import supervisor.logging.Syslog;
import supervisor.posix.OutputSink;
import supervisor.python.PyBytes;
import supervisor.python.PyStr;

/**
 * supervisord's output dispatcher for one channel (stdout or stderr) of one running child. The
 * I/O thread hands it every chunk the child writes, and it decides where the chunk goes:
 * <ul>
 * <li>an event listener's stdout is its half of the listener protocol: logged raw, then fed to
 *     the protocol;</li>
 * <li>with {@code *_capture_maxbytes}, what the child writes between the capture tokens goes to
 *     a bounded buffer instead of the log file, and each block becomes a PROCESS_COMMUNICATION
 *     event;</li>
 * <li>everything is "logged" as supervisord's {@code _log} does it: {@code strip_ansi}, the
 *     channel's log file (or the capture buffer), the activity log at DEBUG, and a PROCESS_LOG
 *     event when {@code *_events_enabled}.</li>
 * </ul>
 * With {@code stdout_log_prefix} and a log file that is the daemon's own stdout or stderr, what
 * goes to the file is cut into whole lines, each prefixed with the process name ({@link LinePrefixer}).
 * Events and the protocol touch process state, so they are handed to the loop in order; the
 * child's exit reaches the loop only after all of its output (see {@link UnsentEvents}).
 */
public final class OutputDispatcher implements OutputSink {
    private final OutputContext context;
    private final String channel;
    private final RotatingFileWriter file;
    /** {@code *_syslog}: what goes to the log file goes to the local syslog too. */
    private final boolean syslog;
    /** Whole prefixed lines for the daemon's stdout or stderr, or null when the file gets the bytes as they come. */
    private final LinePrefixer prefixer;
    /** The listener protocol when this is an event listener's stdout, else null. */
    private final ListenerProtocol protocol;
    private final boolean eventsEnabled;
    private final long captureMaxBytes;
    /** The token scanner, or null when capture mode is off. */
    private final CaptureMode capture;
    /** The block being captured, or null outside capture mode. */
    private BoundBuffer captured;
    /** PROCESS_LOG and PROCESS_COMMUNICATION events on their way to the loop. */
    private final UnsentEvents events;
    /** Whether the last write to the log file failed, and the bytes dropped since the first failure. */
    private boolean failing;
    private long lostBytes;

    /**
     * @param channel  {@code stdout} or {@code stderr}
     * @param target   the channel's logging settings
     * @param file     the channel's open log file, or null when it has none
     * @param protocol the listener protocol when this is an event listener's stdout, else null
     */
    public OutputDispatcher(OutputContext context, String channel, LogTarget target, RotatingFileWriter file,
                            ListenerProtocol protocol) {
        this.context = context;
        this.channel = channel;
        this.file = file;
        this.syslog = target.syslog();
        this.prefixer = context.logPrefix() && file != null && DescriptorPaths.isStandardOutput(file.path())
                ? new LinePrefixer(context.processName()) : null;
        this.protocol = protocol;
        this.eventsEnabled = protocol == null && target.eventsEnabled();
        this.captureMaxBytes = target.captureMaxBytes();
        this.events = new UnsentEvents(context, channel);
        this.capture = protocol == null && captureMaxBytes > 0 ? new CaptureMode(new CaptureMode.Output() {
            @Override
            public void log(byte[] data) {
                OutputDispatcher.this.log(data, 0, data.length);
            }

            @Override
            public void toggled(boolean capturing) {
                captureToggled(capturing);
            }
        }) : null;
    }

    @Override
    public void output(byte[] buf, int off, int len) {
        events.newRead();
        if (protocol != null) {
            listenerOutput(buf, off, len);
        } else if (capture != null) {
            capture.feed(buf, off, len);
        } else {
            log(buf, off, len);
        }
    }

    /** supervisord's {@code _log}: one chunk to its log (or the capture block), the activity log and the bus. */
    private void log(byte[] buf, int off, int len) {
        byte[] data = buf;
        int o = off, n = len;
        if (context.stripAnsi()) {
            data = AnsiStripper.strip(buf, off, len);
            o = 0;
            n = data.length;
        }
        if (captured != null) {
            captured.write(Arrays.copyOfRange(data, o, o + n));
        } else {
            write(data, o, n);
        }
        if (context.log().enabled(LogLevel.DEBUG)) {
            context.log().debug(ChildOutputMessage.format(context.processName(), channel, data, o, n));
        }
        if (eventsEnabled) {
            events.logged(data, o, n);
        }
    }

    /** At the begin token the log goes to a fresh capture block; at the end token the block becomes an event. */
    private void captureToggled(boolean capturing) {
        if (capturing) {
            captured = new BoundBuffer(captureMaxBytes);
            return;
        }
        byte[] block = captured.contents();
        captured = null;
        events.captured(block);
        context.log().debug(PyStr.repr(context.processName()) + " " + channel + " emitted a comm event");
    }

    /**
     * A listener's stdout: logged raw to the activity log at debug (as bytes, like supervisord),
     * written to its log file if any, and fed to the protocol on the loop.
     */
    private void listenerOutput(byte[] buf, int off, int len) {
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        if (context.log().enabled(LogLevel.DEBUG)) {
            context.log().debug(PyStr.repr(context.processName()) + " " + channel + " output:\n"
                    + PyBytes.repr(copy, 0, copy.length));
        }
        byte[] logged = context.stripAnsi() ? AnsiStripper.strip(copy, 0, copy.length) : copy;
        write(logged, 0, logged.length);
        context.loop().execute(() -> protocol.feed(copy));
    }

    /**
     * The child exited and its pipes are drained: the line it left unfinished is written, with a
     * newline. Called on the I/O thread before the exit reaches the loop (and the files close).
     */
    public void childExited() {
        if (prefixer != null) {
            byte[] last = prefixer.flush();
            if (last.length > 0) {
                writeFile(last, 0, last.length);
            }
        }
    }

    /**
     * Writes to the log file, if any (as whole prefixed lines with {@code stdout_log_prefix}),
     * and to syslog with {@code *_syslog}.
     */
    private void write(byte[] data, int off, int len) {
        if (syslog) {
            // supervisord's syslog handler of the channel: "NAME line" for each line of the chunk
            Syslog.local().sendLines(context.processName() + " ", new String(data, off, len, StandardCharsets.UTF_8), "");
        }
        if (prefixer == null || file == null) {
            writeFile(data, off, len);
            return;
        }
        byte[] lines = prefixer.feed(data, off, len);
        if (lines.length > 0) {
            writeFile(lines, 0, lines.length);
        }
    }

    /**
     * Writes to the log file, if any. When the file cannot be written (a full disk), the output
     * is dropped, never held: the I/O thread goes on reading the child's pipe, so the child is
     * never blocked. The failure is logged once, and the count of bytes lost once a write
     * succeeds again.
     */
    private void writeFile(byte[] data, int off, int len) {
        if (file == null) {
            return;
        }
        try {
            file.write(data, off, len);
        } catch (IOException e) {
            // a failed rotation comes after the bytes were written: nothing of them is lost
            lostBytes += e instanceof LogWriteException partial ? partial.unwritten() : 0;
            if (!failing) {
                failing = true;
                context.log().error("could not write " + channel + " log of " + context.processName() + ": "
                        + e.getMessage() + "; its output is dropped until it can be written");
            }
            return;
        }
        if (failing) {
            failing = false;
            context.log().warn(channel + " log of " + context.processName() + " is written again; "
                    + lostBytes + " bytes of output were lost");
            lostBytes = 0;
        }
    }
}
