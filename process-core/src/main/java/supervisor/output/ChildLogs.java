package supervisor.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

import supervisor.config.LogTarget;
import supervisor.config.ProcessConfig;
import supervisor.config.SupervisordConfig;
import supervisor.logging.ActivityLog;
import supervisor.logging.AutoLogs;
import supervisor.logging.RotatingFileWriter;

/**
 * A process's stdout and stderr log files. The paths are fixed when the process is created
 * (AUTO files are created empty in childlogdir then, as supervisord does on group activation);
 * the files are open while a child runs, written by its dispatchers on the I/O thread, and
 * closed when it exits.
 */
public final class ChildLogs {
    private final ProcessConfig config;
    private final ActivityLog log;
    private final Path stdoutPath;
    private final Path stderrPath;
    private volatile RotatingFileWriter stdout;
    private volatile RotatingFileWriter stderr;
    /** Bytes written to each channel's log file, over every spawn of this process. */
    private final LongAdder stdoutBytes = new LongAdder();
    private final LongAdder stderrBytes = new LongAdder();

    /** @param settings where AUTO logs go ({@code childlogdir}) and what their names carry ({@code identifier}) */
    public ChildLogs(ProcessConfig config, SupervisordConfig settings, ActivityLog log) {
        this.config = config;
        this.log = log;
        this.stdoutPath = resolve(config.stdout(), "stdout", settings);
        this.stderrPath = config.redirectStderr() ? null : resolve(config.stderr(), "stderr", settings);
    }

    private Path resolve(LogTarget target, String channel, SupervisordConfig settings) {
        return switch (target.kind()) {
            case NONE -> null;
            case FILE -> Path.of(target.path()).toAbsolutePath();
            case AUTO -> createAutoLog(channel, settings);
        };
    }

    private Path createAutoLog(String channel, SupervisordConfig settings) {
        try {
            return AutoLogs.create(Path.of(settings.childlogdir()), config.name(), channel, settings.identifier());
        } catch (IOException e) {
            log.error("could not create AUTO " + channel + " log of " + config.name() + " in "
                    + settings.childlogdir() + ": " + e.getMessage());
            return null;
        }
    }

    /** The stdout log file, or null when there is none (NONE). */
    public Path stdoutPath() {
        return stdoutPath;
    }

    /** The stderr log file, or null when there is none (NONE, or redirect_stderr). */
    public Path stderrPath() {
        return stderrPath;
    }

    /** Opens the files for a new child (appending). */
    public void open() {
        stdout = openWriter("stdout", stdoutPath, config.stdout(), stdoutBytes);
        stderr = openWriter("stderr", stderrPath, config.stderr(), stderrBytes);
    }

    /** Bytes written to the stdout (or stderr) log file since this process was made; any thread. */
    public long writtenBytes(String channel) {
        return (channel.equals("stderr") ? stderrBytes : stdoutBytes).sum();
    }

    private RotatingFileWriter openWriter(String channel, Path path, LogTarget target, LongAdder written) {
        if (path == null) {
            return null;
        }
        try {
            return new RotatingFileWriter(path, target.maxBytes(), target.backups(), written);
        } catch (IOException e) {
            log.error("could not open " + channel + " log of " + config.name() + " at " + path + ": "
                    + e.getMessage());
            return null;
        }
    }

    /** The open stdout file of the running child, or null. */
    public RotatingFileWriter stdout() {
        return stdout;
    }

    /** The open stderr file of the running child, or null. */
    public RotatingFileWriter stderr() {
        return stderr;
    }

    /** Closes the files once the child's output is drained. */
    public void childExited() {
        close(stdout);
        close(stderr);
        stdout = null;
        stderr = null;
    }

    /**
     * clearProcessLogs: deletes and reopens the files that are open. supervisord only clears the
     * logs of a running process (the only time its handlers are open); so do we.
     */
    public void clear() throws IOException {
        for (RotatingFileWriter w : new RotatingFileWriter[] {stdout, stderr}) {
            if (w != null) {
                w.clear();
            }
        }
    }

    /** SIGUSR2: reopens the open files, for external log rotation. */
    public void reopen() throws IOException {
        for (RotatingFileWriter w : new RotatingFileWriter[] {stdout, stderr}) {
            if (w != null) {
                w.reopen();
            }
        }
    }

    /** Removes AUTO log files (at shutdown, unless nocleanup, or with the group) and closes everything. */
    public void removeAutoLogs() {
        childExited();
        if (config.stdout().kind() == LogTarget.Kind.AUTO) {
            deleteQuietly(stdoutPath);
        }
        if (!config.redirectStderr() && config.stderr().kind() == LogTarget.Kind.AUTO) {
            deleteQuietly(stderrPath);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a log file that cannot be removed is left behind, as supervisord leaves it
            }
        }
    }

    private void close(RotatingFileWriter w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                log.warn("could not close " + w.path() + ": " + e.getMessage());
            }
        }
    }
}
