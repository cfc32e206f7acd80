package supervisor.config;

import java.math.BigInteger;

/** Python's {@code int(text)} and {@code int(text, 8)}: what supervisord accepts as numbers. */
final class PyInt {
    private PyInt() {
    }

    /** {@code int(text)}; throws with Python's message when it is not a base-10 literal. */
    static long parse(String text) throws ConfigException {
        Long v = parse(text, 10);
        if (v == null) {
            throw new ConfigException("invalid literal for int() with base 10: " + PyStr.repr(text));
        }
        return v;
    }

    /** {@code int(text)} narrowed to a Java int (saturating: Python's ints are unbounded). */
    static int parseInt(String text) throws ConfigException {
        return clamp(parse(text));
    }

    static int clamp(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /**
     * Parses like Python's {@code int(text, base)} for base 10 or 8: surrounding blanks, a sign,
     * single underscores between digits, a {@code 0o} prefix in base 8. Null when invalid;
     * out-of-range values saturate.
     */
    static Long parse(String text, int base) {
        String s = PyStr.strip(text);
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        boolean prefixed = false;
        if (base == 8 && s.length() >= i + 2 && s.charAt(i) == '0'
                && (s.charAt(i + 1) == 'o' || s.charAt(i + 1) == 'O')) {
            i += 2;
            prefixed = true;
        }
        StringBuilder digits = new StringBuilder();
        boolean lastUnderscore = !prefixed;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                if (lastUnderscore) {
                    return null;
                }
                lastUnderscore = true;
                continue;
            }
            int d = Character.digit(c, 10);
            if (d < 0 || d >= base) {
                return null;
            }
            digits.append((char) ('0' + d));
            lastUnderscore = false;
        }
        if (digits.isEmpty() || lastUnderscore) {
            return null;
        }
        BigInteger v = new BigInteger(digits.toString(), base);
        if (negative) {
            v = v.negate();
        }
        if (v.bitLength() > 63) {
            return v.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return v.longValue();
    }
}
