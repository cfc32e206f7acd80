package supervisor.logging;

import supervisor.config.PyStr;

/**
 * A string as Python's {@code repr()} shows it. supervisord formats file and command names with
 * {@code %r} in its messages and faults ({@code can't find command 'x'}), and clients see those
 * texts, so they are reproduced exactly: the quote chosen, escapes, non-printable characters.
 */
public final class PyRepr {

    private PyRepr() {
    }

    /** A str as Python's {@code repr()} shows it (the one implementation lives with the config parser). */
    public static String of(String s) {
        return PyStr.repr(s);
    }

    /** A bytes value as Python shows it: {@code b'...'} with non-ASCII and control bytes as \\xhh. */
    public static String ofBytes(byte[] b, int off, int len) {
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
