package supervisor.rpc;

import java.util.Arrays;

/**
 * The bytes of an XML-RPC message as it is written: markup copied as ASCII, text encoded as
 * UTF-8 on the spot, strictly (a lone surrogate cannot be sent, as Python's encoder refuses it
 * too). Writing bytes directly, rather than building a String to encode afterwards, leaves one
 * buffer of garbage per message instead of four: it matters for a getAllProcessInfo of
 * thousands of processes.
 */
final class Utf8Builder {
    private byte[] buf;
    private int len;

    Utf8Builder(int capacity) {
        buf = new byte[capacity];
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
            i = put(s, i);
        }
        return this;
    }

    /** Text with {@code & < >} escaped, exactly as Python's marshaller escapes it: quotes stay. */
    Utf8Builder escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '&' -> ascii("&amp;");
                case '<' -> ascii("&lt;");
                case '>' -> ascii("&gt;");
                default -> i = put(s, i);
            }
        }
        return this;
    }

    /** Encodes the character at {@code i} (two chars for a surrogate pair); returns the index of its last char. */
    private int put(String s, int i) {
        char c = s.charAt(i);
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
