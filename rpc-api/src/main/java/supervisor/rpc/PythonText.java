package supervisor.rpc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Number and date conversions that must agree with Python's, because supervisord's unmarshaller
 * and marshaller use Python's {@code int()}, {@code float()}, {@code repr(float)} and
 * {@code time.strptime}.
 */
final class PythonText {
    private PythonText() {
    }

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /**
     * Python's {@code int(text)}: surrounding whitespace, a sign, decimal digits of any script,
     * single underscores between digits. Returns the narrowest of Integer, Long, BigInteger.
     *
     * @throws NumberFormatException when Python would raise ValueError
     */
    static Number parseInt(String text) {
        String s = strip(text);
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        StringBuilder digits = new StringBuilder(s.length());
        boolean afterDigit = false;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '_' && afterDigit && i < s.length()) {
                afterDigit = false;
                continue;
            }
            int digit = Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER ? Character.digit(cp, 10) : -1;
            if (digit < 0) {
                throw new NumberFormatException("invalid literal for int(): " + text);
            }
            digits.append((char) ('0' + digit));
            afterDigit = true;
        }
        if (!afterDigit) {
            throw new NumberFormatException("invalid literal for int(): " + text);
        }
        BigInteger value = new BigInteger(digits.toString());
        return narrow(negative ? value.negate() : value);
    }

    static Number narrow(BigInteger value) {
        if (value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0) {
            return value.intValue();
        }
        if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            return value.longValue();
        }
        return value;
    }

    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:\\d(?:_?\\d)*(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?");
    private static final Pattern SPECIAL = Pattern.compile("([+-]?)(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

    /**
     * Python's {@code float(text)}: decimal notation with optional underscores between digits,
     * or inf/infinity/nan in any case. No hex floats, no Java type suffixes.
     *
     * @throws NumberFormatException when Python would raise ValueError
     */
    static double parseFloat(String text) {
        String s = asciiDigits(strip(text));
        Matcher special = SPECIAL.matcher(s);
        if (special.matches()) {
            boolean negative = special.group(1).equals("-");
            if (special.group(2).equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!FLOAT.matcher(s).matches()) {
            throw new NumberFormatException("could not convert string to float: " + text);
        }
        return Double.parseDouble(s.replace("_", ""));
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back to the same double
     * (the JDK's Double.toString finds the same digits), laid out the way Python lays them out.
     */
    static String reprFloat(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String sign = (value < 0 || (value == 0 && 1 / value < 0)) ? "-" : "";
        if (value == 0) {
            return sign + "0.0";
        }
        BigDecimal shortest = shortestDecimal(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        // value = 0.<digits> * 10^decpt
        int decpt = digits.length() - shortest.scale();
        StringBuilder out = new StringBuilder(sign);
        if (decpt <= -4 || decpt > 16) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int exponent = decpt - 1;
            out.append('e').append(exponent < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exponent));
            out.append(e.length() < 2 ? "0" + e : e);
        } else if (decpt <= 0) {
            out.append("0.").append("0".repeat(-decpt)).append(digits);
        } else if (decpt >= digits.length()) {
            out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
        } else {
            out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        }
        return out.toString();
    }

    /**
     * The shortest decimal that reads back as {@code value}, the closest one among equals.
     * Double.toString gives that too, except that it never uses fewer than two digits: a
     * two-digit answer is checked for a one-digit decimal that also reads back.
     */
    private static BigDecimal shortestDecimal(double value) {
        BigDecimal java = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (java.precision() != 2) {
            return java;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = java.round(new MathContext(1, mode));
            if (candidate.signum() > 0 && Double.parseDouble(candidate.toString()) == value
                    && (best == null || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = candidate;
            }
        }
        return best == null ? java : best.stripTrailingZeros();
    }

    // time.strptime's own patterns for %Y%m%dT%H:%M:%S, tried in the same order
    private static final Pattern ISO8601 = Pattern.compile(
            "(\\d\\d\\d\\d)(1[0-2]|0[1-9]|[1-9])(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])T"
                    + "(2[0-3]|[0-1]\\d|\\d):([0-5]\\d|\\d):(6[0-1]|[0-5]\\d|\\d)",
            Pattern.CASE_INSENSITIVE);

    /**
     * supervisord's {@code make_datetime}: {@code time.strptime(text, "%Y%m%dT%H:%M:%S")}, which
     * takes the first match of its patterns and then insists that nothing is left over.
     *
     * @throws IllegalArgumentException when Python would raise ValueError
     */
    static LocalDateTime parseDateTime(String text) {
        Matcher m = ISO8601.matcher(text);
        if (!m.lookingAt() || m.end() != text.length()) {
            throw new IllegalArgumentException("time data does not match format: " + text);
        }
        try {
            return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3).strip()), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid date: " + text, e);
        }
    }

    /** Python's {@code datetime.isoformat(timespec='seconds')} without the dashes. */
    static String formatDateTime(LocalDateTime t) {
        if (t.getYear() < 1 || t.getYear() > 9999) {
            throw new IllegalArgumentException("year out of range for XML-RPC: " + t.getYear());
        }
        return String.format("%04d%02d%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    }

    /** Python's str.strip(): also removes the no-break spaces Java does not call whitespace. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
    }

    /** Python's float() accepts decimal digits of any script, like int() does. */
    private static String asciiDigits(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp > 127 && Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                out.append((char) ('0' + Character.digit(cp, 10)));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
