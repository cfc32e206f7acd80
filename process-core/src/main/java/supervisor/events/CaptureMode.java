package supervisor.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Capture mode of one output channel ({@code *_capture_maxbytes} &gt; 0): text between
 * {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->} is kept in a bounded buffer
 * instead of the log file and becomes one PROCESS_COMMUNICATION event. Token handling follows
 * supervisord exactly, including its quirk of holding output back until more than a token's
 * length is pending (short trailing output is never logged). Runs on the I/O thread that reads
 * the channel; one instance per channel and child.
 */
public final class CaptureMode {
    public static final byte[] BEGIN_TOKEN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] END_TOKEN = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);

    /** Where the channel's output goes. */
    public interface Output {
        /** A chunk for the channel's logger (written to the capture buffer instead while capturing). */
        void log(byte[] data);

        /** A capture block ended: its (bounded) content. */
        void captured(byte[] data);
    }

    private final long maxBytes;
    private final Output out;
    private byte[] pending = new byte[0];
    private boolean capturing;
    private byte[] capture = new byte[0];

    public CaptureMode(long maxBytes, Output out) {
        this.maxBytes = maxBytes;
        this.out = out;
    }

    /** True between the begin and the end token: logged chunks belong in {@link #store}. */
    public boolean capturing() {
        return capturing;
    }

    /** Keeps a chunk logged while capturing; the oldest bytes go when it would exceed the bound. */
    public void store(byte[] data) {
        byte[] base = capture;
        if (base.length + data.length > maxBytes) {
            base = Arrays.copyOfRange(base, Math.min(data.length, base.length), base.length);
        }
        byte[] joined = Arrays.copyOf(base, base.length + data.length);
        System.arraycopy(data, 0, joined, base.length, data.length);
        capture = joined;
    }

    /** New output read from the channel. */
    public void feed(byte[] buf, int off, int len) {
        byte[] joined = Arrays.copyOf(pending, pending.length + len);
        System.arraycopy(buf, off, joined, pending.length, len);
        pending = joined;
        while (true) {
            byte[] token = capturing ? END_TOKEN : BEGIN_TOKEN;
            if (pending.length <= token.length) {
                return;
            }
            byte[] data = pending;
            pending = new byte[0];
            int at = indexOf(data, token);
            if (at < 0) {
                int keep = prefixAtEnd(data, token);
                if (keep > 0) {
                    pending = Arrays.copyOfRange(data, data.length - keep, data.length);
                    data = Arrays.copyOf(data, data.length - keep);
                }
                log(data);
                return;
            }
            log(Arrays.copyOf(data, at));
            toggle();
            pending = Arrays.copyOfRange(data, at + token.length, data.length);
            if (pending.length == 0) {
                return;
            }
        }
    }

    private void log(byte[] data) {
        if (data.length > 0) {
            out.log(data);
        }
    }

    private void toggle() {
        capturing = !capturing;
        if (!capturing) {
            byte[] block = capture;
            capture = new byte[0];
            out.captured(block);
        }
    }

    /** The length of the longest proper prefix of {@code token} that {@code data} ends with. */
    static int prefixAtEnd(byte[] data, byte[] token) {
        for (int l = token.length - 1; l > 0; l--) {
            if (data.length >= l && Arrays.equals(data, data.length - l, data.length, token, 0, l)) {
                return l;
            }
        }
        return 0;
    }

    static int indexOf(byte[] data, byte[] token) {
        outer:
        for (int i = 0; i + token.length <= data.length; i++) {
            for (int j = 0; j < token.length; j++) {
                if (data[i + j] != token[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
