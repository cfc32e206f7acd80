package supervisor.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import supervisor.depends.DependencyGraph;

/**
 * {@code depends_on} on the supervisor loop (beyond.md): no process is spawned before every
 * process it depends on is RUNNING. A process that wants to spawn by itself (autostart,
 * autorestart, a BACKOFF retry, a health restart) asks {@link #holds} first and, held, is
 * re-examined by its own {@code transition()} once its dependencies are up; a start request
 * ({@link #start}) starts the stopped dependencies first and spawns each member as soon as its
 * own dependencies are RUNNING. Both are looked at again after every batch of state changes, so
 * every process whose dependencies came up in that batch is spawned in the same turn: independent
 * branches start side by side. Without any {@code depends_on} nothing is ever held and every
 * spawn happens where and when it happened before.
 */
public final class DependencyScheduler {
    private final EventLoop loop;
    private final Supplier<Collection<ProcessGroup>> groups;
    private final Supplier<SupervisorState> mood;
    private final Waiters waiters;
    /** The graph of the active processes; null once the groups changed, made again when asked for. */
    private DependencyGraph<Subprocess> graph;
    /** Processes that wanted to spawn by themselves, with what re-examines them (their transition, mostly). */
    private final Map<Subprocess, Runnable> held = new LinkedHashMap<>();
    /** Processes a start request asked for and not spawned yet; released by spawning them. */
    private final Set<Subprocess> requested = new LinkedHashSet<>();
    private boolean passQueued;

    DependencyScheduler(EventLoop loop, Supplier<Collection<ProcessGroup>> groups, Supplier<SupervisorState> mood,
                        Waiters waiters) {
        this.loop = loop;
        this.groups = groups;
        this.mood = mood;
        this.waiters = waiters;
    }

    /** The graph of the active processes, in the order of the groups' start (priority, name), then the members'. */
    public DependencyGraph<Subprocess> graph() {
        if (graph == null) {
            List<ProcessGroup> sorted = new ArrayList<>(groups.get());
            sorted.sort(Comparator.comparingInt(ProcessGroup::priority).thenComparing(ProcessGroup::name));
            List<Subprocess> all = new ArrayList<>();
            sorted.forEach(g -> all.addAll(g.processes()));
            graph = DependencyGraph.of(all, p -> p.group().name(), Subprocess::name, p -> p.config().dependsOn());
        }
        return graph;
    }

    /** A group came or went: names may mean other processes now; what waits for a removed one still waits. */
    void groupsChanged() {
        graph = null;
        Set<Subprocess> active = new HashSet<>();
        groups.get().forEach(g -> active.addAll(g.processes()));
        held.keySet().retainAll(active);
        requested.retainAll(active);
        stateChanged();
    }

    // --- starting ------------------------------------------------------------------------

    /**
     * Asked by a process about to spawn by itself: true when a dependency is not RUNNING (or
     * names no active process); the process is then held, and {@code retry} (what decided to
     * spawn it) runs again once they are all RUNNING.
     */
    boolean holds(Subprocess p, Runnable retry) {
        if (p.config().dependsOn().isEmpty() || isClear(p)) {
            return false;
        }
        held.put(p, retry);
        p.waitingFor(waitingText(p));
        return true;
    }

    /**
     * The processes a start request for {@code wanted} starts, in the order they are started:
     * each stopped dependency (STOPPED, EXITED, FATAL), and the stopped dependencies of those,
     * before what depends on it, then the wanted ones. A dependency already on its way up or
     * RUNNING is not started again, and what it depends on is its own business.
     */
    public List<Subprocess> startChain(Collection<Subprocess> wanted) {
        Set<Subprocess> all = new LinkedHashSet<>();
        for (Subprocess p : wanted) {
            pull(p, all);
            all.add(p);
        }
        return graph().startOrder(all);
    }

    private void pull(Subprocess p, Set<Subprocess> into) {
        for (Subprocess d : graph().dependencies(p)) {
            if (d.state().isStopped() && !requested.contains(d) && !into.contains(d)) {
                into.add(d);
                pull(d, into);
            }
        }
    }

    /**
     * A start request (startProcess and the group and all variants): {@link #startChain} is
     * requested, and each member whose dependencies are RUNNING is spawned now, in that order;
     * the others as soon as theirs are.
     *
     * @return the members spawned now, in the order they were spawned
     */
    public List<Subprocess> start(Collection<Subprocess> wanted) {
        List<Subprocess> chain = startChain(wanted);
        requested.addAll(chain);
        List<Subprocess> spawned = new ArrayList<>();
        for (Subprocess p : chain) {
            if (isClear(p)) {
                requested.remove(p);
                spawnRequested(p);
                spawned.add(p);
            } else {
                p.waitingFor(waitingText(p));
            }
        }
        return spawned;
    }

    /** True while a start request or the process's own transition waits for its dependencies. */
    public boolean isWaiting(Subprocess p) {
        return requested.contains(p) || held.containsKey(p);
    }

    /** A stop of the process, or of a group or all: what waited to start it waits no more. */
    public void cancel(Subprocess p) {
        if (requested.remove(p) | held.remove(p) != null) {
            p.waitingFor(null);
        }
    }

    /** The supervisor is going down: nothing waits to start any more. */
    void clear() {
        List.copyOf(requested).forEach(this::cancel);
        List.copyOf(held.keySet()).forEach(this::cancel);
    }

    /** Processes changed state: what waits is looked at once, after the loop's queued work. */
    void stateChanged() {
        if (!passQueued && !(held.isEmpty() && requested.isEmpty())) {
            passQueued = true;
            loop.execute(this::pass);
        }
    }

    /** Spawns every waiting process whose dependencies are all RUNNING now, in the order they began to wait. */
    private void pass() {
        passQueued = false;
        if (mood.get() != SupervisorState.RUNNING) {
            clear();
            return;
        }
        for (Subprocess p : List.copyOf(requested)) {
            if (isClear(p)) {
                requested.remove(p);
                held.remove(p);
                spawnRequested(p);
            } else {
                p.waitingFor(waitingText(p));
            }
        }
        for (Subprocess p : List.copyOf(held.keySet())) {
            if (isClear(p)) {
                Runnable retry = held.remove(p);
                p.waitingFor(null);
                retry.run();
            } else {
                p.waitingFor(waitingText(p));
            }
        }
    }

    /** As startProcess spawns: then, unless the spawn failed, the state machine looks at it at once (startsecs=0). */
    private void spawnRequested(Subprocess p) {
        p.waitingFor(null);
        p.spawn();
        if (p.spawnerr() == null) {
            p.settle();
        }
    }

    private boolean isClear(Subprocess p) {
        DependencyGraph<Subprocess> g = graph();
        return g.unknown(p).isEmpty() && g.dependencies(p).stream().allMatch(d -> d.state() == ProcessState.RUNNING);
    }

    /** What getProcessInfo's description says of a waiting process: each dependency not RUNNING, with its state. */
    private String waitingText(Subprocess p) {
        DependencyGraph<Subprocess> g = graph();
        List<String> blocking = new ArrayList<>();
        for (Subprocess d : g.dependencies(p)) {
            if (d.state() != ProcessState.RUNNING) {
                blocking.add(d.namespec() + " (" + d.state().name() + ")");
            }
        }
        g.unknown(p).forEach(spec -> blocking.add(spec + " (not active)"));
        return "waiting for " + String.join(", ", blocking);
    }

    // --- stopping ------------------------------------------------------------------------

    /**
     * Completes once every dependent of {@code p} among {@code stopping} is in a stopped state:
     * at once when none is (always so without depends_on), else after the batch of state
     * changes that stopped the last of them. A stop of several processes stops dependents first.
     */
    public CompletableFuture<Void> afterDependents(Subprocess p, Collection<Subprocess> stopping) {
        CompletableFuture<Void> clear = new CompletableFuture<>();
        List<Subprocess> dependents = graph().allDependents(p).stream().filter(stopping::contains).toList();
        waiters.await(() -> {
            if (dependents.stream().allMatch(d -> d.state().isStopped())) {
                clear.complete(null);
            }
            return clear.isDone();
        });
        return clear;
    }
}
