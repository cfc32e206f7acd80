package supervisor.config;

import java.util.Locale;

/** supervisord's log levels, with the numeric values and four-letter tags of its main log. */
public enum LogLevel {
    CRITICAL(50, "CRIT"),
    ERROR(40, "ERRO"),
    WARN(30, "WARN"),
    INFO(20, "INFO"),
    DEBUG(10, "DEBG"),
    TRACE(5, "TRAC"),
    BLATHER(3, "BLAT");

    public final int value;
    public final String tag;

    LogLevel(int value, String tag) {
        this.value = value;
        this.tag = tag;
    }

    /** True when a message at {@code level} is written by a logger set to this level. */
    public boolean allows(LogLevel level) {
        return level.value >= value;
    }

    /** Parses a {@code loglevel=} value; null when it is not a level name. */
    public static LogLevel parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "critical" -> CRITICAL;
            case "error" -> ERROR;
            case "warn" -> WARN;
            case "info" -> INFO;
            case "debug" -> DEBUG;
            case "trace" -> TRACE;
            case "blather" -> BLATHER;
            default -> null;
        };
    }
}
