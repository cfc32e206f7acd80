package supervisor.logging;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import supervisor.config.LogLevel;

/**
 * One activity log line for {@code logfile_format=json} (beyond.md): a JSON object on one line,
 * {@code {"time": ..., "level": ..., "message": ..., "process": ...}}. The time is ISO 8601 in
 * local time with milliseconds and the offset ({@code 2026-11-21T06:39:50.591+01:00}); the level
 * is the four-letter tag of the plain format (CRIT, ERRO, WARN, INFO, DEBG, TRAC, BLAT), so one
 * filter serves both; {@code process} (the namespec) is there only when the line is about one
 * process. Quotes, backslashes and every control character are escaped, so a message of many
 * lines (a stack trace) stays one object on one line.
 */
final class JsonLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonLine() {
    }

    /** The object and its newline. */
    static String format(ZonedDateTime when, LogLevel level, String process, String message) {
        StringBuilder b = new StringBuilder(64 + message.length());
        b.append("{\"time\": \"").append(TIME.format(when)).append("\", \"level\": \"").append(level.tag)
                .append("\", \"message\": ");
        string(b, message);
        if (process != null) {
            b.append(", \"process\": ");
            string(b, process);
        }
        return b.append("}\n").toString();
    }

    /** A JSON string literal (RFC 8259): the two characters that must be escaped, and C0 controls. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
