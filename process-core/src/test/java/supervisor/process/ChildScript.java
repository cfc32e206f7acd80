package supervisor.process;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import supervisor.config.ProcessConfig;
import supervisor.posix.SpawnRequest;
import supervisor.posix.Signals;
import supervisor.posix.WaitStatus;

/**
 * What the children of a long run do, drawn from a seeded random: when each one exits and how
 * (too quickly, later with an expected or unexpected code, by a signal, or never), whether it
 * heeds its stop signal or waits for SIGKILL, whether an operator's signal ends it, and which
 * spawns fail (ENOENT, EAGAIN) or signals are refused (EPERM, which puts its process in UNKNOWN).
 * Exits come from timers on the test's loop, as the I/O thread would deliver them.
 */
final class ChildScript implements ScriptedHost.Behaviour {
    static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EAGAIN = 11;

    /** How a program's children tend to live. */
    enum Habit {
        /** Mostly run until stopped. */
        STEADY,
        /** Mostly exit within startsecs: BACKOFF, and FATAL after the retries. */
        CRASHY,
        /** Mostly run a while, then exit. */
        WORKER,
        /** Run like STEADY, but many spawns fail. */
        FLAKY
    }

    /** One live child. */
    private static final class Child {
        final int pid;
        final ProcessConfig config;
        /** Ends when its stop signal comes (else only SIGKILL ends it). */
        final boolean heedsStop;
        EventLoop.Timer death;
        long deathAt;

        Child(int pid, ProcessConfig config, boolean heedsStop) {
            this.pid = pid;
            this.config = config;
            this.heedsStop = heedsStop;
        }
    }

    private final ManualLoop loop;
    private final ScriptedHost host;
    private final StateLedger ledger;
    private final Random random;
    private final Map<String, ProcessConfig> configs = new HashMap<>();
    private final Map<String, Habit> habits = new HashMap<>();
    private final Map<Integer, Child> children = new HashMap<>();
    /** False once the run winds down: every spawn succeeds and every signal arrives. */
    private boolean chaos = true;
    /** Children with an exit scheduled. */
    private int dying;
    long spawns, spawnErrors, signals, refusals, deaths;

    ChildScript(ManualLoop loop, ScriptedHost host, StateLedger ledger, Random random) {
        this.loop = loop;
        this.host = host;
        this.ledger = ledger;
        this.random = random;
    }

    void program(ProcessConfig config, Habit habit) {
        configs.put(config.name(), config);
        habits.put(config.name(), habit);
    }

    /** From now on spawns succeed and signals arrive. */
    void calm() {
        chaos = false;
    }

    /** From now on spawns may fail and signals be refused again. */
    void stir() {
        chaos = true;
    }

    /** Exits scheduled and not yet delivered. */
    int pendingDeaths() {
        return dying;
    }

    @Override
    public int spawnErrno(SpawnRequest request) {
        if (!chaos) {
            return 0;
        }
        double rate = habits.get(name(request)) == Habit.FLAKY ? 0.4 : 0.02;
        if (random.nextDouble() >= rate) {
            return 0;
        }
        spawnErrors++;
        return random.nextBoolean() ? ENOENT : EAGAIN;
    }

    @Override
    public void spawned(int pid, SpawnRequest request) {
        String name = name(request);
        ProcessConfig c = configs.get(name);
        spawns++;
        ledger.spawned(name, pid);
        Child child = new Child(pid, c, random.nextInt(10) < 6);
        children.put(pid, child);
        long startsecs = c.startsecs() * 1000L;
        double x = random.nextDouble();
        double early, late;
        long horizon;
        switch (habits.get(name)) {
            case CRASHY -> { early = 0.55; late = 0.35; horizon = 60_000; }
            case WORKER -> { early = 0.05; late = 0.80; horizon = 300_000; }
            default -> { early = 0.03; late = 0.12; horizon = 1_800_000; }
        }
        if (x < early) {
            // within startsecs; with startsecs=0, within a second of RUNNING
            dieIn(child, startsecs > 0 ? random.nextLong(startsecs) : random.nextLong(1000), exitStatus(c));
        } else if (x < early + late) {
            // at startsecs exactly now and then: the exit that makes it RUNNING, then EXITED
            dieIn(child, startsecs + (random.nextInt(20) == 0 ? 0 : random.nextLong(horizon)), exitStatus(c));
        }
    }

    @Override
    public int signalled(int pid, int sig) {
        ledger.signalled(pid, sig);
        Child child = children.get(Math.abs(pid));
        if (child == null) {
            return ESRCH;
        }
        signals++;
        if (chaos && random.nextInt(250) == 0) {
            // a child beyond the daemon's reach (it changed its uid): it goes on, and ends some day
            refusals++;
            ledger.refused(child.pid);
            dieIn(child, 1000 + random.nextLong(30_000), exitStatus(child.config));
            return EPERM;
        }
        long stopwait = child.config.stopwaitsecs() * 1000L;
        if (sig == Signals.SIGKILL) {
            // now and then a child stuck in the kernel outlives the first SIGKILL
            long delay = random.nextInt(20) == 0 ? stopwait + random.nextLong(stopwait * 3 / 2) : random.nextLong(50);
            dieIn(child, delay, WaitStatus.killed(Signals.SIGKILL));
        } else if (ledger.stopping(child.pid)) {
            if (child.heedsStop) {
                dieIn(child, random.nextLong(stopwait * 9 / 10 + 1),
                        random.nextBoolean() ? WaitStatus.exited(0) : WaitStatus.killed(sig));
            }
        } else if (random.nextInt(4) == 0) {
            dieIn(child, random.nextLong(300), WaitStatus.killed(sig));
        }
        return 0;
    }

    /** The child exits {@code delay} ms from now, unless an exit is due sooner already. */
    private void dieIn(Child child, long delay, WaitStatus status) {
        long at = loop.monotonicMillis() + delay;
        if (child.death != null) {
            if (child.deathAt <= at) {
                return;
            }
            child.death.cancel();
        } else {
            dying++;
        }
        child.deathAt = at;
        child.death = loop.schedule(delay, () -> {
            children.remove(child.pid);
            dying--;
            ledger.died(child.pid);
            deaths++;
            host.exit(child.pid, status);
        });
    }

    /** An expected code, an unexpected one, or death by a signal. */
    private WaitStatus exitStatus(ProcessConfig c) {
        int x = random.nextInt(20);
        List<Integer> codes = c.exitcodes();
        if (x < 9 && !codes.isEmpty()) {
            return WaitStatus.exited(codes.get(random.nextInt(codes.size())));
        }
        if (x < 17) {
            int code = List.of(1, 2, 3, 127, 255).get(random.nextInt(5));
            return WaitStatus.exited(codes.contains(code) ? 42 : code);
        }
        return WaitStatus.killed(random.nextBoolean() ? 11 : 6);
    }

    private static String name(SpawnRequest request) {
        return request.env().get("SUPERVISOR_PROCESS_NAME");
    }
}
