package supervisor.python;

/** Python's {@code repr()} of a bytes value, as supervisord logs output it cannot decode. */
public final class PyBytes {
    private PyBytes() {
    }

    /** {@code b'...'} with non-ASCII and control bytes as \\xhh, quotes chosen as Python does. */
    public static String repr(byte[] b, int off, int len) {
        boolean single = false;
        boolean dbl = false;
        for (int i = off; i < off + len; i++) {
            single |= b[i] == '\'';
            dbl |= b[i] == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder out = new StringBuilder(len + 3).append('b').append(quote);
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            if (c == quote || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append((char) c);
            }
        }
        return out.append(quote).toString();
    }
}
