package supervisor.output;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The token scanner of capture mode ({@code *_capture_maxbytes} &gt; 0): splits a channel's
 * output at {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->} and says when
 * capturing starts and stops; the dispatcher decides where each piece goes. Token handling
 * follows supervisord's {@code record_output} exactly, including its quirk of holding output
 * back until more than a token's length is pending (short trailing output is never logged).
 * Runs on the I/O thread that reads the channel; one instance per channel and child.
 */
final class CaptureMode {
    static final byte[] BEGIN_TOKEN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END_TOKEN = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);

    /** Where the scanner sends what it found, in order. */
    interface Output {
        /** A piece of output between tokens (for the capture buffer while capturing). */
        void log(byte[] data);

        /** A token was seen: capturing has just started ({@code true}) or ended. */
        void toggled(boolean capturing);
    }

    private final Output out;
    private byte[] pending = new byte[0];
    private boolean capturing;

    CaptureMode(Output out) {
        this.out = out;
    }

    /** New output read from the channel. */
    void feed(byte[] buf, int off, int len) {
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
            capturing = !capturing;
            out.toggled(capturing);
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
