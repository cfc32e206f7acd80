package supervisor.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.config.ReloadSettings;
import supervisor.events.Event;
import supervisor.events.EventBus;
import supervisor.events.EventType;
import supervisor.events.SerialCounter;
import supervisor.intent.OperatorIntents;
import supervisor.logging.ActivityLog;
import supervisor.posix.WaitStatus;

/**
 * The supervisor: the active process groups and supervisord's own state, from start-up to the
 * last process stopped. Like supervisord's main loop it owns all process state, but it runs on
 * an {@link EventLoop} and reacts to events instead of polling once a second. Every method must
 * be called on the loop thread; other threads use {@link #call}.
 */
public final class Supervisor {
    private final ProcessContext context;
    private volatile Config config;
    private volatile SupervisorState state = SupervisorState.RUNNING;
    private final Map<String, ProcessGroup> groups = new LinkedHashMap<>();
    /** The groups as other threads may read them: a copy replaced whenever a group comes or goes. */
    private volatile Map<String, ProcessGroup> groupsView = Map.of();
    private final Waiters waiters;
    private final DependencyScheduler dependencies;
    /** update_scope, remember_state, restart_parallelism: as the daemon started, like every [supervisord] key. */
    private final ReloadSettings reload;
    private final MemberUpdates updates;
    private final OperatorIntents intents;
    private final CompletableFuture<SupervisorState> stopped = new CompletableFuture<>();
    private final TickTimer ticks;
    /** What the daemon exits with after the shutdown: 0, or what an essential process ended with. */
    private volatile int exitStatus;

    public Supervisor(Config config, ActivityLog log, EventLoop loop, Clock clock, ProcessHost host) {
        this(config, log, loop, clock, host, new SerialCounter());
    }

    /**
     * @param eventSerials the global event serial counter; the daemon keeps one across restarts,
     *                     as supervisord's serials are never reset within its OS process
     */
    public Supervisor(Config config, ActivityLog log, EventLoop loop, Clock clock, ProcessHost host,
                      SerialCounter eventSerials) {
        this.config = config;
        EventBus events = new EventBus(eventSerials);
        this.waiters = new Waiters(loop);
        this.dependencies = new DependencyScheduler(loop, this::groups, this::state, waiters);
        this.context = new ProcessContext(loop, clock, log, host, events, new ChildEnvironment(this::config),
                this::config, this::state, dependencies, this::ended);
        this.reload = config.supervisord().reload();
        this.intents = new OperatorIntents(reload.rememberState() == null ? null : Path.of(reload.rememberState()),
                log, loop);
        this.updates = new MemberUpdates(context, waiters, intents, reload.memberwiseUpdate());
        // whatever waits for process states is looked at again after each batch of changes
        events.subscribe(EventType.PROCESS_STATE, e -> {
            waiters.stateChanged();
            dependencies.stateChanged();
        });
        this.ticks = new TickTimer(loop, clock, events::notify);
    }

    // --- what the rest of the daemon uses ---------------------------------------------------

    /** The loop, clock, log, host, event bus and child environment this supervisor's processes share. */
    public ProcessContext context() {
        return context;
    }

    public ActivityLog log() {
        return context.log();
    }

    public EventLoop loop() {
        return context.loop();
    }

    /** The event bus: pools of active listener groups and in-process subscribers. */
    public EventBus events() {
        return context.events();
    }

    /** Deferred answers wait here for process states. */
    public Waiters waiters() {
        return waiters;
    }

    /** depends_on: the graph of the active processes, start requests that follow it, stops that wait for dependents. */
    public DependencyScheduler dependencies() {
        return dependencies;
    }

    /** Runs {@code task} on the loop thread and hands back its result (or its exception). */
    public <T> CompletableFuture<T> call(Supplier<T> task) {
        return context.loop().call(task);
    }

    public Config config() {
        return config;
    }

    /** Replaces the loaded configuration (reloadConfig); active groups keep their own config. */
    public void setConfig(Config config) {
        this.config = config;
        updates.reread(config, groups);
    }

    /**
     * Restarts the processes in waves of at most {@code limit} down at once (0: all at once);
     * the future lists one outcome per process as each restart ends.
     */
    public CompletableFuture<List<RollingRestart.Outcome>> restart(List<Subprocess> processes, int limit) {
        return new RollingRestart(context, processes, limit, stopped -> stopped, true).begin(waiters);
    }

    /**
     * update_scope, remember_state and restart_parallelism as the daemon started with them: a
     * reloadConfig does not change them, as it changes no other {@code [supervisord]} key.
     */
    public ReloadSettings reloadSettings() {
        return reload;
    }

    /** The operator's starts and stops by request, as remember_state keeps them. */
    public OperatorIntents intents() {
        return intents;
    }

    /** The member-by-member updates reloadConfig found (update_scope=process). */
    public MemberUpdates updates() {
        return updates;
    }

    public SupervisorState state() {
        return state;
    }

    /**
     * The status the daemon exits with once {@link #stopped} completes with SHUTDOWN: 0, or
     * what the essential process that ended the daemon ended with.
     */
    public int exitStatus() {
        return exitStatus;
    }

    /** Completes with SHUTDOWN or RESTARTING once every process has stopped after a stop request. */
    public CompletableFuture<SupervisorState> stopped() {
        return stopped;
    }

    // --- groups --------------------------------------------------------------------------

    /**
     * Activates every group of the configuration and autostarts their processes. After a stop
     * request (a signal as the daemon came up) there is nothing to start: {@link #stopped} has
     * completed already, and a group made now would outlive its supervisor.
     */
    public void start() {
        if (state != SupervisorState.RUNNING) {
            return;
        }
        for (GroupConfig gc : config.groups()) {
            try {
                addGroup(gc);
            } catch (FcgiSocket.CreateFailure e) {
                abortStart(e);
                return;
            }
        }
        context.events().notify(Event.supervisorRunning());
        ticks.start();
        restoreIntents();
        for (ProcessGroup g : sortedGroups()) {
            for (Subprocess p : g.processes()) {
                p.transition();
            }
        }
    }

    /** remember_state: each process learns what the operator last asked of it, before autostart. */
    private void restoreIntents() {
        Set<String> configured = new HashSet<>();
        groups.values().forEach(g -> g.processes().forEach(p -> configured.add(p.namespec())));
        intents.load(configured);
        groups.values().forEach(g -> g.processes().forEach(p -> p.remember(intents.of(p.namespec()))));
    }

    /**
     * supervisord cannot start without every group: it leaves with the error before any process
     * was spawned. Here nothing has been spawned either (autostart waits for its turn of the
     * loop, which no longer spawns once the state is not RUNNING); {@link #stopped} completes
     * exceptionally with the failure, which the caller reports.
     */
    private void abortStart(RuntimeException failure) {
        context.log().critical(failure.getMessage());
        state = SupervisorState.SHUTDOWN;
        groups.values().forEach(ProcessGroup::close);
        stopped.completeExceptionally(failure);
    }

    /**
     * Activates one group (addProcessGroup); its autostart processes start right away.
     *
     * @throws FcgiSocket.CreateFailure when an fcgi group's socket cannot be made; nothing changes then
     */
    public ProcessGroup addGroup(GroupConfig gc) {
        ProcessGroup group = new ProcessGroup(context, gc);
        groups.put(gc.name(), group);
        publishGroups();
        dependencies.groupsChanged();
        if (group.pool() != null) {
            context.events().addPool(group.pool());
        }
        context.events().notify(Event.groupAdded(gc.name()));
        if (state == SupervisorState.RUNNING) {
            context.loop().execute(() -> group.processes().forEach(Subprocess::transition));
        }
        return group;
    }

    /** Removes a group whose processes are all stopped (removeProcessGroup). */
    public void removeGroup(ProcessGroup group) {
        if (group.pool() != null) {
            context.events().removePool(group.pool());
        }
        groups.remove(group.name());
        updates.forget(group.name());
        group.processes().forEach(p -> intents.forget(p.namespec()));
        publishGroups();
        dependencies.groupsChanged();
        group.close();
        group.removeAutoLogs();
        context.events().notify(Event.groupRemoved(group.name()));
    }

    private void publishGroups() {
        groupsView = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    // The look-ups below read the published groups, so they are safe from any thread. A group's
    // processes and configuration never change once it exists; a process's state is read from
    // its snapshot off the loop.

    /** The active group of that name, or null. */
    public ProcessGroup group(String name) {
        return groupsView.get(name);
    }

    /** The process a namespec names, or null; {@code group:*} and a bare group name of other members name none. */
    public Subprocess process(Namespec spec) {
        ProcessGroup g = groupsView.get(spec.group());
        return g == null || spec.process() == null ? null : g.process(spec.process());
    }

    /** Active groups ascending by (priority, name): supervisord's order for start and stop. */
    public List<ProcessGroup> sortedGroups() {
        List<ProcessGroup> list = new ArrayList<>(groupsView.values());
        list.sort(Comparator.comparingInt(ProcessGroup::priority).thenComparing(ProcessGroup::name));
        return list;
    }

    /** The active groups in the order they were added. */
    public Collection<ProcessGroup> groups() {
        return groupsView.values();
    }

    // --- shutdown and restart ------------------------------------------------------------

    /** shutdown() or SIGTERM/SIGINT: stop everything in reverse priority order, then exit. */
    public void shutdown() {
        requestStop(SupervisorState.SHUTDOWN);
    }

    /** restart() or SIGHUP: stop everything, then the caller starts again from a fresh config. */
    public void restart() {
        requestStop(SupervisorState.RESTARTING);
    }

    private void requestStop(SupervisorState mood) {
        if (state != SupervisorState.RUNNING) {
            // A shutdown during a restart turns it into a shutdown; nothing else changes course.
            if (state == SupervisorState.RESTARTING && mood == SupervisorState.SHUTDOWN) {
                state = mood;
            }
            return;
        }
        state = mood;
        dependencies.clear();
        context.events().notify(Event.supervisorStopping());
        new OrderedShutdown(this::sortedGroups, dependencies, context.log(), context.loop(), this::allStopped)
                .begin(waiters);
    }

    private void allStopped() {
        // every process has stopped and so released its socket; this only guards the odd one out
        groups.values().forEach(ProcessGroup::close);
        ticks.stop();
        stopped.complete(state);
    }

    /**
     * A process reached FATAL, or exited and will not be restarted. An {@code essential} one
     * (beyond.md) ends the daemon: the same ordered shutdown as SIGTERM, then the daemon exits
     * with the process's status. Only while RUNNING: during a shutdown or restart every process
     * ends, and that is no reason to change course.
     */
    private void ended(Subprocess process) {
        if (!process.config().essential()) {
            return;
        }
        WaitStatus last = process.lastExit();
        // as a shell reports a child: its exit code, or 128 + the signal that ended it
        int status = last == null ? 1 : last.exited() ? last.status() : 128 + last.termsig();
        String why = process.state() == ProcessState.FATAL ? "entered FATAL state"
                : "exited (" + last.describe() + ") and will not be restarted";
        // on a later turn: the process is still in the middle of its change of state, whose
        // own log lines ("gave up: ...") come first
        context.loop().execute(() -> {
            if (state == SupervisorState.RUNNING) {
                context.log().logAbout(LogLevel.WARN, process.namespec(), "essential process " + process.name() + " " + why
                        + ": shutting down, exit status " + status);
                exitStatus = status;
                shutdown();
            }
        });
    }

    /** At exit: AUTO child logs go away unless nocleanup. */
    public void cleanupLogs() {
        if (!config.supervisord().nocleanup()) {
            groups.values().forEach(ProcessGroup::removeAutoLogs);
        }
    }
}
