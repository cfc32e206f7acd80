package supervisor.output;

import java.util.Arrays;

/**
 * What capture mode keeps of one capture block: supervisord's {@code BoundIO}. When a write
 * would take it past {@code maxBytes}, as many bytes as the write brings are dropped from the
 * front first (so the result can still exceed the bound, exactly as supervisord's does).
 */
final class BoundBuffer {
    private final long maxBytes;
    private byte[] data = new byte[0];

    BoundBuffer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void write(byte[] b) {
        byte[] base = data;
        if (base.length + b.length > maxBytes) {
            base = Arrays.copyOfRange(base, Math.min(b.length, base.length), base.length);
        }
        byte[] joined = Arrays.copyOf(base, base.length + b.length);
        System.arraycopy(b, 0, joined, base.length, b.length);
        data = joined;
    }

    byte[] contents() {
        return data;
    }
}
