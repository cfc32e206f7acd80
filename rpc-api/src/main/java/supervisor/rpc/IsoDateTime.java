package supervisor.rpc;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of {@code <dateTime.iso8601>} as supervisord reads it ({@code time.strptime}) and
 * writes it. Python's other number and text rules live in {@code supervisor.python}.
 */
final class IsoDateTime {
    private IsoDateTime() {
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
    static LocalDateTime parse(String text) {
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
    static String format(LocalDateTime t) {
        if (t.getYear() < 1 || t.getYear() > 9999) {
            throw new IllegalArgumentException("year out of range for XML-RPC: " + t.getYear());
        }
        return String.format("%04d%02d%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    }
}
