package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import supervisor.config.AutoRestart;
import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.config.ProcessConfig;
import supervisor.events.EventType;
import supervisor.logging.ActivityLog;
import supervisor.posix.Signals;

/**
 * A thousand programs of every kind of setting through an hour of virtual time: children that
 * exit early or late, with expected or unexpected codes, or ignore their stop signal; spawns
 * that fail; an operator who starts, stops, restarts and signals at random, often when the
 * command must be refused. Every transition is checked against supervisord's state graph and
 * rules as it happens ({@link StateLedger}); the loop's timers and waiters must stay bounded;
 * after stopAll no child may be left. Then all start again and the supervisor shuts down, one
 * group at a time, until nothing is left at all.
 *
 * <p>The script is drawn from a seed, printed first; {@code -Dlongrun.seed=N} replays one.
 */
class LongRunTest {
    private static final int PROGRAMS = 1000;
    private static final long TICK = 100;
    private static final long HOUR = 3_600_000;
    private static final Set<ProcessState> TIMED = EnumSet.of(ProcessState.STARTING, ProcessState.BACKOFF,
            ProcessState.STOPPING, ProcessState.EXITED, ProcessState.UNKNOWN);

    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();

    /**
     * What the bookkeeping holds at one moment. A process holds a timer only in a state that
     * waits for one (STARTING, BACKOFF, STOPPING, EXITED before a paced autorestart, UNKNOWN
     * until a startsecs or stopwaitsecs timer set before it fires); the supervisor holds the TICK
     * timer and, while it shuts down, the ordered stop's waiter and its 3-second report; a waiter
     * is left only for a restart still waiting for its stop.
     */
    private record Sample(long atSeconds, int timers, int scriptTimers, int timedProcesses, int ownTimers,
                          int waiters, int ownWaiters, int restartsWaiting, int ready, int children) {
        int supervisorTimers() {
            return timers - scriptTimers;
        }

        /** Timers beyond one per waiting process and the supervisor's own: 0, or something leaks. */
        int strayTimers() {
            return Math.max(0, supervisorTimers() - timedProcesses - ownTimers);
        }

        boolean bounded() {
            return strayTimers() == 0 && waiters <= restartsWaiting + ownWaiters && ready == 0
                    && children <= PROGRAMS;
        }
    }

    private long seed;
    private Supervisor supervisor;
    private StateLedger ledger;
    private ChildScript script;
    private Operator operator;
    private List<Subprocess> all;
    private long signals;

    @Test
    void aThousandProgramsThroughEveryStateForAnHour() {
        seed = Long.getLong("longrun.seed", System.nanoTime());
        System.out.println("LongRunTest seed " + seed + " (replay: -Dlongrun.seed=" + seed + ")");
        long wallStart = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        Random random = new Random(seed);
        startSupervisor(random);

        Sample at10 = null;
        List<List<Subprocess>> groups = supervisor.sortedGroups().stream().map(ProcessGroup::byPriority).toList();
        long stopAllAt = minutes(random, 5, 12);
        long startAllAt = Long.MAX_VALUE;
        for (long t = TICK; t <= HOUR; t += TICK) {
            loop.advance(TICK);
            if (random.nextInt(7) == 0) {
                command(random, all, groups);
            }
            if (t >= stopAllAt) {
                operator.stopGroup(all);
                stopAllAt = Long.MAX_VALUE;
                startAllAt = t + 2000 + random.nextLong(60_000);
            } else if (t >= startAllAt) {
                operator.startGroup(all);
                startAllAt = Long.MAX_VALUE;
                stopAllAt = t + minutes(random, 5, 15);
            }
            loop.runReady();
            Sample now = checkStep(t);
            if (t == 600_000) {
                at10 = now;
            }
        }
        Sample at60 = sample(HOUR);
        boolean quiet = windDown();
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;

        Map<String, Integer> visits = new TreeMap<>();
        ledger.visits().forEach((state, n) -> visits.put(state.name(), n));
        System.out.println("LongRunTest seed " + seed + ": " + PROGRAMS + " programs, 3600 s virtual in "
                + wallMillis + " ms (" + cpuMillis + " ms of CPU); transitions " + ledger.transitions()
                + ", spawns " + script.spawns + " (spawn errors " + script.spawnErrors + "), signals " + signals
                + " (SIGKILL escalations " + ledger.sigkills() + ", refused EPERM " + script.refusals + "), exits "
                + script.deaths + "; visits " + visits + "; commands " + operator.outcomes()
                + "; bookkeeping at 10 min " + at10 + ", at 60 min " + at60);

        assertTrue(quiet, "seed " + seed + ": after stopAll something still runs: "
                + all.stream().filter(p -> !p.state().isStopped() || p.pid() != 0).toList()
                + ", children " + host.aliveCount() + ", waiters " + supervisor.waiters().size()
                + ", timers " + loop.pendingTimers());
        // UNKNOWN is reachable: a signal that fails with other than ESRCH (here EPERM) puts it there
        assertEquals(EnumSet.allOf(ProcessState.class), ledger.visits().keySet(), "seed " + seed + ": " + visits);
        for (String refusal : List.of("start refused ALREADY_STARTED", "start refused NO_FILE",
                "stop refused NOT_RUNNING", "signal refused NOT_RUNNING", "start of STOPPING declined")) {
            assertTrue(operator.outcomes().getOrDefault(refusal, 0) > 0, "seed " + seed + ": no " + refusal);
        }
        assertTrue(ledger.sigkills() > 0, "seed " + seed + ": no stop escalated to SIGKILL");
        // nothing piles up with time: after an hour as after ten minutes, only what is waited for
        assertTrue(at10.bounded() && at60.bounded(), at10 + " then " + at60);
        assertEquals(at10.strayTimers(), at60.strayTimers());

        // what is left once every process stopped: the TICK timer alone
        assertEquals(1, loop.pendingTimers());

        long shutdownSeconds = startAllThenShutDown(random);
        System.out.println("LongRunTest seed " + seed + ": then startAll, 2 min, and a shutdown over "
                + shutdownSeconds + " s; in all " + (System.nanoTime() - wallStart) / 1_000_000 + " ms ("
                + (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000 + " ms of CPU), transitions "
                + ledger.transitions() + ", visits " + ledger.visits() + ", commands " + operator.outcomes());
        assertTrue(supervisor.stopped().isDone(), () -> "seed " + seed + ": the shutdown never completed: "
                + all.stream().filter(p -> !p.state().isStopped()).map(p -> p + " in group " + p.group().name()
                        + " priority " + p.group().priority() + " spawnerr " + p.spawnerr()).toList());
        assertEquals(List.of(), all.stream().filter(p -> !p.state().isStopped() || p.pid() != 0).toList());
        assertEquals(0, host.aliveCount());
        assertEquals(0, loop.pendingTimers());
        assertEquals(0, supervisor.waiters().size());
    }

    /**
     * Everything starts again, the operator goes on for two minutes, then the supervisor shuts
     * down: groups stopped one at a time from the highest priority, no process started again,
     * BACKOFF given up. Returns how long the shutdown took, in seconds of virtual time; afterwards
     * the children of processes left in UNKNOWN end on their own, and nothing may be left.
     */
    private long startAllThenShutDown(Random random) {
        script.stir();
        operator.startGroup(all);
        List<List<Subprocess>> groups = supervisor.sortedGroups().stream().map(ProcessGroup::byPriority).toList();
        long t = loop.monotonicMillis();
        for (int step = 0; step < 1200; step++) {
            loop.advance(TICK);
            if (random.nextInt(7) == 0) {
                command(random, all, groups);
            }
            loop.runReady();
            checkStep(t += TICK);
        }
        script.calm();
        supervisor.shutdown();
        long begun = t;
        // one group at a time, each as long as its slowest member: up to stopwaitsecs, or more
        // for a child that outlives its first SIGKILL; a few hundred groups take many minutes
        while (!supervisor.stopped().isDone() && t - begun < 2 * HOUR) {
            loop.advance(TICK);
            if (random.nextInt(7) == 0) {
                command(random, all, groups); // refused: SHUTDOWN_STATE
            }
            checkStep(t += TICK);
        }
        long took = (t - begun) / 1000;
        for (int step = 0; step < 400; step++) {
            loop.advance(TICK);
            checkStep(t += TICK);
        }
        return took;
    }

    /** The programs, their children's script, the ledger and the operator; then the supervisor starts. */
    private void startSupervisor(Random random) {
        List<ChildScript.Habit> habits = new ArrayList<>();
        List<GroupConfig> groups = configure(random, habits);
        Config config = Programs.config(Programs.supervisord("longrun"), groups);
        supervisor = new Supervisor(config, ActivityLog.console(LogLevel.WARN, OutputStream.nullOutputStream()),
                loop, loop, host);
        ledger = new StateLedger(supervisor, loop, host, TICK);
        script = new ChildScript(loop, host, ledger, random);
        int i = 0;
        for (GroupConfig g : groups) {
            for (ProcessConfig pc : g.processes()) {
                script.program(pc, habits.get(i++));
            }
        }
        host.behave(script);
        operator = new Operator(supervisor, ledger);
        supervisor.events().subscribe(EventType.PROCESS_STATE, ledger::onEvent);
        loop.execute(supervisor::start);
        loop.runReady();
        ledger.followAll();
        all = operator.all();
    }

    /** After each step: the rules, and the bookkeeping against what is waited for. */
    private Sample checkStep(long t) {
        ledger.check();
        List<String> found = new ArrayList<>(ledger.violations());
        found.addAll(operator.violations());
        if (!found.isEmpty()) {
            fail("seed " + seed + " (replay: -Dlongrun.seed=" + seed + "): " + found.size() + " breaches, first:\n"
                    + String.join("\n", found.subList(0, Math.min(20, found.size()))));
        }
        Sample now = sample(t);
        assertTrue(now.bounded(), () -> "seed " + seed + ": bookkeeping beyond what is waited for: " + now);
        // the host's records of every spawn and signal would hold gigabytes by the end
        signals += host.kills.size();
        host.spawned.clear();
        host.kills.clear();
        return now;
    }

    /**
     * Calms the children (spawns succeed, signals arrive) and stops all, again every 5 s while
     * anything runs: a process autorestarted after leaving UNKNOWN, or restarted by a waiting
     * restart. True once nothing runs, no child lives, nothing waits and no timer but TICK's is left.
     */
    private boolean windDown() {
        script.calm();
        long t = HOUR;
        for (int round = 0; round < 30; round++) {
            operator.stopGroup(all);
            for (int step = 0; step < 50; step++) {
                loop.advance(TICK);
                t += TICK;
                checkStep(t);
            }
            if (all.stream().allMatch(p -> p.state().isStopped() && p.pid() == 0) && host.aliveCount() == 0
                    && supervisor.waiters().size() == 0 && loop.pendingTimers() - script.pendingDeaths() == 1) {
                return true;
            }
        }
        return false;
    }

    /** One command at random: mostly at single processes, also at groups. */
    private void command(Random random, List<Subprocess> all, List<List<Subprocess>> groups) {
        Subprocess p = all.get(random.nextInt(all.size()));
        List<Subprocess> g = groups.get(random.nextInt(groups.size()));
        int sig = List.of(Signals.SIGHUP, Signals.SIGUSR1, Signals.SIGUSR2, Signals.SIGINT).get(random.nextInt(4));
        int x = random.nextInt(100);
        if (x < 28) {
            operator.start(p);
        } else if (x < 52) {
            operator.stop(p);
        } else if (x < 66) {
            operator.restart(p);
        } else if (x < 78) {
            operator.signal(p, sig);
        } else if (x < 84) {
            operator.startGroup(g);
        } else if (x < 90) {
            operator.stopGroup(g);
        } else if (x < 95) {
            operator.restartGroup(g);
        } else {
            operator.signalGroup(g, sig);
        }
    }

    /**
     * The programs: most alone in their group, some as a homogeneous group of like processes
     * (numprocs), some in a heterogeneous [group:x]; settings drawn for each.
     */
    private static List<GroupConfig> configure(Random random, List<ChildScript.Habit> habits) {
        List<GroupConfig> groups = new ArrayList<>();
        int n = 0;
        while (n < PROGRAMS) {
            int x = random.nextInt(10);
            int size = Math.min(PROGRAMS - n, x < 6 ? 1 : 2 + random.nextInt(6));
            boolean alike = x < 8;
            List<ProcessConfig> members = new ArrayList<>();
            ProcessConfig template = program(random, n);
            ChildScript.Habit habit = habit(random);
            for (int k = 0; k < size; k++, n++) {
                String name = String.format("p%03d", n);
                ProcessConfig pc = alike ? Programs.edit(template, e -> {
                    e.name = name;
                    e.programName = name;
                }) : program(random, n);
                members.add(pc);
                habits.add(alike ? habit : habit(random));
            }
            String groupName = size == 1 ? members.getFirst().name() : "g" + groups.size();
            int priority = List.of(-1, 0, 10, 100, 500, 999).get(random.nextInt(6));
            groups.add(Programs.group(groupName, priority, members.toArray(ProcessConfig[]::new)));
        }
        return groups;
    }

    private static ProcessConfig program(Random random, int n) {
        String name = String.format("p%03d", n);
        return Programs.program(name, p -> Programs.edit(p, e -> {
            e.startsecs = List.of(0, 1, 5).get(random.nextInt(3));
            e.startretries = random.nextInt(4);
            e.autorestart = AutoRestart.values()[random.nextInt(3)];
            e.exitcodes = List.of(List.of(0), List.of(0, 2), List.of(1), List.of(0, 1, 3)).get(random.nextInt(4));
            e.stopwaitsecs = List.of(1, 2, 5, 10).get(random.nextInt(4));
            e.stopsignal = List.of(Signals.SIGTERM, Signals.SIGTERM, Signals.SIGINT, Signals.SIGQUIT, Signals.SIGHUP,
                    Signals.SIGUSR1).get(random.nextInt(6));
            e.stopasgroup = random.nextInt(4) == 0;
            e.killasgroup = e.stopasgroup || random.nextInt(8) == 0;
            e.autostart = random.nextInt(10) != 0;
            e.priority = random.nextInt(1000);
            if (random.nextInt(50) == 0) {
                e.command = "/nonexistent/program-" + n;
            }
        }));
    }

    private static ChildScript.Habit habit(Random random) {
        int x = random.nextInt(100);
        return x < 45 ? ChildScript.Habit.STEADY : x < 70 ? ChildScript.Habit.CRASHY
                : x < 95 ? ChildScript.Habit.WORKER : ChildScript.Habit.FLAKY;
    }

    private static long minutes(Random random, int from, int to) {
        return from * 60_000L + random.nextLong((to - from) * 60_000L);
    }

    private Sample sample(long at) {
        int timed = 0;
        for (Subprocess p : all) {
            if (TIMED.contains(p.state())) {
                timed++;
            }
        }
        boolean stopping = supervisor.state() != SupervisorState.RUNNING;
        // after the shutdown the TICK timer is gone, but a report may be due still
        int ownTimers = !stopping ? 1 : supervisor.stopped().isDone() ? 1 : 2;
        int ownWaiters = stopping && !supervisor.stopped().isDone() ? 1 : 0;
        return new Sample(at / 1000, loop.pendingTimers(), script.pendingDeaths(), timed, ownTimers,
                supervisor.waiters().size(), ownWaiters, operator.restartsWaiting(), loop.readyTasks(),
                host.aliveCount());
    }
}
