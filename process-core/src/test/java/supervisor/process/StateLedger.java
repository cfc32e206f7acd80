package supervisor.process;

import static supervisor.process.ProcessState.BACKOFF;
import static supervisor.process.ProcessState.EXITED;
import static supervisor.process.ProcessState.RUNNING;
import static supervisor.process.ProcessState.STARTING;
import static supervisor.process.ProcessState.STOPPED;
import static supervisor.process.ProcessState.STOPPING;
import static supervisor.process.ProcessState.UNKNOWN;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import supervisor.config.AutoRestart;
import supervisor.config.ProcessConfig;
import supervisor.events.Event;
import supervisor.posix.Signals;

/**
 * Follows every process of a supervisor through its PROCESS_STATE events and the signals its
 * children get, and writes down each breach of supervisord's rules: an edge not in
 * {@link StateGraph}, a from_state other than the last state, a start nobody asked for, backoff
 * delays and counts, startsecs and stopwaitsecs overrun, a signal to a child that is gone. The
 * events are checked as they come; {@link #check} looks at what no event announces (a state held
 * too long, a child nobody tracks). Loop thread only.
 */
final class StateLedger {
    private static final String TOO_QUICKLY = "Exited too quickly (process log may have details)";

    /** What the ledger knows of one process. */
    static final class Track {
        final Subprocess process;
        final ProcessConfig config;
        ProcessState state = STOPPED;
        /** When the current state was entered. */
        long since;
        long startingAt;
        /** supervisord's backoff counter, kept by its rules, against the events' tries. */
        int backoff;
        /** Spawned at least once (supervisord's laststart != 0): no more autostart. */
        boolean started;
        /** The newest child's pid; 0 before the first. */
        int pid;
        /** The current start got a child (false: a spawn error). */
        boolean spawned;
        /** Whether the last exit calls for an autorestart. */
        boolean autorestarts;
        long lastKillAt;
        /** Signals kill() sent since the process entered STOPPING. */
        int kills;
        /** An operator call is acting on this process: its transitions were asked for. */
        boolean operator;
        /** An operator's signalProcess is under way: the signal is no stop. */
        boolean signalling;
        /** The child just refused a signal (EPERM): UNKNOWN is due. */
        boolean refused;
        int starts;
        int stops;
        int transitions;

        Track(Subprocess process) {
            this.process = process;
            this.config = process.config();
        }
    }

    private final Supervisor supervisor;
    private final ManualLoop loop;
    private final ScriptedHost host;
    private final long tick;
    private final Map<String, Track> tracks = new HashMap<>();
    /** The same, to go through once a step. */
    private final List<Track> trackList = new ArrayList<>();
    private final Map<Integer, Track> children = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<ProcessState, Integer> visits = new EnumMap<>(ProcessState.class);
    private long transitions;
    private long sigkills;

    /** @param tick how far the test advances the clock at a time: the slack of every "at most" */
    StateLedger(Supervisor supervisor, ManualLoop loop, ScriptedHost host, long tick) {
        this.supervisor = supervisor;
        this.loop = loop;
        this.host = host;
        this.tick = tick;
    }

    Track track(Subprocess p) {
        return track(p.name());
    }

    /** Every process is known from its first event on, or from the first look at it; all start STOPPED. */
    private Track track(String name) {
        return tracks.computeIfAbsent(name, n -> {
            visits.merge(STOPPED, 1, Integer::sum);
            Track t = new Track(supervisor.groups().stream().map(g -> g.process(n)).filter(p -> p != null)
                    .findFirst().orElseThrow());
            trackList.add(t);
            return t;
        });
    }

    /** Follows every process of the supervisor from now on, those without an event yet too. */
    void followAll() {
        supervisor.groups().forEach(g -> g.processes().forEach(this::track));
    }

    /** Runs an operator's call on {@code p}: the transitions it makes were asked for. */
    void acting(Subprocess p, Runnable call) {
        Track t = track(p);
        t.operator = true;
        try {
            call.run();
        } finally {
            t.operator = false;
        }
    }

    /** Runs an operator's signalProcess on {@code p}. */
    void signalling(Subprocess p, Runnable call) {
        Track t = track(p);
        t.signalling = true;
        try {
            acting(p, call);
        } finally {
            t.signalling = false;
        }
    }

    // --- what the supervisor and the children tell --------------------------------------

    /** A PROCESS_STATE event. */
    void onEvent(Event e) {
        ProcessState to = ProcessState.valueOf(e.type().name().substring("PROCESS_STATE_".length()));
        Map<String, String> f = fields(e.payload());
        Track t = track(f.get("processname"));
        ProcessState from = ProcessState.valueOf(f.get("from_state"));
        long now = loop.monotonicMillis();
        ProcessConfig c = t.config;
        String at = t.process.name() + " " + from + "->" + to + " at " + now + " ms: ";
        boolean moodRunning = supervisor.state() == SupervisorState.RUNNING;
        transitions++;
        t.transitions++;
        visits.merge(to, 1, Integer::sum);

        if (from != t.state) {
            violation(at + "from_state, but the last event left it " + t.state);
        }
        boolean reaped = !host.isAlive(t.pid);
        if (!StateGraph.isEdge(from, to) && !(from == UNKNOWN && StateGraph.AFTER_UNKNOWN.contains(to) && reaped)) {
            violation(at + "no such edge");
        }
        switch (to) {
            case STARTING -> {
                boolean auto = moodRunning && switch (from) {
                    case STOPPED -> !t.started && c.autostart();
                    // autorestart paced at most a second (RestartPace)
                    case EXITED -> t.autorestarts && now - t.since <= 1000;
                    case BACKOFF -> t.backoff <= c.startretries() && now >= t.since + t.backoff * 1000L
                            && now <= t.since + t.backoff * 1000L + tick;
                    default -> false;
                };
                // startProcess refuses a process in BACKOFF: only the retry leaves it for STARTING
                boolean asked = t.operator && from != BACKOFF;
                if (!auto && !asked) {
                    violation(at + "neither autostart, autorestart, retry nor asked for (backoff " + t.backoff
                            + ", in " + from + " for " + (now - t.since) + " ms)");
                }
                expectTries(f, t, at);
                t.startingAt = now;
                t.started = true;
                t.spawned = false;
                t.starts++;
            }
            case RUNNING -> {
                if (now - t.startingAt < c.startsecs() * 1000L) {
                    violation(at + "RUNNING after " + (now - t.startingAt) + " ms, startsecs " + c.startsecs());
                }
                expectPid(f, t, at);
                t.backoff = 0;
            }
            case BACKOFF -> {
                if (!t.spawned && now != t.startingAt) {
                    violation(at + "a spawn error that came late");
                }
                if (t.spawned && !reaped) {
                    violation(at + "BACKOFF while its child lives");
                }
                if (t.spawned && now - t.startingAt >= c.startsecs() * 1000L) {
                    violation(at + "BACKOFF for an exit after startsecs");
                }
                String spawnerr = t.process.spawnerr();
                if (t.spawned ? !TOO_QUICKLY.equals(spawnerr) || t.process.exitstatus() != null : spawnerr == null) {
                    violation(at + "spawnerr " + spawnerr + ", exit status " + t.process.exitstatus());
                }
                t.backoff++;
                expectTries(f, t, at);
            }
            case FATAL -> {
                if (!moodRunning && t.backoff <= c.startretries()) {
                    // retries left: the shutdown gave up on it (out of retries, any process goes FATAL)
                    expectShutdownOrder(t, at);
                }
                if (moodRunning && t.backoff <= c.startretries()) {
                    violation(at + "FATAL with retries left: backoff " + t.backoff + ", startretries "
                            + c.startretries());
                }
                if (t.backoff > c.startretries() && now - t.since > tick) {
                    violation(at + "gave up " + (now - t.since) + " ms after the last failure");
                }
                t.backoff = 0;
            }
            case STOPPING -> {
                if (!t.operator && moodRunning) {
                    violation(at + "a stop nobody asked for");
                }
                if (!moodRunning) {
                    expectShutdownOrder(t, at);
                }
                expectPid(f, t, at);
                t.lastKillAt = now;
                t.kills = 0;
                t.stops++;
            }
            case STOPPED -> {
                if (from == BACKOFF) {
                    if (!t.operator) {
                        violation(at + "left BACKOFF for STOPPED unasked");
                    }
                    t.stops++;
                } else {
                    if (!reaped) {
                        violation(at + "STOPPED while its child lives");
                    }
                    expectPid(f, t, at);
                }
            }
            case EXITED -> {
                if (!reaped) {
                    violation(at + "EXITED while its child lives");
                }
                expectPid(f, t, at);
                Integer es = t.process.exitstatus();
                boolean expected = es != null && c.exitcodes().contains(es);
                if (!f.get("expected").equals(expected ? "1" : "0")) {
                    violation(at + "expected:" + f.get("expected") + " for exit status " + es);
                }
                String spawnerr = t.process.spawnerr();
                if (expected ? spawnerr != null : !("Bad exit code " + es).equals(spawnerr)) {
                    violation(at + "spawnerr " + spawnerr + " after exit status " + es);
                }
                t.backoff = 0;
                t.autorestarts = c.autorestart() == AutoRestart.ALWAYS
                        || (c.autorestart() == AutoRestart.UNEXPECTED && !expected);
            }
            case UNKNOWN -> {
                if (!t.refused) {
                    violation(at + "UNKNOWN though no signal failed");
                }
                t.refused = false;
            }
            default -> violation(at + "unexpected state");
        }
        t.state = to;
        t.since = now;
    }

    /** The host spawned a child for the process of that name. */
    void spawned(String name, int pid) {
        Track t = track(name);
        if (t.state != STARTING) {
            violation(name + " spawned pid " + pid + " in " + t.state);
        }
        if (t.pid != 0 && host.isAlive(t.pid)) {
            violation(name + " spawned pid " + pid + " while pid " + t.pid + " lives");
        }
        t.pid = pid;
        t.spawned = true;
        children.put(pid, t);
    }

    /** A child was reaped by the host. */
    void died(int pid) {
        children.remove(pid);
    }

    /** A child is about to refuse this signal with EPERM. */
    void refused(int pid) {
        children.get(pid).refused = true;
    }

    /** True while the child's process is being stopped, not merely signalled. */
    boolean stopping(int pid) {
        Track t = children.get(pid);
        return t != null && t.state == STOPPING && !t.signalling;
    }

    /** The supervisor signals {@code pid} (negative: the child's process group). */
    void signalled(int pid, int sig) {
        long now = loop.monotonicMillis();
        int target = Math.abs(pid);
        Track t = children.get(target);
        if (t == null || !host.isAlive(target)) {
            violation("signal " + Signals.name(sig) + " to pid " + pid + ", which is not alive, at " + now + " ms");
            return;
        }
        ProcessConfig c = t.config;
        String at = t.process.name() + " " + Signals.name(sig) + " to " + pid + " at " + now + " ms: ";
        if (t.pid != target) {
            violation(at + "not its current child " + t.pid);
        }
        if (t.signalling) {
            if (pid < 0) {
                violation(at + "signalProcess signals the process only");
            }
            return;
        }
        if (t.state != STOPPING) {
            violation(at + "kill() outside STOPPING, in " + t.state);
            return;
        }
        if (t.kills == 0) {
            if (sig != c.stopsignal() || pid != (c.stopasgroup() ? -target : target) || now != t.lastKillAt) {
                violation(at + "not the stop signal " + Signals.name(c.stopsignal()) + " as the stop begins");
            }
        } else {
            long waited = now - t.lastKillAt;
            if (sig != Signals.SIGKILL || pid != (c.killasgroup() ? -target : target)) {
                violation(at + "the escalation is SIGKILL to " + (c.killasgroup() ? "the process group" : "the pid"));
            }
            if (waited < c.stopwaitsecs() * 1000L || waited > c.stopwaitsecs() * 1000L + tick) {
                violation(at + "SIGKILL after " + waited + " ms, stopwaitsecs " + c.stopwaitsecs());
            }
            sigkills++;
        }
        t.kills++;
        t.lastKillAt = now;
    }

    // --- what no event tells -------------------------------------------------------------

    /** Looks at every process at the end of a step: states held too long, children untracked. */
    void check() {
        long now = loop.monotonicMillis();
        boolean moodRunning = supervisor.state() == SupervisorState.RUNNING;
        for (Track t : trackList) {
            check(t, now, moodRunning);
        }
        if (children.size() != host.aliveCount()) {
            violation("at " + now + " ms: " + host.aliveCount() + " children alive, " + children.size() + " tracked");
        }
    }

    private void check(Track t, long now, boolean moodRunning) {
        ProcessConfig c = t.config;
        Subprocess p = t.process;
        if (p.state() != t.state) {
            violation(at(t, now) + "in " + p.state() + " but the events left it " + t.state);
        }
        long held = now - t.since;
        switch (t.state) {
            case STARTING -> {
                if (now - t.startingAt > c.startsecs() * 1000L + tick) {
                    violation(at(t, now) + "STARTING for " + (now - t.startingAt) + " ms, startsecs " + c.startsecs());
                }
            }
            case STOPPING -> {
                if (now - t.lastKillAt > c.stopwaitsecs() * 1000L + tick) {
                    violation(at(t, now) + "no SIGKILL " + (now - t.lastKillAt)
                            + " ms after the last signal, stopwaitsecs " + c.stopwaitsecs());
                }
            }
            case BACKOFF -> {
                long limit = t.backoff <= c.startretries() ? t.backoff * 1000L : 0;
                if (moodRunning && held > limit + tick) {
                    violation(at(t, now) + "BACKOFF for " + held + " ms, backoff " + t.backoff);
                }
            }
            case EXITED -> {
                if (moodRunning && t.autorestarts && held > 1000 + tick) {
                    violation(at(t, now) + "EXITED for " + held + " ms, autorestart " + c.autorestart());
                }
            }
            default -> { }
        }
        boolean alive = t.pid != 0 && host.isAlive(t.pid);
        if (alive != (p.pid() != 0) || (alive && p.pid() != t.pid)) {
            violation(at(t, now) + "pid " + p.pid() + " but child " + t.pid + (alive ? " lives" : " is gone"));
        }
        if (p.pid() == 0 && (t.state == RUNNING || t.state == STOPPING)) {
            violation(at(t, now) + t.state + " without a child");
        }
        if (p.pid() != 0 && (t.state == STOPPED || t.state == EXITED || t.state == BACKOFF
                || t.state == ProcessState.FATAL)) {
            violation(at(t, now) + t.state + " with a child");
        }
    }

    /** "name at N ms: ", for a message. */
    private static String at(Track t, long now) {
        return t.process.name() + " at " + now + " ms: ";
    }

    List<String> violations() {
        return violations;
    }

    Map<ProcessState, Integer> visits() {
        return visits;
    }

    long transitions() {
        return transitions;
    }

    long sigkills() {
        return sigkills;
    }

    // --- helpers ---------------------------------------------------------------------------

    /**
     * supervisord's ordered shutdown stops one group at a time, from the last in (priority, name)
     * order, and the next only once every member of the one before is in a stopped state.
     */
    private void expectShutdownOrder(Track t, String at) {
        String group = t.process.group().name();
        boolean after = false;
        for (ProcessGroup g : supervisor.sortedGroups()) {
            if (after && !g.unstopped().isEmpty()) {
                violation(at + "stopped while group " + g.name() + " above it still runs " + g.unstopped());
                return;
            }
            after |= g.name().equals(group);
        }
    }

    private void expectTries(Map<String, String> f, Track t, String at) {
        if (Integer.parseInt(f.get("tries")) != t.backoff) {
            violation(at + "tries:" + f.get("tries") + ", supervisord's backoff is " + t.backoff);
        }
    }

    private void expectPid(Map<String, String> f, Track t, String at) {
        if (Integer.parseInt(f.get("pid")) != t.pid) {
            violation(at + "pid:" + f.get("pid") + ", its child is " + t.pid);
        }
    }

    private void violation(String text) {
        if (violations.size() < 1000) {
            violations.add(text);
        }
    }

    /** "a:1 b:2" as a map. */
    private static Map<String, String> fields(String payload) {
        Map<String, String> m = new HashMap<>();
        for (String token : payload.split(" ")) {
            int colon = token.indexOf(':');
            m.put(token.substring(0, colon), token.substring(colon + 1));
        }
        return m;
    }
}
