package supervisor.rpc;

import java.util.Arrays;

/**
 * The bytes of an XML-RPC message as it is written: markup copied as ASCII, text encoded as
 * UTF-8 on the spot, strictly (a lone surrogate cannot be sent, as Python's encoder refuses it
 * too). Writing bytes directly, rather than building a String to encode afterwards, leaves one
 * buffer of garbage per message instead of four: it matters for a getAllProcessInfo of
 * thousands of processes.
 *
 * <p>Escaped text is always well-formed XML: a response carries a stand-in for each character
 * XML 1.0 cannot carry ({@link XmlChars}); a call refuses such text, since a stand-in would
 * change what the caller sends (the bytes of a sendProcessStdin).
 */
final class Utf8Builder {
    /** The ASCII characters escaped text copies as they are: everything but C0 controls and {@code & < >}. */
    private static final boolean[] PLAIN = new boolean[0x80];

    static {
        for (char c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '&' && c != '<' && c != '>';
        }
        PLAIN['\t'] = PLAIN['\n'] = PLAIN['\r'] = true;
    }

    private final boolean standIns;
    private byte[] buf;
    private int len;

    private Utf8Builder(int capacity, boolean standIns) {
        this.buf = new byte[capacity];
        this.standIns = standIns;
    }

    /** A methodResponse (a result or a fault): what XML cannot carry is sent as its stand-in. */
    static Utf8Builder response(int capacity) {
        return new Utf8Builder(capacity, true);
    }

    /** A methodCall: text XML cannot carry is refused. */
    static Utf8Builder call(int capacity) {
        return new Utf8Builder(capacity, false);
    }

    /** Markup: every character is ASCII. */
    Utf8Builder ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    Utf8Builder ascii(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    Utf8Builder number(long n) {
        return ascii(Long.toString(n));
    }

    /** Any text, unescaped. */
    Utf8Builder text(String s) {
        for (int i = 0; i < s.length(); i++) {
            i = put(s, i, s.charAt(i));
        }
        return this;
    }

    /**
     * Text with {@code & < >} escaped, exactly as Python's marshaller escapes it (quotes stay),
     * and with a stand-in for each character XML 1.0 cannot carry, or refused in a call.
     */
    Utf8Builder escaped(String s) {
        int n = s.length();
        // Room for one byte per char still to come is kept, so that the usual char, ASCII with
        // nothing to escape, costs a look-up and a store: log slices run to megabytes.
        ensure(n);
        byte[] b = buf;
        int at = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && PLAIN[c]) {
                b[at++] = (byte) c;
            } else {
                len = at;
                i = special(s, i, c);
                ensure(n - i - 1);
                b = buf;
                at = len;
            }
        }
        len = at;
        return this;
    }

    /** Writes {@code c} at {@code i}, which escaped text does not copy as it is; returns the index of its last char. */
    private int special(String s, int i, char c) {
        switch (c) {
            case '&' -> ascii("&amp;");
            case '<' -> ascii("&lt;");
            case '>' -> ascii("&gt;");
            default -> {
                if (!Character.isSurrogate(c) && !XmlChars.isXmlChar(c)) {
                    if (!standIns) {
                        throw new IllegalArgumentException(
                                String.format("text cannot be sent in XML 1.0 (character U+%04X)", (int) c));
                    }
                    c = XmlChars.standIn(c);
                }
                return put(s, i, c);
            }
        }
        return i;
    }

    /**
     * Encodes {@code c}, the char at {@code i} or what stands in for it (two chars for a
     * surrogate pair); returns the index of its last char.
     */
    private int put(String s, int i, char c) {
        if (c < 0x80) {
            ensure(1);
            buf[len++] = (byte) c;
            return i;
        }
        ensure(4);
        if (c < 0x800) {
            buf[len++] = (byte) (0xc0 | c >> 6);
            buf[len++] = (byte) (0x80 | c & 0x3f);
            return i;
        }
        if (!Character.isSurrogate(c)) {
            buf[len++] = (byte) (0xe0 | c >> 12);
            buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
            buf[len++] = (byte) (0x80 | c & 0x3f);
            return i;
        }
        if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
            throw new IllegalArgumentException("text cannot be encoded as UTF-8 (lone surrogate)");
        }
        int cp = Character.toCodePoint(c, s.charAt(i + 1));
        buf[len++] = (byte) (0xf0 | cp >> 18);
        buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
        buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
        buf[len++] = (byte) (0x80 | cp & 0x3f);
        return i + 1;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
