package supervisor.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import supervisor.config.LogLevel;
import supervisor.config.SupervisordConfig;

/**
 * supervisord's main ("activity") log: lines of the form
 * {@code 2026-11-21 06:39:50,591 INFO spawned: 'x' with pid 27349} in local time, written to
 * {@code logfile} (rotated by {@code logfile_maxbytes}/{@code logfile_backups}) and, when
 * supervisord runs in the foreground without {@code silent}, echoed to its standard output.
 *
 * <p>{@code logfile=syslog} writes no file: each line goes to the local syslog instead, as
 * supervisord sends it (see {@link Syslog}).
 *
 * <p>{@code logfile_format=json} (an extension, beyond.md) writes each line as one JSON object
 * instead (see {@link JsonLine}), to the file and the echo alike; call sites that speak of one
 * process name it with {@link #logAbout}, so it need not be parsed out of the message. Syslog
 * keeps the plain format: it stamps its own time.
 *
 * <p>Thread-safe: every line is formatted and written under one lock, so the file and the echo
 * see the same lines in the same order, with non-decreasing timestamps.
 */
public final class ActivityLog implements AutoCloseable {

    /** The {@code logfile=} value that means "no file, use syslog". */
    public static final String SYSLOG = "syslog";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private final LogLevel level;
    private final RotatingFileWriter file;
    private final OutputStream echo;
    /** Where the lines go instead of a file with {@code logfile=syslog}, else null. */
    private final Syslog syslog;
    private final ZoneId zone = ZoneId.systemDefault();
    /** {@code logfile_format=json}. */
    private final boolean json;

    private ActivityLog(LogLevel level, RotatingFileWriter file, OutputStream echo, Syslog syslog, boolean json) {
        this.level = Objects.requireNonNull(level);
        this.file = file;
        this.echo = echo;
        this.syslog = syslog;
        this.json = json;
    }

    /**
     * The log supervisord opens once its configuration is known.
     *
     * @param logfile  a path, or {@link #SYSLOG} for the local syslog
     * @param maxBytes {@code logfile_maxbytes}; 0 never rotates
     * @param backups  {@code logfile_backups}
     * @param echo     where to copy every line (supervisord uses its stdout), or null for no copy
     */
    public static ActivityLog open(String logfile, long maxBytes, int backups, LogLevel level,
                                   OutputStream echo) throws IOException {
        return open(logfile, maxBytes, backups, level, echo, false);
    }

    /** As above; {@code json}: {@code logfile_format=json}. */
    public static ActivityLog open(String logfile, long maxBytes, int backups, LogLevel level,
                                   OutputStream echo, boolean json) throws IOException {
        if (SYSLOG.equals(logfile)) {
            return new ActivityLog(level, null, echo, Syslog.local(), json);
        }
        return new ActivityLog(level, new RotatingFileWriter(Path.of(logfile), maxBytes, backups), echo, null, json);
    }

    /** The log as {@code [supervisord]} configures it: echo to stdout when nodaemon and not silent. */
    public static ActivityLog open(SupervisordConfig config) throws IOException {
        OutputStream echo = config.nodaemon() && !config.silent() ? standardOutput() : null;
        return open(config.logfile(), config.logfileMaxbytes(), config.logfileBackups(),
                config.loglevel(), echo, config.logfileJson());
    }

    /** A log with no file, for messages before the configuration is read. */
    public static ActivityLog console(LogLevel level, OutputStream out) {
        return new ActivityLog(level, null, Objects.requireNonNull(out), null, false);
    }

    /** Like {@link #console(LogLevel, OutputStream)} on the process's standard error. */
    public static ActivityLog stderr(LogLevel level) {
        return console(level, new FileOutputStream(FileDescriptor.err));
    }

    /** The process's standard output as raw bytes (closing it leaves fd 1 open). */
    public static OutputStream standardOutput() {
        return new FileOutputStream(FileDescriptor.out);
    }

    public LogLevel level() {
        return level;
    }

    public boolean enabled(LogLevel messageLevel) {
        return level.allows(messageLevel);
    }

    /** The log file, or null when there is none (syslog, console). */
    public Path file() {
        return file == null ? null : file.path();
    }

    public void critical(String message) {
        log(LogLevel.CRITICAL, message);
    }

    public void error(String message) {
        log(LogLevel.ERROR, message);
    }

    public void warn(String message) {
        log(LogLevel.WARN, message);
    }

    public void info(String message) {
        log(LogLevel.INFO, message);
    }

    public void debug(String message) {
        log(LogLevel.DEBUG, message);
    }

    public void trace(String message) {
        log(LogLevel.TRACE, message);
    }

    public void blather(String message) {
        log(LogLevel.BLATHER, message);
    }

    /**
     * An internal error: the message, then the stack trace on the lines that follow, as
     * supervisord logs a Python traceback. Never throws.
     */
    public void log(LogLevel messageLevel, String message, Throwable failure) {
        if (enabled(messageLevel)) {
            log(messageLevel, message + stackTrace(failure));
        }
    }

    /** A failure's stack trace as text, without the final line break. */
    public static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString().stripTrailing();
    }

    /** Writes one line when {@code messageLevel} passes the configured level. Never throws. */
    public void log(LogLevel messageLevel, String message) {
        logAbout(messageLevel, null, message);
    }

    /**
     * As {@link #log(LogLevel, String)} for a line about one process, named by its namespec:
     * the JSON format gives it as {@code process}; the plain line is the same as without it.
     */
    public void logAbout(LogLevel messageLevel, String process, String message) {
        if (!enabled(messageLevel)) {
            return;
        }
        synchronized (this) {
            Instant now = Instant.now();
            byte[] line = json ? JsonLine.format(now.atZone(zone), messageLevel, process, message)
                    .getBytes(StandardCharsets.UTF_8) : format(now, messageLevel, message);
            if (echo != null) {
                try {
                    echo.write(line);
                    echo.flush();
                } catch (IOException ignored) {
                    // a closed terminal or pipe must not stop supervising
                }
            }
            if (file != null) {
                try {
                    file.write(line);
                } catch (IOException e) {
                    reportFailure(e);
                }
            }
            if (syslog != null) {
                // supervisord's SyslogHandler: the same format, one message per line of the message
                syslog.sendLines(TIMESTAMP.format(now.atZone(zone)) + ' ' + messageLevel.tag + ' ', message, "\n");
            }
        }
    }

    /** One line in supervisord's format, newline included, UTF-8 encoded. */
    byte[] format(Instant when, LogLevel messageLevel, String message) {
        String text = TIMESTAMP.format(when.atZone(zone)) + ' ' + messageLevel.tag + ' '
                + message + '\n';
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Closes and reopens the file (SIGUSR2), logging {@code supervisord logreopen} first. */
    public void reopen() throws IOException {
        synchronized (this) {
            info("supervisord logreopen");
            if (file != null) {
                file.reopen();
            }
        }
    }

    /**
     * clearLog: deletes the file and starts a new one. Like supervisord, the
     * {@code reopening log file} notice is written before the new file exists, so the new file
     * starts empty. Throws when the file cannot be removed (the caller's FAILED fault); the
     * caller checks first that the file exists (NO_FILE).
     */
    public void clear() throws IOException {
        if (file == null) {
            return;
        }
        synchronized (this) {
            Files.deleteIfExists(file.path());
            info("reopening log file");
            file.reopen();
        }
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    private static void reportFailure(IOException e) {
        // supervisord prints a traceback on stderr and carries on; so do we, in one line
        PrintStream err = System.err;
        err.println("activity log write failed: " + e);
    }
}
