package supervisor.server.logging;

import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;

/**
 * The daemon's one logging path for what is not handed a log explicitly: libraries that log
 * through SLF4J (Jetty), and threads that die of an uncaught exception. Both reach the activity
 * log of the supervisor that is running; between two lives of the supervisor (and before the
 * first), failures go to standard error instead of vanishing.
 */
public final class ActivityLogRoute {
    private static volatile ActivityLog current;

    private ActivityLogRoute() {
    }

    /** From now on library messages and uncaught exceptions go to {@code log}. */
    public static void install(ActivityLog log) {
        current = log;
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) ->
                log(LogLevel.CRITICAL, "uncaught exception in thread " + thread.getName() + ": ", failure));
    }

    /** The log is closing: back to standard error. */
    public static void uninstall() {
        current = null;
    }

    /** Writes to the current activity log, or to standard error when there is none. */
    static void log(LogLevel level, String message, Throwable failure) {
        ActivityLog log = current;
        if (log != null) {
            if (failure == null) {
                log.log(level, message);
            } else {
                log.log(level, message, failure);
            }
        } else if (LogLevel.WARN.allows(level) || failure != null) {
            System.err.println(level.tag + " " + message + (failure == null ? "" : ActivityLog.stackTrace(failure)));
        }
    }

    static boolean enabled(LogLevel level) {
        ActivityLog log = current;
        return log != null ? log.enabled(level) : LogLevel.WARN.allows(level);
    }
}
