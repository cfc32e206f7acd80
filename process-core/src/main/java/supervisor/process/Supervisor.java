package supervisor.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.HttpServerConfig;
import supervisor.events.Event;
import supervisor.events.EventBus;
import supervisor.events.SerialCounter;
import supervisor.logging.ActivityLog;

/**
 * The supervisor: the active process groups, supervisord's own state, and the ordered
 * shutdown. Like supervisord's main loop it owns all process state, but it runs on an
 * {@link EventLoop} and reacts to events instead of polling once a second. Every method must
 * be called on the loop thread; other threads use {@link #call}.
 */
public final class Supervisor {
    private final ActivityLog log;
    private final EventLoop loop;
    private final Clock clock;
    private final ProcessHost host;
    private volatile Config config;
    private volatile SupervisorState state = SupervisorState.RUNNING;
    private final Map<String, ProcessGroup> groups = new LinkedHashMap<>();
    private final List<ProcessStateListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean waitersDirty;
    private final CompletableFuture<SupervisorState> stopped = new CompletableFuture<>();
    /** The groups still to stop during shutdown, ascending; the last one is stopped first. */
    private List<ProcessGroup> stopGroups;
    private Map<String, String> baseEnvironment = System.getenv();
    private final EventBus events;
    private final TickTimer ticks;

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
        this.log = log;
        this.loop = loop;
        this.clock = clock;
        this.host = host;
        this.events = new EventBus(eventSerials);
        this.ticks = new TickTimer(loop, clock, events::notify);
    }

    // --- accessors -----------------------------------------------------------------------

    public ActivityLog log() {
        return log;
    }

    public EventLoop loop() {
        return loop;
    }

    public Clock clock() {
        return clock;
    }

    ProcessHost host() {
        return host;
    }

    public Config config() {
        return config;
    }

    /** The environment children start from (the daemon's own, less what only the daemon needs). */
    public void setBaseEnvironment(Map<String, String> environment) {
        this.baseEnvironment = Map.copyOf(environment);
    }

    /** Replaces the loaded configuration (reloadConfig); active groups keep their own config. */
    public void setConfig(Config config) {
        this.config = config;
    }

    public SupervisorState state() {
        return state;
    }

    /** Completes with SHUTDOWN or RESTARTING once every process has stopped after a stop request. */
    public CompletableFuture<SupervisorState> stopped() {
        return stopped;
    }

    /** The event bus: pools of active listener groups and in-process subscribers. */
    public EventBus events() {
        return events;
    }

    /** Raises an event (loop thread). */
    public void notify(Event event) {
        events.notify(event);
    }

    public void addListener(ProcessStateListener listener) {
        listeners.add(listener);
    }

    /** Runs {@code task} on the loop thread and hands back its result (or its exception). */
    public <T> CompletableFuture<T> call(java.util.function.Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    // --- groups --------------------------------------------------------------------------

    /** Activates every group of the configuration and autostarts their processes. */
    public void start() {
        for (GroupConfig gc : config.groups()) {
            try {
                addGroup(gc);
            } catch (FcgiSocket.CreateFailure e) {
                abortStart(e);
                return;
            }
        }
        events.notify(Event.supervisorRunning());
        ticks.start();
        for (ProcessGroup g : sortedGroups()) {
            for (Subprocess p : g.processes()) {
                p.transition();
            }
        }
    }

    /**
     * supervisord cannot start without every group: it leaves with the error before any process
     * was spawned. Here nothing has been spawned either (autostart waits for its turn of the
     * loop, which no longer spawns once the state is not RUNNING); {@link #stopped} completes
     * exceptionally with the failure, which the caller reports.
     */
    private void abortStart(RuntimeException failure) {
        log.critical(failure.getMessage());
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
        ProcessGroup group = new ProcessGroup(this, gc);
        groups.put(gc.name(), group);
        if (group.pool() != null) {
            events.addPool(group.pool());
        }
        events.notify(Event.groupAdded(gc.name()));
        if (state == SupervisorState.RUNNING) {
            loop.execute(() -> group.processes().forEach(Subprocess::transition));
        }
        return group;
    }

    /** Removes a group whose processes are all stopped (removeProcessGroup). */
    public void removeGroup(ProcessGroup group) {
        if (group.pool() != null) {
            events.removePool(group.pool());
        }
        groups.remove(group.name());
        group.close();
        group.processes().forEach(p -> p.logs().removeAutoLogs());
        events.notify(Event.groupRemoved(group.name()));
    }

    public ProcessGroup group(String name) {
        return groups.get(name);
    }

    /** Active groups ascending by (priority, name): supervisord's order for start and stop. */
    public List<ProcessGroup> sortedGroups() {
        List<ProcessGroup> list = new ArrayList<>(groups.values());
        list.sort(Comparator.comparingInt(ProcessGroup::priority).thenComparing(ProcessGroup::name));
        return list;
    }

    public Collection<ProcessGroup> groups() {
        return groups.values();
    }

    // --- state changes and waiting -------------------------------------------------------

    /** Called by a process on every state change. */
    void stateChanged(Subprocess process, ProcessState from, ProcessState to, boolean expected) {
        events.notify(Event.processState(to.name(), process.name(), process.group().name(), from.name(),
                process.backoff(), expected, process.pid()));
        if (to == ProcessState.RUNNING && process.group().pool() != null) {
            // a listener that survived startsecs may take the events that waited for it
            process.group().pool().scheduleDispatch();
        }
        for (ProcessStateListener l : listeners) {
            l.stateChanged(process, from, to);
        }
        markDirty();
    }

    /**
     * Something waits for a condition over process states (a deferred RPC, the shutdown).
     * Waiters are polled once after any batch of state changes, never per change, so a
     * thousand processes stopping at once cost one pass per loop turn.
     */
    public interface Waiter {
        /** Returns true when done (the waiter then completes its own future and is dropped). */
        boolean poll();
    }

    /** Polls the waiter now and keeps it until it reports done. */
    public void await(Waiter waiter) {
        if (!waiter.poll()) {
            waiters.add(waiter);
        }
    }

    private void markDirty() {
        if (!waitersDirty) {
            waitersDirty = true;
            loop.execute(this::pollWaiters);
        }
    }

    private void pollWaiters() {
        waitersDirty = false;
        for (Iterator<Waiter> it = new ArrayList<>(waiters).iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.poll()) {
                waiters.remove(w);
            }
        }
        if (stopGroups != null) {
            shutdownStep();
        }
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
        stopGroups = new ArrayList<>(sortedGroups());
        events.notify(Event.supervisorStopping());
        for (ProcessStateListener l : listeners) {
            l.supervisorStopping();
        }
        shutdownStep();
        // supervisord names what it still waits for on the first pass of the stop, then every 3 seconds
        reportWaitingEvery3s();
    }

    /**
     * One step of the ordered stop: the highest group still listed gets stop_all; once its
     * members are all stopped it is dropped and the next lower group follows.
     */
    private void shutdownStep() {
        while (!stopGroups.isEmpty()) {
            ProcessGroup g = stopGroups.getLast();
            g.stopAll();
            if (!g.unstopped().isEmpty()) {
                return;
            }
            stopGroups.removeLast();
        }
        if (unstopped().isEmpty() && !stopped.isDone()) {
            // every process has stopped and so released its socket; this only guards the odd one out
            groups.values().forEach(ProcessGroup::close);
            ticks.stop();
            stopped.complete(state);
        }
    }

    private void reportWaitingEvery3s() {
        if (stopped.isDone()) {
            return;
        }
        // named in priority order of their groups, as supervisord lists them
        List<Subprocess> left = sortedGroups().stream().flatMap(g -> g.unstopped().stream()).toList();
        if (!left.isEmpty()) {
            log.info("waiting for " + left.stream().map(Subprocess::name).collect(Collectors.joining(", "))
                    + " to die");
        }
        loop.schedule(3000, this::reportWaitingEvery3s);
    }

    /** Every process anywhere not in a stopped state. */
    public List<Subprocess> unstopped() {
        List<Subprocess> list = new ArrayList<>();
        for (ProcessGroup g : groups.values()) {
            list.addAll(g.unstopped());
        }
        return list;
    }

    /** At exit: AUTO child logs go away unless nocleanup. */
    public void cleanupLogs() {
        if (!config.supervisord().nocleanup()) {
            for (ProcessGroup g : groups.values()) {
                g.processes().forEach(p -> p.logs().removeAutoLogs());
            }
        }
    }

    // --- child environment ---------------------------------------------------------------

    /** supervisord's server URL for children: the first unix socket, else the inet port. */
    public String serverUrl() {
        for (HttpServerConfig s : config.httpServers()) {
            if (s.family() == HttpServerConfig.Family.UNIX) {
                return "unix://" + s.file();
            }
        }
        for (HttpServerConfig s : config.httpServers()) {
            return "http://" + (s.host().isEmpty() ? "localhost" : s.host()) + ":" + s.port();
        }
        return null;
    }

    /**
     * The environment of a child: the daemon's own, SUPERVISOR_* variables, then the
     * [supervisord] environment and the program's, which win over everything before them.
     */
    Map<String, String> childEnvironment(Subprocess p) {
        Map<String, String> env = new HashMap<>(baseEnvironment);
        env.put("SUPERVISOR_ENABLED", "1");
        String url = p.config().serverurl() != null ? p.config().serverurl() : serverUrl();
        if (url != null) {
            env.put("SUPERVISOR_SERVER_URL", url);
        }
        env.put("SUPERVISOR_PROCESS_NAME", p.name());
        env.put("SUPERVISOR_GROUP_NAME", p.group().name());
        env.putAll(config.supervisord().environment());
        env.putAll(p.config().environment());
        return env;
    }
}
