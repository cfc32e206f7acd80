package supervisor.python;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Python's {@code int()} of a str or of bytes, in base 10 or 8 (the bases supervisord uses):
 * surrounding whitespace, a sign, single underscores between digits, a {@code 0o} prefix in
 * base 8; decimal digits of any script in a str, ASCII digits in bytes. Python's ints have no
 * bound, so the value is a BigInteger and each caller narrows it as its side needs.
 *
 * <p>One known difference: the ASCII separators 0x1c-0x1f are taken as whitespace around the
 * number, as {@code str.strip()} takes them; Python's {@code int()} refuses them.
 */
public final class PyInt {
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private PyInt() {
    }

    /** {@code int(text, base)} of a str, base 10 or 8; null where Python raises ValueError. */
    public static BigInteger parse(String text, int base) {
        return parse(text, base, false);
    }

    /** {@code int(data)} of a bytes value; null where Python raises ValueError. */
    public static BigInteger parse(byte[] data) {
        return parse(new String(data, StandardCharsets.ISO_8859_1), 10, true);
    }

    /**
     * {@code int(text)} as the narrowest of Integer, Long and BigInteger, the Java types
     * XML-RPC integers decode to.
     *
     * @throws NumberFormatException with Python's ValueError message
     */
    public static Number valueOf(String text) {
        BigInteger value = parse(text, 10);
        if (value == null) {
            throw new NumberFormatException(invalidLiteral(text, 10));
        }
        return narrowest(value);
    }

    /** The narrowest of Integer, Long and BigInteger that holds {@code value}. */
    public static Number narrowest(BigInteger value) {
        if (value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0) {
            return value.intValue();
        }
        if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            return value.longValue();
        }
        return value;
    }

    /** The ValueError message of {@code int(text, base)}. */
    public static String invalidLiteral(String text, int base) {
        return "invalid literal for int() with base " + base + ": " + PyStr.repr(text);
    }

    /** {@code bytes}: one char per byte (Latin-1), where only ASCII counts as space or digit. */
    private static BigInteger parse(String text, int base, boolean bytes) {
        if (base != 10 && base != 8) {
            throw new IllegalArgumentException("base " + base);
        }
        int i = 0;
        int end = text.length();
        while (i < end && isSpace(text.charAt(i), bytes)) {
            i++;
        }
        while (end > i && isSpace(text.charAt(end - 1), bytes)) {
            end--;
        }
        boolean negative = false;
        if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        boolean prefixed = base == 8 && end - i >= 2 && text.charAt(i) == '0'
                && (text.charAt(i + 1) == 'o' || text.charAt(i + 1) == 'O');
        if (prefixed) {
            i += 2;
        }
        StringBuilder digits = new StringBuilder(end - i);
        // an underscore may follow a digit or the prefix ("0o_7" is 7), never lead or trail
        boolean underscoreAllowed = prefixed;
        while (i < end) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '_') {
                if (!underscoreAllowed) {
                    return null;
                }
                underscoreAllowed = false;
                continue;
            }
            int digit = bytes && c > 0x7f ? -1 : Character.digit(c, 10);
            if (digit < 0 || digit >= base) {
                return null;
            }
            digits.append((char) ('0' + digit));
            underscoreAllowed = true;
        }
        if (digits.isEmpty() || !underscoreAllowed) {
            return null;
        }
        BigInteger value = new BigInteger(digits.toString(), base);
        return negative ? value.negate() : value;
    }

    private static boolean isSpace(char c, boolean bytes) {
        return (!bytes || c < 0x80) && PyStr.isSpace(c);
    }
}
