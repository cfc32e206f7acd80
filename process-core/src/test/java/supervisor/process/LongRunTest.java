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
 * after stopAll no child may be left.
 *
 * <p>The script is drawn from a seed, printed first; {@code -Dlongrun.seed=N} replays one.
 */
class LongRunTest {
    private static final int PROGRAMS = 1000;
    private static final long TICK = 100;
    private static final long HOUR = 3_600_000;

    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();

    /** What the bookkeeping holds at one moment. */
    private record Sample(long atSeconds, int timers, int scriptTimers, int waiters, int ready, int children) {
        int supervisorTimers() {
            return timers - scriptTimers;
        }
    }

    @Test
    void aThousandProgramsThroughEveryStateForAnHour() {
        long seed = Long.getLong("longrun.seed", System.nanoTime());
        System.out.println("LongRunTest seed " + seed + " (replay: -Dlongrun.seed=" + seed + ")");
        long wallStart = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        Random random = new Random(seed);

        List<ChildScript.Habit> habits = new ArrayList<>();
        List<GroupConfig> groups = configure(random, habits);
        Config config = Programs.config(Programs.supervisord("longrun"), groups);
        Supervisor s = new Supervisor(config, ActivityLog.console(LogLevel.WARN, OutputStream.nullOutputStream()),
                loop, loop, host);
        StateLedger ledger = new StateLedger(s, loop, host, TICK);
        ChildScript script = new ChildScript(loop, host, ledger, random);
        int i = 0;
        for (GroupConfig g : groups) {
            for (ProcessConfig pc : g.processes()) {
                script.program(pc, habits.get(i++));
            }
        }
        host.behave(script);
        Operator operator = new Operator(s, ledger);
        s.events().subscribe(EventType.PROCESS_STATE, ledger::onEvent);
        loop.execute(s::start);
        loop.runReady();
        ledger.followAll();
        List<Subprocess> all = operator.all();
        List<List<Subprocess>> groupMembers = s.sortedGroups().stream().map(ProcessGroup::byPriority).toList();

        Sample at10 = null;
        long stopAllAt = minutes(random, 5, 12);
        long startAllAt = Long.MAX_VALUE;
        long spawns = 0;
        long kills = 0;
        for (long t = TICK; t <= HOUR; t += TICK) {
            loop.advance(TICK);
            if (random.nextInt(7) == 0) {
                command(random, operator, all, groupMembers);
            }
            if (t >= stopAllAt) {
                operator.stopGroup(operator.all());
                stopAllAt = Long.MAX_VALUE;
                startAllAt = t + 2000 + random.nextLong(60_000);
            } else if (t >= startAllAt) {
                operator.startGroup(operator.all());
                startAllAt = Long.MAX_VALUE;
                stopAllAt = t + minutes(random, 5, 15);
            }
            loop.runReady();
            ledger.check();
            assertClean(seed, ledger, operator);
            Sample now = sample(s, script, t);
            assertTrue(now.supervisorTimers() <= PROGRAMS + 1,
                    () -> "seed " + seed + ": every process holds at most one timer, plus the ticks: " + now);
            if (t == 600_000) {
                at10 = now;
            }
            // the host's records of every spawn and signal would hold gigabytes by the end
            spawns += host.spawned.size();
            kills += host.kills.size();
            host.spawned.clear();
            host.kills.clear();
        }
        Sample at60 = sample(s, script, HOUR);

        // wind down: stopAll until nothing runs, whatever restarts or was beyond reach
        script.calm();
        boolean quiet = false;
        for (int round = 0; round < 30 && !quiet; round++) {
            operator.stopGroup(operator.all());
            for (int step = 0; step < 50; step++) {
                loop.advance(TICK);
                ledger.check();
                assertClean(seed, ledger, operator);
            }
            quiet = all.stream().allMatch(p -> p.state().isStopped() && p.pid() == 0) && host.aliveCount() == 0
                    && s.waiters().size() == 0 && loop.pendingTimers() - script.pendingDeaths() == 1;
        }
        spawns += host.spawned.size();
        kills += host.kills.size();
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;

        Map<String, Integer> visits = new TreeMap<>();
        ledger.visits().forEach((state, n) -> visits.put(state.name(), n));
        System.out.println("LongRunTest seed " + seed + ": " + PROGRAMS + " programs, 3600 s virtual in "
                + wallMillis + " ms (" + cpuMillis + " ms of CPU); transitions " + ledger.transitions()
                + ", spawns " + spawns
                + " (spawn errors " + script.spawnErrors + "), signals " + kills + " (SIGKILL escalations "
                + ledger.sigkills() + ", refused EPERM " + script.refusals + "), exits " + script.deaths
                + "; visits " + visits + "; commands " + operator.outcomes() + "; bookkeeping at 10 min " + at10
                + ", at 60 min " + at60);

        assertTrue(quiet, "seed " + seed + ": after stopAll something still runs: "
                + all.stream().filter(p -> !p.state().isStopped() || p.pid() != 0).toList()
                + ", children " + host.aliveCount() + ", waiters " + s.waiters().size()
                + ", timers " + loop.pendingTimers());
        // UNKNOWN is reachable: a signal that fails with other than ESRCH (here EPERM) puts it there
        assertEquals(EnumSet.allOf(ProcessState.class), ledger.visits().keySet(), "seed " + seed + ": " + visits);
        for (String refusal : List.of("start refused ALREADY_STARTED", "start refused NO_FILE",
                "stop refused NOT_RUNNING", "signal refused NOT_RUNNING", "start of STOPPING declined")) {
            assertTrue(operator.outcomes().getOrDefault(refusal, 0) > 0, "seed " + seed + ": no " + refusal);
        }
        assertTrue(ledger.sigkills() > 0, "seed " + seed + ": no stop escalated to SIGKILL");
        // bounded: an hour holds no more than ten minutes did, give or take the random load
        assertTrue(at60.supervisorTimers() <= at10.supervisorTimers() * 2 + 50, at10 + " then " + at60);
        assertTrue(at60.waiters() <= 100 && at10.waiters() <= 100, at10 + " then " + at60);
        assertTrue(at60.ready() == 0 && at10.ready() == 0, at10 + " then " + at60);

        // what is left once every process stopped: the TICK timer alone, then nothing at shutdown
        assertEquals(1, loop.pendingTimers());
        s.shutdown();
        loop.advance(TICK);
        assertTrue(s.stopped().isDone());
        assertEquals(0, loop.pendingTimers());
        assertEquals(0, s.waiters().size());
    }

    /** One command at random: mostly at single processes, also at groups. */
    private static void command(Random random, Operator operator, List<Subprocess> all,
                                List<List<Subprocess>> groups) {
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

    private Sample sample(Supervisor s, ChildScript script, long at) {
        return new Sample(at / 1000, loop.pendingTimers(), script.pendingDeaths(), s.waiters().size(),
                loop.readyTasks(), host.aliveCount());
    }

    private static void assertClean(long seed, StateLedger ledger, Operator operator) {
        List<String> found = new ArrayList<>(ledger.violations());
        found.addAll(operator.violations());
        if (!found.isEmpty()) {
            fail("seed " + seed + " (replay: -Dlongrun.seed=" + seed + "): " + found.size() + " breaches, first:\n"
                    + String.join("\n", found.subList(0, Math.min(20, found.size()))));
        }
    }
}
