package supervisor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import supervisor.python.PyStr;

/**
 * supervisord's {@code expand()}: Python {@code %}-formatting of a config value with a mapping of
 * names ({@code %(name)s}, {@code %(process_num)02d}, {@code %%}), and its two error messages.
 * Values in the mapping are Strings or Integers (process_num, numprocs).
 */
public final class Expansion {
    private Expansion() {
    }

    /**
     * Expands {@code value}. {@code where} names it in messages ({@code program:x.command},
     * or a bare key for the second expansions supervisord does).
     */
    public static String expand(String value, Map<String, ?> names, String where) throws ConfigException {
        try {
            return format(value, names);
        } catch (MissingName e) {
            List<String> available = new ArrayList<>(names.keySet());
            available.sort(null);
            throw new ConfigException("Format string " + PyStr.repr(value) + " for " + PyStr.repr(where)
                    + " contains names (" + PyStr.repr(e.getMessage()) + ") which cannot be expanded. "
                    + "Available names: " + String.join(", ", available));
        } catch (BadFormat e) {
            throw new ConfigException("Format string " + PyStr.repr(value) + " for " + PyStr.repr(where)
                    + " is badly formatted: " + e.getMessage());
        }
    }

    /** A {@code %(name)} the mapping lacks (Python's KeyError); the message is the name. */
    static final class MissingName extends Exception {
        MissingName(String name) {
            super(name, null, false, false);
        }
    }

    /** Any other formatting error, with Python's message. */
    static final class BadFormat extends Exception {
        BadFormat(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code fmt % names} as CPython's {@code PyUnicode_Format} does it for a mapping argument. */
    static String format(String fmt, Map<String, ?> names) throws MissingName, BadFormat {
        StringBuilder out = new StringBuilder();
        int n = fmt.length();
        // Python's argument cursor: the mapping itself may be consumed once by a key-less %s
        Object arg = names;
        boolean argUsed = false;
        int i = 0;
        while (i < n) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= n) {
                throw new BadFormat("incomplete format");
            }
            if (fmt.charAt(i) == '%') {
                out.append('%');
                i++;
                continue;
            }
            if (fmt.charAt(i) == '(') {
                int depth = 1;
                int keyStart = ++i;
                while (depth > 0 && i < n) {
                    char k = fmt.charAt(i++);
                    if (k == ')') {
                        depth--;
                    } else if (k == '(') {
                        depth++;
                    }
                }
                if (depth > 0) {
                    throw new BadFormat("incomplete format key");
                }
                String key = fmt.substring(keyStart, i - 1);
                if (!names.containsKey(key)) {
                    throw new MissingName(key);
                }
                arg = names.get(key);
                argUsed = false;
            }
            Spec spec = new Spec();
            char ch;
            while (true) {
                if (i >= n) {
                    throw new BadFormat("incomplete format");
                }
                ch = fmt.charAt(i++);
                if (ch == '-') {
                    spec.leftJustify = true;
                } else if (ch == '+') {
                    spec.sign = true;
                } else if (ch == ' ') {
                    spec.blank = true;
                } else if (ch == '#') {
                    spec.alternate = true;
                } else if (ch == '0') {
                    spec.zero = true;
                } else {
                    break;
                }
            }
            if (ch == '*') {
                throw new BadFormat("* wants int");
            } else if (ch >= '0' && ch <= '9') {
                spec.width = ch - '0';
                ch = 0;
                while (i < n) {
                    ch = fmt.charAt(i++);
                    if (ch < '0' || ch > '9') {
                        break;
                    }
                    spec.width = moreDigits(spec.width, ch, "width");
                    ch = 0;
                }
            }
            if (ch == '.') {
                spec.precision = 0;
                ch = 0;
                if (i < n) {
                    ch = fmt.charAt(i++);
                }
                if (ch == '*') {
                    throw new BadFormat("* wants int");
                } else if (ch >= '0' && ch <= '9') {
                    spec.precision = ch - '0';
                    ch = 0;
                    while (i < n) {
                        ch = fmt.charAt(i++);
                        if (ch < '0' || ch > '9') {
                            break;
                        }
                        spec.precision = moreDigits(spec.precision, ch, "precision");
                        ch = 0;
                    }
                }
            }
            if (ch == 'h' || ch == 'l' || ch == 'L') {
                ch = i < n ? fmt.charAt(i++) : 0;
            }
            if (ch == 0) {
                throw new BadFormat("incomplete format");
            }
            if (argUsed) {
                throw new BadFormat("not enough arguments for format string");
            }
            argUsed = true;
            out.append(convert(ch, arg, spec, i - 1));
        }
        return out.toString();
    }

    private static final class Spec {
        boolean leftJustify, sign, blank, alternate, zero;
        long width = -1, precision = -1;
    }

    /**
     * The longest padding or run of digits one conversion builds. Python builds whatever fits in
     * memory and raises MemoryError past that (supervisord then says the format string is badly
     * formatted, with MemoryError's empty message). A megabyte of padding is no path or command
     * anyone means, and building more would exhaust the daemon's small heap: it gets that message.
     */
    static final long MAX_BUILT = 1 << 20;

    /** A width or precision with one more digit; Python refuses one beyond Py_ssize_t. */
    private static long moreDigits(long value, char digit, String what) throws BadFormat {
        int d = digit - '0';
        if (value > (Long.MAX_VALUE - d) / 10) {
            throw new BadFormat(what + " too big");
        }
        return value * 10 + d;
    }

    private static int built(long length) throws BadFormat {
        if (length > MAX_BUILT) {
            throw new BadFormat(""); // Python's MemoryError
        }
        return (int) length;
    }

    private static String convert(char ch, Object arg, Spec spec, int index) throws BadFormat {
        return switch (ch) {
            case 's', 'r', 'a' -> {
                String s = switch (ch) {
                    case 's' -> str(arg);
                    default -> repr(arg, ch == 'a');
                };
                if (spec.precision >= 0 && spec.precision < s.length()) {
                    s = s.substring(0, (int) spec.precision);
                }
                yield pad(s, spec);
            }
            case 'd', 'i', 'u', 'o', 'x', 'X' -> {
                if (!(arg instanceof Integer || arg instanceof Long)) {
                    yield fail(ch == 'o' || ch == 'x' || ch == 'X'
                            ? "%" + ch + " format: an integer is required, not " + typeName(arg)
                            : "%" + ch + " format: a real number is required, not " + typeName(arg));
                }
                yield formatInteger(((Number) arg).longValue(), ch, spec);
            }
            case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                if (!(arg instanceof Integer || arg instanceof Long)) {
                    yield fail("must be real number, not " + typeName(arg));
                }
                yield formatFloat(((Number) arg).doubleValue(), ch, spec);
            }
            case 'c' -> {
                if (arg instanceof String s && s.codePointCount(0, s.length()) == 1) {
                    yield pad(s, spec);
                }
                if (arg instanceof Number num) {
                    long v = num.longValue();
                    if (v < 0 || v > 0x10ffff) {
                        yield fail("%c arg not in range(0x110000)");
                    }
                    yield pad(new String(Character.toChars((int) v)), spec);
                }
                yield fail("%c requires int or char");
            }
            default -> fail(String.format("unsupported format character '%c' (0x%x) at index %d",
                    ch >= 32 && ch < 127 ? ch : '?', (int) ch, index));
        };
    }

    private static String fail(String message) throws BadFormat {
        throw new BadFormat(message);
    }

    private static String typeName(Object arg) {
        return arg instanceof String ? "str" : arg instanceof Number ? "int" : "dict";
    }

    private static String str(Object arg) {
        if (arg instanceof Map<?, ?> map) {
            return dictRepr(map);
        }
        return String.valueOf(arg);
    }

    private static String repr(Object arg, boolean ascii) {
        if (arg instanceof String s) {
            String r = PyStr.repr(s);
            if (!ascii) {
                return r;
            }
            StringBuilder b = new StringBuilder();
            r.codePoints().forEach(c -> b.append(c < 0x80 ? Character.toString(c)
                    : c <= 0xff ? String.format("\\x%02x", c)
                    : c <= 0xffff ? String.format("\\u%04x", c) : String.format("\\U%08x", c)));
            return b.toString();
        }
        return str(arg);
    }

    private static String dictRepr(Map<?, ?> map) {
        List<String> items = new ArrayList<>();
        map.forEach((k, v) -> items.add(repr(k, false) + ": " + repr(v, false)));
        return "{" + String.join(", ", items) + "}";
    }

    private static String formatInteger(long v, char ch, Spec spec) throws BadFormat {
        String digits = switch (ch) {
            case 'o' -> Long.toOctalString(Math.abs(v));
            case 'x' -> Long.toHexString(Math.abs(v));
            case 'X' -> Long.toHexString(Math.abs(v)).toUpperCase(java.util.Locale.ROOT);
            default -> Long.toString(Math.abs(v));
        };
        if (spec.precision > digits.length()) {
            digits = "0".repeat(built(spec.precision) - digits.length()) + digits;
        }
        String prefix = v < 0 ? "-" : spec.sign ? "+" : spec.blank ? " " : "";
        if (spec.alternate) {
            prefix += switch (ch) {
                case 'o' -> "0o";
                case 'x' -> "0x";
                case 'X' -> "0X";
                default -> "";
            };
        }
        return padNumber(prefix, digits, spec);
    }

    private static String formatFloat(double v, char ch, Spec spec) throws BadFormat {
        int precision = spec.precision < 0 ? 6 : built(spec.precision);
        String body = switch (ch) {
            case 'f', 'F' -> String.format(java.util.Locale.ROOT, "%." + precision + "f", Math.abs(v));
            case 'e', 'E' -> String.format(java.util.Locale.ROOT, "%." + precision + "e", Math.abs(v));
            default -> {
                // %g: shortest of %e/%f at the given significance, trailing zeros removed
                int p = precision == 0 ? 1 : precision;
                java.math.BigDecimal d = new java.math.BigDecimal(Math.abs(v))
                        .round(new java.math.MathContext(p));
                int exp = d.precision() - d.scale() - 1;
                String s = exp < -4 || exp >= p
                        ? String.format(java.util.Locale.ROOT, "%." + (p - 1) + "e", Math.abs(v))
                        : d.toPlainString();
                if (!spec.alternate && s.contains(".") && !s.contains("e")) {
                    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
                }
                yield s;
            }
        };
        if (Character.isUpperCase(ch)) {
            body = body.toUpperCase(java.util.Locale.ROOT);
        }
        String prefix = v < 0 ? "-" : spec.sign ? "+" : spec.blank ? " " : "";
        return padNumber(prefix, body, spec);
    }

    private static String padNumber(String prefix, String digits, Spec spec) throws BadFormat {
        int len = prefix.length() + digits.length();
        if (spec.width > len && spec.zero && !spec.leftJustify) {
            return prefix + "0".repeat(built(spec.width) - len) + digits;
        }
        return pad(prefix + digits, spec);
    }

    private static String pad(String s, Spec spec) throws BadFormat {
        int len = s.codePointCount(0, s.length());
        if (spec.width <= len) {
            return s;
        }
        String fill = " ".repeat(built(spec.width) - len);
        return spec.leftJustify ? s + fill : fill + s;
    }
}
