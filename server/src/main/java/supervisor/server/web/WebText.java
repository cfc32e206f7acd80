package supervisor.server.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The small text conversions the web UI shares with supervisord's: Python's URL quoting and
 * unquoting, HTML escaping, and C's ctime(), so that links and redirect messages come out
 * byte for byte the same.
 */
final class WebText {
    private WebText() {
    }

    /**
     * Python's {@code urllib.parse.quote(s)}: UTF-8 bytes, letters, digits, {@code _.-~} and
     * {@code /} kept, everything else (the {@code :} of a namespec included) as {@code %XX}.
     */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length());
        HexFormat hex = HexFormat.of().withUpperCase();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(hex.toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    /**
     * Python's {@code unquote_plus}: {@code +} is a space, {@code %XX} a byte, a {@code %} not
     * followed by two hex digits stays as it is; the bytes are read as UTF-8, bad ones replaced.
     */
    static String unquotePlus(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%' && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
                bytes.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    /** Text for an element's content or a double-quoted attribute. */
    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (entity != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /** C's ctime() without the newline, e.g. {@code Sat Nov  1 06:30:02 2026}. */
    static String ctime(ZonedDateTime t) {
        return String.format(Locale.ROOT, "%s %s %2d %02d:%02d:%02d %d",
                t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getYear());
    }
}
