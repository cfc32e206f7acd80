package supervisor.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import supervisor.testing.Poll;
import supervisor.testing.ReferencePython;

/**
 * One running supervisord (either implementation) on a {@link SupervisorConf}. It runs in its own
 * session and process group (setsid), so that whatever happens it can be killed as a whole.
 * {@link #close()} shuts it down the way users do (supervisorctl shutdown), escalates only if that
 * fails, and then asserts that nothing it started is still alive and its socket and pid file are gone.
 */
public final class Supervisord implements AutoCloseable {

    /** First start of OURS may build the project, hence a generous default. */
    static final Duration START_DEADLINE = Duration.ofSeconds(Long.getLong("compat.startSeconds", 180));
    static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final Implementation impl;
    private final SupervisorConf conf;
    private final Process process;
    private final Path output;
    private final Probe probe;

    private Supervisord(Implementation impl, SupervisorConf conf, Process process, Path output) {
        this.impl = impl;
        this.conf = conf;
        this.process = process;
        this.output = output;
        this.probe = new Probe(conf);
    }

    /** Writes the config, starts the daemon and returns once it answers on its unix socket. */
    public static Supervisord start(Implementation impl, SupervisorConf conf) {
        return start(impl, conf, List.of(), Map.of());
    }

    /** Like {@link #start(Implementation, SupervisorConf)}, with {@code env} added to the daemon's environment. */
    public static Supervisord start(Implementation impl, SupervisorConf conf, Map<String, String> env) {
        return start(impl, conf, List.of(), env);
    }

    /**
     * Like {@link #start(Implementation, SupervisorConf)}, with the daemon's command run by
     * {@code wrapper} (a command that runs the rest of its arguments, e.g. in namespaces of its
     * own) and with {@code env} added to its environment.
     */
    public static Supervisord start(Implementation impl, SupervisorConf conf, List<String> wrapper,
                                    Map<String, String> env) {
        Path file = conf.write();
        Path output = conf.dir().resolve("daemon.out");
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(wrapper);
        if (conf.openFiles() > 0) {
            // prlimit execs the daemon: its pid stays the one started here
            argv.addAll(List.of("prlimit", "--nofile=" + conf.openFiles() + ":" + conf.openFiles()));
        }
        argv.addAll(impl.command(file));
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(conf.dir().toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
        Supervisord d = new Supervisord(impl, conf, p, output);
        try {
            Poll.until(START_DEADLINE, impl + " supervisord to answer on " + conf.socket(),
                    () -> {
                        if (!p.isAlive()) {
                            throw new AssertionError(impl + " supervisord exited with " + p.exitValue()
                                    + " during start-up:\n" + d.output());
                        }
                        return d.probe.answers();
                    });
        } catch (RuntimeException | AssertionError e) {
            d.kill();
            throw e;
        }
        return d;
    }

    /** Runs a daemon that is expected to refuse to start (bad config); returns its exit and output. */
    public static ExecResult runToExit(Implementation impl, SupervisorConf conf, Duration timeout) {
        Path file = conf.write();
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(impl.command(file));
        return HostRunner.INSTANCE.run(timeout, argv);
    }

    public Implementation implementation() {
        return impl;
    }

    public SupervisorConf conf() {
        return conf;
    }

    public Probe probe() {
        return probe;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the daemon wrote to stdout/stderr so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits until the daemon process has exited by itself; returns its exit status. */
    public int awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(impl + " supervisord still running after " + deadline + "\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    /** Polls until the named process reports {@code state} (e.g. "RUNNING", "FATAL"). */
    public void awaitState(String namespec, String state, Duration deadline) {
        Poll.until(deadline, namespec + " to be " + state, () -> probe.statename(namespec), state::equals);
    }

    @Override
    public void close() {
        // Everything the daemon started, captured before asking it to go (after, they would be orphans).
        List<ProcessHandle> started = process.descendants().toList();
        List<String> problems = new ArrayList<>();
        if (process.isAlive()) {
            List<String> argv = new ArrayList<>(List.of(ReferencePython.SUPERVISORCTL.toString(), "-c",
                    conf.file().toString()));
            if (conf.username() != null) {
                argv.addAll(List.of("-u", conf.username(), "-p", conf.password()));
            }
            argv.add("shutdown");
            ExecResult r = HostRunner.INSTANCE.run(STOP_DEADLINE, argv);
            try {
                if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    problems.add("did not exit within " + STOP_DEADLINE + " of " + r);
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle h : started) {
            // The daemon waits for its children before exiting, so survivors are a real leak; still
            // give the kernel a moment to finish tearing them down before calling them one.
            try {
                Poll.until(Duration.ofSeconds(5), "pid " + h.pid() + " to end", () -> !h.isAlive());
            } catch (AssertionError e) {
                survivors.add(h);
                h.destroyForcibly();
            }
        }
        if (!survivors.isEmpty()) {
            problems.add("left running: " + survivors.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList());
        }
        if (Files.exists(conf.socket())) {
            problems.add("socket left behind: " + conf.socket());
        }
        if (Files.exists(conf.pidfile())) {
            problems.add("pid file left behind: " + conf.pidfile());
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(impl + " supervisord did not shut down cleanly: " + String.join("; ", problems)
                    + "\n--- daemon output ---\n" + output());
        }
    }

    /** Last resort: TERM, then KILL, to the daemon's whole process group (it is the group leader). */
    private void kill() {
        String group = "-" + process.pid();
        HostRunner.INSTANCE.run(Duration.ofSeconds(5), List.of("kill", "-TERM", "--", group));
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                HostRunner.INSTANCE.run(Duration.ofSeconds(5), List.of("kill", "-KILL", "--", group));
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
