package supervisor.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import supervisor.config.LogLevel;
import supervisor.config.LogTarget;
import supervisor.config.ProcessConfig;
import supervisor.events.CaptureMode;
import supervisor.events.Event;
import supervisor.logging.AnsiStripper;
import supervisor.logging.AutoLogs;
import supervisor.logging.ChildOutputMessage;
import supervisor.logging.RotatingFileWriter;
import supervisor.posix.OutputSink;
import supervisor.python.PyBytes;
import supervisor.python.PyStr;

/**
 * A process's stdout and stderr log files. The paths are fixed when the process is created
 * (AUTO files are created empty in childlogdir then, as supervisord does on group activation);
 * the files are open while a child runs, written by the I/O thread, and closed when it exits.
 */
public final class ChildLogs {
    private final Supervisor supervisor;
    private final Subprocess process;
    private final ProcessConfig config;
    private final Path stdoutPath;
    private final Path stderrPath;
    private volatile Channel stdout;
    private volatile Channel stderr;

    ChildLogs(Supervisor supervisor, Subprocess process, ProcessConfig config) {
        this.supervisor = supervisor;
        this.process = process;
        this.config = config;
        this.stdoutPath = resolve(config.stdout(), "stdout");
        this.stderrPath = config.redirectStderr() ? null : resolve(config.stderr(), "stderr");
    }

    private Path resolve(LogTarget target, String channel) {
        return switch (target.kind()) {
            case NONE -> null;
            case FILE -> Path.of(target.path()).toAbsolutePath();
            case AUTO -> createAutoLog(channel);
        };
    }

    private Path createAutoLog(String channel) {
        var sd = supervisor.config().supervisord();
        try {
            return AutoLogs.create(Path.of(sd.childlogdir()), config.name(), channel, sd.identifier());
        } catch (IOException e) {
            supervisor.log().error("could not create AUTO " + channel + " log of " + config.name() + " in "
                    + sd.childlogdir() + ": " + e.getMessage());
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
    void open() {
        stdout = new Channel("stdout", stdoutPath, config.stdout());
        stderr = new Channel("stderr", stderrPath, config.stderr());
    }

    OutputSink stdoutSink() {
        return stdout;
    }

    OutputSink stderrSink() {
        return stderr;
    }

    /** Closes the files once the child's output is drained. */
    void childExited() {
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
        for (Channel c : new Channel[] {stdout, stderr}) {
            if (c != null && c.writer != null) {
                c.writer.clear();
            }
        }
    }

    /** SIGUSR2: reopens the open files, for external log rotation. */
    public void reopen() throws IOException {
        for (Channel c : new Channel[] {stdout, stderr}) {
            if (c != null && c.writer != null) {
                c.writer.reopen();
            }
        }
    }

    /** Removes AUTO log files (at shutdown, unless nocleanup) and closes everything. */
    void removeAutoLogs() {
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

    private void close(Channel c) {
        if (c != null && c.writer != null) {
            try {
                c.writer.close();
            } catch (IOException e) {
                supervisor.log().warn("could not close " + c.writer.path() + ": " + e.getMessage());
            }
        }
    }

    /**
     * One output stream of the child: called on the I/O thread for every chunk it writes. Work
     * on process state (events, the listener protocol) is handed to the loop, in order; the
     * child's exit is handled there only after all of its output.
     */
    private final class Channel implements OutputSink {
        private final String name;
        private final RotatingFileWriter writer;
        private final boolean stripAnsi;
        private final boolean eventsEnabled;
        /** An event listener's stdout carries the listener protocol. */
        private final boolean protocol;
        /** Capture mode, or null when *_capture_maxbytes is 0. */
        private final CaptureMode capture;

        Channel(String name, Path path, LogTarget target) {
            this.name = name;
            RotatingFileWriter w = null;
            if (path != null) {
                try {
                    w = new RotatingFileWriter(path, target.maxBytes(), target.backups());
                } catch (IOException e) {
                    supervisor.log().error("could not open " + name + " log of " + process.name() + " at "
                            + path + ": " + e.getMessage());
                }
            }
            this.writer = w;
            this.stripAnsi = supervisor.config().supervisord().stripAnsi();
            this.protocol = name.equals("stdout") && process.group().pool() != null;
            this.eventsEnabled = !protocol && target.eventsEnabled();
            this.capture = !protocol && target.captureMaxBytes() > 0
                    ? new CaptureMode(target.captureMaxBytes(), new CaptureMode.Output() {
                        @Override
                        public void log(byte[] data) {
                            record(data, 0, data.length);
                        }

                        @Override
                        public void captured(byte[] data) {
                            supervisor.loop().execute(() -> supervisor.notify(Event.processCommunication(name,
                                    process.name(), process.group().name(), process.pid(), data)));
                            supervisor.log().debug(PyStr.repr(process.name()) + " " + name + " emitted a comm event");
                        }
                    })
                    : null;
        }

        @Override
        public void output(byte[] buf, int off, int len) {
            if (protocol) {
                listenerOutput(buf, off, len);
            } else if (capture != null) {
                capture.feed(buf, off, len);
            } else {
                record(buf, off, len);
            }
        }

        /** A chunk for the logger: the log file (or the capture buffer), the main log, the PROCESS_LOG event. */
        private void record(byte[] buf, int off, int len) {
            byte[] data = buf;
            int o = off, n = len;
            if (stripAnsi) {
                data = AnsiStripper.strip(buf, off, len);
                o = 0;
                n = data.length;
            }
            if (capture != null && capture.capturing()) {
                capture.store(Arrays.copyOfRange(data, o, o + n));
            } else {
                write(data, o, n);
            }
            if (supervisor.log().enabled(LogLevel.DEBUG)) {
                supervisor.log().debug(ChildOutputMessage.format(process.name(), name, data, o, n));
            }
            if (eventsEnabled) {
                byte[] copy = Arrays.copyOfRange(data, o, o + n);
                supervisor.loop().execute(() -> supervisor.notify(Event.processLog(name, process.name(),
                        process.group().name(), process.pid(), copy)));
            }
        }

        /**
         * A listener's stdout: logged raw to the main log at debug (as bytes, like supervisord),
         * written to its log file if any, and fed to the protocol on the loop.
         */
        private void listenerOutput(byte[] buf, int off, int len) {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            if (supervisor.log().enabled(LogLevel.DEBUG)) {
                supervisor.log().debug(PyStr.repr(process.name()) + " " + name + " output:\n"
                        + PyBytes.repr(copy, 0, copy.length));
            }
            if (stripAnsi) {
                byte[] stripped = AnsiStripper.strip(copy, 0, copy.length);
                write(stripped, 0, stripped.length);
            } else {
                write(copy, 0, copy.length);
            }
            supervisor.loop().execute(() -> process.listenerOutput(copy));
        }

        private void write(byte[] data, int off, int len) {
            if (writer != null) {
                try {
                    writer.write(data, off, len);
                } catch (IOException e) {
                    supervisor.log().error("could not write " + name + " log of " + process.name() + ": "
                            + e.getMessage());
                }
            }
        }
    }
}
