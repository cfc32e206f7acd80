package supervisor.process;

import java.nio.charset.StandardCharsets;

import supervisor.check.LineWatch;
import supervisor.check.Readiness;
import supervisor.config.AutoRestart;
import supervisor.config.LogLevel;
import supervisor.config.ProcessConfig;
import supervisor.events.Event;
import supervisor.events.EventListenerPool;
import supervisor.events.ListenerProtocol;
import supervisor.intent.Intent;
import supervisor.logging.ActivityLog;
import supervisor.output.ChildLogs;
import supervisor.output.OutputContext;
import supervisor.output.OutputDispatcher;
import supervisor.posix.Child;
import supervisor.posix.OutputSink;
import supervisor.posix.Posix;
import supervisor.posix.ProcessTree;
import supervisor.posix.SpawnException;
import supervisor.posix.SpawnRequest;
import supervisor.posix.Signals;
import supervisor.posix.WaitStatus;

/**
 * One supervised process and its state machine (supervisord's {@code Subprocess}). Every method
 * runs on the supervisor's event loop. Where supervisord re-examines each process once per
 * second, this class reacts to each event as it happens: a child's exit, a timer for startsecs,
 * the backoff delay or stopwaitsecs, so a crashed program is respawned at once.
 */
public final class Subprocess {
    /** The most of its stdin a child may leave unread in the daemon: as much as one client call can carry. */
    public static final long MAX_UNREAD_STDIN = 4 * 1024 * 1024;
    /** The most all children together may leave unread. */
    public static final long MAX_UNREAD_STDIN_TOTAL = 16 * 1024 * 1024;
    /** kill_tree: how often the rest of a stopping tree is looked at after the child ended. */
    private static final long TREE_POLL_MILLIS = 100;
    /** kill_tree: how long after the SIGKILL a stop waits for the tree (a process stuck in the kernel) before it ends. */
    private static final long TREE_GIVE_UP_MILLIS = 10_000;

    private final ProcessContext context;
    private final ProcessGroup group;
    private final ProcessConfig config;
    private final ChildLogs logs;

    private ProcessState state = ProcessState.STOPPED;
    private Child child;
    private int pid;
    /** Wall-clock times reported by the API; 0 = never. */
    private long laststartWall, laststopWall;
    /** Monotonic time of the last spawn attempt, for startsecs. */
    private long laststartMono;
    /** Exit status of the last exit; null when unknown (never exited, or exited too quickly). */
    private Integer exitstatus;
    private String spawnerr;
    /** How the last child ended, even one that exited too quickly; null before the first exit. */
    private WaitStatus lastExit;
    /** How many times BACKOFF was entered since the last success; {@link Backoff} derives the delay from it. */
    private int backoff;
    /** Monotonic deadline: the BACKOFF retry time, or the SIGKILL time while STOPPING. */
    private long deadlineMono;
    /** True once a stop was requested: the exit that follows is a STOPPED, not an EXITED. */
    private boolean killing;
    private EventLoop.Timer timer;
    private final RestartPace restartPace = new RestartPace();
    /** The listener protocol of an event listener process; null for any other process. */
    private ListenerProtocol listener;
    /** True while this process holds a reference on its fcgi group's socket (spawned, not yet reaped). */
    private boolean holdsSocket;
    /** kill_tree: every process the program started; null without kill_tree (or where the host knows none). */
    private ProcessTree tree;
    /** kill_tree: how the child ended while the rest of its tree is still being stopped; null otherwise. */
    private WaitStatus treeExit;
    /** kill_tree: SIGKILL went to the rest of the tree after the child ended. */
    private boolean treeKilled;
    /** Monotonic time of the last "waiting for x to stop" report; null before the first. */
    private Long lastStopReportMono;
    /** ready_check: the wait for this spawn's check; null without ready_check or once it is over. */
    private ReadyWait ready;
    /** ready_check: the check of this spawn has passed. */
    private boolean readyPassed;
    /** ready_check: the monotonic time by which it must pass (ready_timeout after the spawn). */
    private long readyDeadlineMono;
    /** ready_check: not ready in time, and the child is being ended; its exit is a failed start. */
    private boolean notReady;
    /** health_check: the watch of this stay in RUNNING; null without health_check or outside RUNNING. */
    private HealthWatch health;
    /** health_check: the stop under way is a restart; once STOPPED the process is started again. */
    private boolean healthRestart;
    /** depends_on: which dependencies a spawn waits for, as getProcessInfo describes it; null when none is awaited. */
    private String waitingFor;
    /** Spawn attempts since this process was made (a reload that keeps the program keeps it too). */
    private long spawns;
    /** remember_state: what the operator last asked before this daemon's start; null for none. */
    private Intent remembered;
    /** The fields above as other threads may read them; replaced after every change. */
    private volatile ProcessSnapshot snapshot = new ProcessSnapshot(ProcessState.STOPPED, 0, 0, 0, null, null, 0,
            null, null);

    Subprocess(ProcessContext context, ProcessGroup group, ProcessConfig config) {
        this.context = context;
        this.group = group;
        this.config = config;
        this.logs = new ChildLogs(config, context.config().get().supervisord(), context.log());
    }

    // --- what the API reads -------------------------------------------------------------

    public String name() {
        return config.name();
    }

    public ProcessGroup group() {
        return group;
    }

    public ProcessConfig config() {
        return config;
    }

    public ProcessState state() {
        return state;
    }

    public int pid() {
        return pid;
    }

    /** Seconds since the epoch of the last spawn attempt; 0 if never started. */
    public long startSeconds() {
        return laststartWall / 1000;
    }

    /** Seconds since the epoch of the last exit; 0 if never exited. */
    public long stopSeconds() {
        return laststopWall / 1000;
    }

    public Integer exitstatus() {
        return exitstatus;
    }

    public String spawnerr() {
        return spawnerr;
    }

    /** State, pid, times, exit status and spawn error as of the last change: safe from any thread. */
    public ProcessSnapshot snapshot() {
        return snapshot;
    }

    /** Makes the current fields what {@link #snapshot()} answers. */
    private void publish() {
        snapshot = new ProcessSnapshot(state, pid, laststartWall / 1000, laststopWall / 1000, exitstatus, spawnerr,
                Math.max(0, spawns - 1), config.ready() == null ? null : readyPassed && pid != 0, waitingFor);
    }

    /** depends_on: what the scheduler says this process waits for (null: nothing), published for getProcessInfo. */
    void waitingFor(String text) {
        if (!java.util.Objects.equals(text, waitingFor)) {
            waitingFor = text;
            publish();
        }
    }

    public ChildLogs logs() {
        return logs;
    }

    /** True while a stop was asked for and the child has not exited yet. */
    public boolean isStopping() {
        return killing;
    }

    /** How many times BACKOFF was entered since the last success (an event's {@code tries}). */
    public int backoff() {
        return backoff;
    }

    /** The listener protocol state of an event listener; null for other processes. */
    public ListenerProtocol listener() {
        return listener;
    }

    /** The namespec a user types: {@code name}, or {@code group:name} in a group of another name. */
    public String namespec() {
        return group.name().equals(name()) ? name() : group.name() + ":" + name();
    }

    // --- spawning ----------------------------------------------------------------------

    /** STOPPED/EXITED/FATAL/BACKOFF -> STARTING, then RUNNING, or BACKOFF on a spawn error. */
    public void spawn() {
        ActivityLog log = context.log();
        if (pid != 0) {
            log.logAbout(LogLevel.WARN, namespec(), "process '" + name() + "' already running");
            return;
        }
        cancelTimer();
        killing = false;
        spawnerr = null;
        exitstatus = null;
        readyPassed = false;
        spawns++;
        laststartWall = context.clock().wallMillis();
        laststartMono = context.clock().monotonicMillis();
        changeState(ProcessState.STARTING);

        int stdinFd = -1;
        if (group.socket() != null) {
            // an fcgi process gets the group's listening socket as fd 0 instead of a stdin pipe
            try {
                stdinFd = group.socket().acquire();
                holdsSocket = true;
            } catch (FcgiSocket.CreateFailure e) {
                recordSpawnError(e.getMessage());
                return;
            }
        }
        ExecArgs exec;
        try {
            exec = ExecArgs.resolve(config.command(), config.environment());
        } catch (ExecArgs.Failure e) {
            recordSpawnError(e.getMessage());
            return;
        }
        SpawnRequest request = new SpawnRequest(exec.path(), exec.argv(), context.environment().of(this),
                config.directory(), config.umask(), config.uid(), config.redirectStderr(), stdinFd);
        if (config.killTree() && tree == null) {
            tree = context.host().tree(namespec());
        }
        if (tree != null && tree.cgroupProcs() != null) {
            request = request.withCgroup(tree.cgroupProcs());
        }
        try {
            logs.open();
            if (listener != null) {
                listener.spawned();
            }
            OutputContext output = new OutputContext(name(), group.name(), this::pid, context.log(), context.loop(),
                    context.events(), context.config().get().supervisord().stripAnsi(), config.stdoutLogPrefix());
            OutputDispatcher out = new OutputDispatcher(output, "stdout", config.stdout(), logs.stdout(), listener);
            OutputDispatcher err = new OutputDispatcher(output, "stderr", config.stderr(), logs.stderr(), null);
            OutputSink stdout = out;
            OutputSink stderr = err;
            LineWatch lines = prepareReady();
            if (lines != null) {
                stdout = lines.tee(out);
                stderr = lines.tee(err);
            }
            child = context.host().spawn(request, stdout, stderr, status -> {
                // the last unfinished line is written before the loop closes the files
                out.childExited();
                err.childExited();
                context.loop().execute(() -> finish(status));
            });
        } catch (SpawnException e) {
            cancelReady();
            recordSpawnError(spawnErrorText(e.errno()));
            return;
        } catch (RuntimeException e) {
            cancelReady();
            releaseSocket(); // no child holds it
            throw e;
        }
        pid = child.pid();
        if (tree != null) {
            tree.spawned(pid, request.env());
        }
        publish();
        log.logAbout(LogLevel.INFO, namespec(), "spawned: '" + name() + "' with pid " + pid);
        if (ready != null) {
            ready.start();
        }
        // startsecs=0 is met at once, but (as with supervisord's next pass over its processes) only
        // after whatever else this turn spawns: STARTING a, STARTING b, then RUNNING a, RUNNING b
        schedule(config.startsecs() * 1000L, this::transition);
    }

    /**
     * ready_check: a fresh wait for this spawn (a log check's watch, returned, must see the
     * output from the first byte). Without ready_check nothing changes.
     */
    private LineWatch prepareReady() {
        cancelReady();
        notReady = false;
        readyPassed = false;
        Readiness r = config.ready();
        if (r == null) {
            return null;
        }
        readyDeadlineMono = laststartMono + r.timeoutSeconds() * 1000L;
        ReadyWait[] wait = new ReadyWait[1];
        wait[0] = new ReadyWait(context.loop(), context.clock(), context.host().prober(), r.check(),
                readyDeadlineMono, () -> readyPassed(wait[0]));
        ready = wait[0];
        return ready.lineWatch();
    }

    /** The check of the current spawn passed: RUNNING now if startsecs have passed too. */
    private void readyPassed(ReadyWait wait) {
        if (wait != ready || state != ProcessState.STARTING || notReady) {
            return;
        }
        ready = null;
        readyPassed = true;
        publish(); // RUNNING may wait for startsecs still; the check's result is news already
        context.log().debug("ready: " + name() + " passed its ready_check " + config.ready().check().text());
        transition();
    }

    private void cancelReady() {
        if (ready != null) {
            ready.cancel();
            ready = null;
        }
    }

    /**
     * ready_check did not pass within ready_timeout: the child is ended as a stop would end it
     * (the stop signal, SIGKILL after stopwaitsecs) but stays STARTING, so that its exit is a
     * failed start like any other: BACKOFF, then retries per startretries, then FATAL.
     */
    private void notReadyInTime() {
        cancelReady();
        notReady = true;
        Readiness r = config.ready();
        context.log().warn("not ready: " + name() + " was not ready in time (ready_check " + r.check().text()
                + " did not pass within " + r.timeoutSeconds() + " seconds)");
        deadlineMono = context.clock().monotonicMillis() + config.stopwaitsecs() * 1000L;
        schedule(config.stopwaitsecs() * 1000L, this::endUnready);
        int err = context.host().kill(config.stopasgroup() ? -pid : pid, config.stopsignal());
        if (tree != null && (err == 0 || Posix.errnoName(err).equals("ESRCH"))) {
            tree.signal(config.stopsignal(), config.stopasgroup() ? pid : 0);
        }
    }

    /** A child that was not ready in time outlived stopwaitsecs: SIGKILL, as for a stop. */
    private void endUnready() {
        if (notReady && pid != 0) {
            context.log().warn("killing '" + name() + "' (" + pid + ") with SIGKILL");
            context.host().kill(config.killasgroup() ? -pid : pid, Signals.SIGKILL);
            if (tree != null) {
                tree.signal(Signals.SIGKILL, 0);
            }
        }
    }

    /**
     * Re-examines a process just started by a client, so startsecs=0 makes it RUNNING before
     * the reply, as supervisord's startProcess does.
     */
    public void settle() {
        transition();
    }

    private String spawnErrorText(int errno) {
        return switch (Posix.errnoName(errno)) {
            case "EMFILE" -> "too many open files to spawn '" + name() + "'";
            case "EAGAIN" -> "Too many processes in process table to spawn '" + name() + "'";
            default -> "unknown error during fork for '" + name() + "': " + Posix.errnoName(errno);
        };
    }

    private void recordSpawnError(String message) {
        releaseSocket();
        spawnerr = message;
        context.log().logAbout(LogLevel.INFO, namespec(), "spawnerr: " + message);
        changeState(ProcessState.BACKOFF);
    }

    // --- the timed transitions (supervisord's transition()) ----------------------------

    /**
     * Re-examines the process after any change or timer, exactly as supervisord's per-tick
     * {@code transition()} would: autostart/autorestart/backoff retries (only while the
     * supervisor is RUNNING), STARTING -> RUNNING after startsecs, BACKOFF -> FATAL after too
     * many retries, SIGKILL once stopwaitsecs have passed while STOPPING.
     */
    void transition() {
        long now = context.clock().monotonicMillis();
        ProcessState s = state;
        if (context.mood().get() == SupervisorState.RUNNING) {
            if (s == ProcessState.EXITED && shouldAutorestart()) {
                long wait = restartPace.delayAt(now);
                if (wait > 0) {
                    schedule(wait, this::transition);
                } else if (!context.dependencies().holds(this, this::transition)) {
                    restartPace.record(now);
                    spawn();
                }
                return;
            }
            if (s == ProcessState.STOPPED && laststartWall == 0 && autostarts()) {
                if (!context.dependencies().holds(this, this::transition)) {
                    spawn();
                }
                return;
            }
            if (s == ProcessState.BACKOFF && Backoff.retries(backoff, config)) {
                if (now >= deadlineMono) {
                    if (!context.dependencies().holds(this, this::transition)) {
                        spawn();
                    }
                } else {
                    schedule(deadlineMono - now, this::transition);
                }
                return;
            }
        }
        switch (s) {
            case STARTING -> {
                long elapsed = now - laststartMono;
                if (notReady) {
                    return; // its end is on the way; endUnready keeps the time
                }
                if (config.ready() != null && !readyPassed) {
                    // both must pass: startsecs and the check; the check's passing re-examines
                    if (now >= readyDeadlineMono) {
                        notReadyInTime();
                    } else {
                        schedule(readyDeadlineMono - now, this::transition);
                    }
                } else if (elapsed >= config.startsecs() * 1000L) {
                    enterRunning();
                } else {
                    schedule(config.startsecs() * 1000L - elapsed, this::transition);
                }
            }
            case BACKOFF -> {
                if (!Backoff.retries(backoff, config)) {
                    giveUp();
                    context.log().logAbout(LogLevel.INFO, namespec(), "gave up: " + name()
                            + " entered FATAL state, too many start retries too quickly");
                }
            }
            case STOPPING -> {
                if (treeExit != null) {
                    return; // kill_tree: awaitTree keeps the time
                }
                if (now >= deadlineMono) {
                    context.log().logAbout(LogLevel.WARN, namespec(),
                            "killing '" + name() + "' (" + pid + ") with SIGKILL");
                    kill(Signals.SIGKILL);
                } else {
                    schedule(deadlineMono - now, this::transition);
                }
            }
            default -> { }
        }
    }

    /** autostart, unless remember_state brought back what the operator last asked of this process. */
    private boolean autostarts() {
        return remembered == null ? config.autostart() : remembered == Intent.STARTED;
    }

    /** remember_state: what the operator asked of this process before the daemon started again. */
    void remember(Intent intent) {
        remembered = intent;
    }

    private boolean shouldAutorestart() {
        return config.autorestart() == AutoRestart.ALWAYS
                || (config.autorestart() == AutoRestart.UNEXPECTED
                    && (exitstatus == null || !config.exitcodes().contains(exitstatus)));
    }

    private void enterRunning() {
        cancelTimer();
        backoff = 0;
        changeState(ProcessState.RUNNING);
        context.log().logAbout(LogLevel.INFO, namespec(), "success: " + name()
                + " entered RUNNING state, process has stayed up for > than " + config.startsecs() + " seconds (startsecs)");
        watchHealth();
    }

    // --- health_check ------------------------------------------------------------------

    /** health_check: a fresh watch for this stay in RUNNING. Without health_check nothing changes. */
    private void watchHealth() {
        cancelHealth();
        if (config.health() == null || state != ProcessState.RUNNING) {
            return;
        }
        HealthWatch[] watch = new HealthWatch[1];
        watch[0] = new HealthWatch(context.loop(), context.clock(), context.host().prober(), config.health(),
                () -> unhealthy(watch[0]));
        health = watch[0];
        health.start();
    }

    private void cancelHealth() {
        if (health != null) {
            health.cancel();
            health = null;
        }
    }

    /**
     * health_failures checks in a row failed: the process is restarted as supervisorctl restart
     * restarts it, a stop (stop signal, SIGKILL after stopwaitsecs) and, once STOPPED, a start;
     * so clients see RUNNING, STOPPING, STOPPED, STARTING, RUNNING and nothing new.
     */
    private void unhealthy(HealthWatch watch) {
        if (watch != health || state != ProcessState.RUNNING) {
            return;
        }
        health = null;
        context.log().logAbout(LogLevel.WARN, namespec(), name() + " failed its health check "
                + config.health().failures() + " times in a row (health_check " + config.health().check().text()
                + "): restarting");
        String error = stop();
        // a stop that failed (UNKNOWN) restarts nothing, as supervisorctl restart would not go on
        healthRestart = error == null;
    }

    /** health_check: the stop of a restart has ended in STOPPED; start again unless the daemon is going down. */
    private void restartAfterHealthStop() {
        healthRestart = false;
        if (state == ProcessState.STOPPED && context.mood().get() == SupervisorState.RUNNING
                && !context.dependencies().holds(this, this::restartAfterHealthStop)) {
            spawn();
            settle();
        }
    }

    /** BACKOFF -> FATAL: a state the process does not leave by itself. */
    void giveUp() {
        cancelTimer();
        backoff = 0;
        changeState(ProcessState.FATAL);
        context.ended().accept(this);
    }

    /**
     * How the last child ended, for an essential process that ends the daemon: null when none
     * ever exited (e.g. FATAL from spawn errors). Kept also for an exit too quick to count,
     * which leaves {@link #exitstatus()} unknown.
     */
    WaitStatus lastExit() {
        return lastExit;
    }

    // --- stopping and signalling -------------------------------------------------------

    /** An administrative stop: the stop signal, then SIGKILL after stopwaitsecs. Returns an error text or null. */
    public String stop() {
        context.dependencies().cancel(this); // a stop asked for now ends a wait to start
        lastStopReportMono = null; // each administrative stop gets its own first report
        healthRestart = false; // a stop asked for now is a stop, whatever was under way
        return kill(config.stopsignal());
    }

    /**
     * Sends a signal meant to end the process. BACKOFF goes straight to STOPPED (no child to
     * signal). Returns null on success, or the error text the API reports as FAILED.
     */
    String kill(int sig) {
        ActivityLog log = context.log();
        cancelReady(); // a stop while not ready yet ends the wait
        if (state == ProcessState.BACKOFF) {
            log.logAbout(LogLevel.DEBUG, namespec(), "Attempted to kill " + name() + ", which is in BACKOFF state.");
            cancelTimer();
            changeState(ProcessState.STOPPED);
            return null;
        }
        if (treeExit != null) {
            // the child is gone (its pid may be another process's now): only the rest of its tree is left
            tree.signal(sig, 0);
            return null;
        }
        if (pid == 0) {
            String msg = "attempted to kill " + name() + " with sig " + Signals.name(sig) + " but it wasn't running";
            log.logAbout(LogLevel.DEBUG, namespec(), msg);
            return msg;
        }
        boolean asGroup = state == ProcessState.STOPPING ? config.killasgroup() : config.stopasgroup();
        if (log.enabled(LogLevel.DEBUG)) {
            log.logAbout(LogLevel.DEBUG, namespec(), "killing " + name() + " (pid " + pid + ") "
                    + (asGroup ? "process group " : "") + "with signal " + Signals.name(sig));
        }
        killing = true;
        deadlineMono = context.clock().monotonicMillis() + config.stopwaitsecs() * 1000L;
        changeState(ProcessState.STOPPING);
        schedule(config.stopwaitsecs() * 1000L, this::transition);
        int err = context.host().kill(asGroup ? -pid : pid, sig);
        if (err == 0 || Posix.errnoName(err).equals("ESRCH")) {
            // ESRCH: it exited meanwhile; the exit itself moves the state on.
            if (tree != null) {
                tree.signal(sig, asGroup ? pid : 0); // its group has had the signal already
            }
            return null;
        }
        String msg = "unknown problem killing " + name() + " (" + pid + "):" + Posix.errnoName(err);
        log.logAbout(LogLevel.CRITICAL, namespec(), msg);
        cancelTimer();
        changeState(ProcessState.UNKNOWN);
        killing = false;
        return msg;
    }

    /** Sends any signal to the process itself, without stop semantics. Returns an error text or null. */
    public String signal(int sig) {
        ActivityLog log = context.log();
        if (pid == 0) {
            String msg = "attempted to send " + name() + " sig " + Signals.name(sig) + " but it wasn't running";
            log.logAbout(LogLevel.DEBUG, namespec(), msg);
            return msg;
        }
        log.logAbout(LogLevel.DEBUG, namespec(), "sending " + name() + " (pid " + pid + ") sig " + Signals.name(sig));
        int err = context.host().kill(pid, sig);
        if (err == 0 || Posix.errnoName(err).equals("ESRCH")) {
            return null;
        }
        String msg = "unknown problem sending sig " + name() + " (" + pid + "):" + Posix.errnoName(err);
        log.logAbout(LogLevel.CRITICAL, namespec(), msg);
        changeState(ProcessState.UNKNOWN);
        return msg;
    }

    /**
     * Logs "waiting for x to stop" while a stop is awaited: at most once every 2 seconds for
     * this process, however many callers wait on it.
     */
    public void stopReport() {
        long now = context.clock().monotonicMillis();
        if (state == ProcessState.STOPPING && (lastStopReportMono == null || now - lastStopReportMono >= 2000)) {
            context.log().logAbout(LogLevel.INFO, namespec(), "waiting for " + name() + " to stop");
            lastStopReportMono = now;
        }
    }

    /**
     * Writes to the child's stdin; false when it has no open stdin (always so for an fcgi process).
     * What a child has not read yet stays in the daemon's memory, as supervisord keeps it too; but
     * there it may grow without end (a program that never reads its stdin keeps all it is sent),
     * so here it may not pass {@link #MAX_UNREAD_STDIN} for a child, nor
     * {@link #MAX_UNREAD_STDIN_TOTAL} for all of them.
     *
     * @throws StdinFullException when the characters would take either past its bound
     */
    public boolean writeStdin(String chars) {
        // an fcgi process has its group's socket, not a pipe, as stdin
        if (child == null || group.socket() != null) {
            return false;
        }
        byte[] data = chars.getBytes(StandardCharsets.UTF_8);
        ProcessHost host = context.host();
        long unread = host.queuedStdin(child);
        if (unread + data.length > MAX_UNREAD_STDIN) {
            throw new StdinFullException(name() + ": stdin full (" + unread + " bytes not read yet)");
        }
        long unreadByAll = host.queuedStdin();
        if (unreadByAll + data.length > MAX_UNREAD_STDIN_TOTAL) {
            throw new StdinFullException(name() + ": stdin full (" + unreadByAll
                    + " bytes not read yet by all processes)");
        }
        return host.writeStdin(child, data);
    }

    // --- the exit ----------------------------------------------------------------------

    /** The child was reaped (its output already drained): decide STOPPED, BACKOFF or EXITED. */
    void finish(WaitStatus status) {
        if (killing && tree != null && treeExit == null && !tree.isEmpty()) {
            // kill_tree: the stop is over when the whole tree is gone, SIGKILL at the usual deadline
            treeExit = status;
            treeKilled = false;
            awaitTree();
            return;
        }
        cancelTimer();
        cancelReady();
        // ready_check: not ready in time (and ended for it), or exited before the check passed
        boolean timedOut = notReady;
        boolean unready = timedOut || (config.ready() != null && !readyPassed);
        notReady = false;
        lastExit = status;
        int es = status.exitstatus();
        String msg = status.describe();
        laststopWall = context.clock().wallMillis();
        long ran = context.clock().monotonicMillis() - laststartMono;
        boolean tooQuickly = ran < config.startsecs() * 1000L;
        boolean expected = config.exitcodes().contains(es);
        logs.childExited();
        ActivityLog log = context.log();

        if (killing) {
            killing = false;
            exitstatus = es;
            changeState(ProcessState.STOPPED);
            log.logAbout(expected ? LogLevel.INFO : LogLevel.WARN, namespec(), "stopped: " + name() + " (" + msg + ")");
        } else if (tooQuickly || (unready && state == ProcessState.STARTING)) {
            // with ready_check, an exit before the check passed is a failed start too
            exitstatus = null;
            spawnerr = timedOut ? notReadyText() : "Exited too quickly (process log may have details)";
            changeState(ProcessState.BACKOFF);
            log.logAbout(LogLevel.WARN, namespec(), "exited: " + name() + " (" + msg + "; not expected)");
        } else {
            backoff = 0;
            exitstatus = es;
            if (state == ProcessState.STARTING) {
                changeState(ProcessState.RUNNING);
            }
            if (expected) {
                changeState(ProcessState.EXITED, true);
                log.logAbout(LogLevel.INFO, namespec(), "exited: " + name() + " (" + msg + "; expected)");
            } else {
                spawnerr = "Bad exit code " + es;
                changeState(ProcessState.EXITED, false);
                log.logAbout(LogLevel.WARN, namespec(), "exited: " + name() + " (" + msg + "; not expected)");
            }
        }
        // the state events above carry the pid of the child that ended; only now is it gone
        pid = 0;
        child = null;
        publish();
        if (listener != null) {
            listener.exited();
        }
        // after the exit is logged, and before an autorestart takes it again: as with supervisord,
        // the last process to go closes the socket and the next start creates a fresh one
        releaseSocket();
        transition();
        if (state == ProcessState.EXITED && !shouldAutorestart()) {
            context.ended().accept(this); // exited for good
        }
        if (healthRestart) {
            restartAfterHealthStop();
        }
    }

    /** The description of a process that was not ready in time, as supervisorctl status shows it. */
    private String notReadyText() {
        return "not ready within " + config.ready().timeoutSeconds() + " seconds (ready_check "
                + config.ready().check().text() + ")";
    }

    /** kill_tree: polls until the rest of the tree is gone, SIGKILLing it once stopwaitsecs have passed. */
    private void awaitTree() {
        long now = context.clock().monotonicMillis();
        if (!treeKilled && now >= deadlineMono) {
            context.log().logAbout(LogLevel.WARN, namespec(), "killing '" + name() + "' (" + pid + ") with SIGKILL");
            tree.signal(Signals.SIGKILL, 0);
            treeKilled = true;
        } else if (treeKilled) {
            tree.signal(Signals.SIGKILL, 0); // what was forked while the last SIGKILL went out
        }
        if (tree.isEmpty() || (treeKilled && now >= deadlineMono + TREE_GIVE_UP_MILLIS)) {
            WaitStatus status = treeExit;
            treeExit = null;
            finish(status);
        } else {
            schedule(TREE_POLL_MILLIS, this::awaitTree);
        }
    }

    private void releaseSocket() {
        if (holdsSocket) {
            holdsSocket = false;
            group.socket().release();
        }
    }

    // --- plumbing ----------------------------------------------------------------------

    private void changeState(ProcessState next) {
        changeState(next, true);
    }

    /** {@code expected} only matters for EXITED: whether the exit code is in exitcodes. */
    private void changeState(ProcessState next, boolean expected) {
        ProcessState old = state;
        if (old == next) {
            return;
        }
        state = next;
        if (old == ProcessState.RUNNING) {
            cancelHealth(); // health is watched only while RUNNING
        }
        if (next == ProcessState.BACKOFF) {
            backoff++;
            deadlineMono = context.clock().monotonicMillis() + Backoff.delayMillis(backoff, config);
        }
        publish();
        context.events().notify(Event.processState(next.name(), name(), group.name(), old.name(), backoff, expected,
                pid));
        if (next == ProcessState.RUNNING && group.pool() != null) {
            // a listener that survived startsecs may take the events that waited for it
            group.pool().scheduleDispatch();
        }
        if (next == ProcessState.BACKOFF) {
            context.loop().execute(this::transition);
        }
    }

    private void schedule(long delayMillis, Runnable task) {
        cancelTimer();
        timer = context.loop().schedule(delayMillis, task);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    // --- as an event listener ----------------------------------------------------------

    /** Makes this process a member of its pool (the group is an [eventlistener:x]). */
    void joinPool(EventListenerPool pool) {
        listener = pool.join(new EventListenerPool.Member() {
            @Override
            public String name() {
                return Subprocess.this.name();
            }

            @Override
            public boolean isRunning() {
                return state == ProcessState.RUNNING;
            }

            @Override
            public boolean send(byte[] envelope) {
                // supervisord refuses to write to a child that is gone or being stopped (EPIPE)
                return pid != 0 && !killing && child != null && context.host().writeStdin(child, envelope);
            }
        });
    }

    @Override
    public String toString() {
        return "Subprocess[" + namespec() + " " + state + " pid " + pid + "]";
    }
}
