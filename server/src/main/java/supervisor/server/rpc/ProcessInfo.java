package supervisor.server.rpc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import supervisor.check.Readiness;
import supervisor.process.Clock;
import supervisor.process.ProcessSnapshot;
import supervisor.process.ProcessState;
import supervisor.process.Subprocess;
import supervisor.rpc.Args;

/** getProcessInfo and getAllProcessInfo, with the process info struct member for member. */
final class ProcessInfo {
    private static final DateTimeFormatter STOP_TIME = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.ENGLISH);

    private final Clock clock;
    private final Lookup lookup;

    ProcessInfo(Clock clock, Lookup lookup) {
        this.clock = clock;
        this.lookup = lookup;
    }

    Object processInfo(Args a) {
        return of(lookup.process(a.string(0)), nowSeconds());
    }

    /** Sorted by group name, then process name. */
    Object allProcessInfo(Args a) {
        long now = nowSeconds();
        List<Object> all = new ArrayList<>();
        for (Subprocess p : lookup.allLexical()) {
            all.add(of(p, now));
        }
        return all;
    }

    private long nowSeconds() {
        return clock.wallMillis() / 1000;
    }

    /** The struct from the process's last published snapshot: any thread may build it. */
    static Map<String, Object> of(Subprocess p, long nowSeconds) {
        ProcessSnapshot s = p.snapshot();
        long start = clamp(s.startSeconds());
        long stop = clamp(s.stopSeconds());
        long now = clamp(nowSeconds);
        String stdout = p.logs().stdoutPath() == null ? "" : p.logs().stdoutPath().toString();
        String stderr = p.logs().stderrPath() == null ? "" : p.logs().stderrPath().toString();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", p.name());
        info.put("group", p.group().name());
        info.put("start", (int) start);
        info.put("stop", (int) stop);
        info.put("now", (int) now);
        info.put("state", s.state().code);
        info.put("statename", s.state().name());
        info.put("spawnerr", s.spawnerr() == null ? "" : s.spawnerr());
        info.put("exitstatus", s.exitstatus() == null ? 0 : s.exitstatus());
        info.put("logfile", stdout);
        info.put("stdout_logfile", stdout);
        info.put("stderr_logfile", stderr);
        info.put("pid", s.pid());
        info.put("description", description(p.name(), s, start, stop, now, p.config().ready()));
        return info;
    }

    /**
     * The text supervisorctl's status shows in its last column. A process with {@code ready_check}
     * that is STARTING because its check has not passed yet says so (where 4.2.5 says nothing), so
     * that status and the web UI tell "not ready" from "startsecs not over".
     */
    static String description(String name, ProcessSnapshot s, long start, long stop, long now, Readiness readiness) {
        if (s.waitingFor() != null && s.pid() == 0) {
            return s.waitingFor(); // depends_on: which dependencies a spawn waits for
        }
        if (s.state() == ProcessState.STARTING && Boolean.FALSE.equals(s.ready()) && readiness != null) {
            return "not ready: ready_check " + readiness.check().text() + " has not passed";
        }
        return switch (s.state()) {
            case RUNNING -> "pid " + s.pid() + ", uptime " + uptime(Math.max(0, now - start));
            case BACKOFF, FATAL -> s.spawnerr() != null && !s.spawnerr().isEmpty()
                    ? s.spawnerr() : "unknown error (try \"tail " + name + "\")";
            case STOPPED, EXITED -> start != 0
                    ? LocalDateTime.ofInstant(Instant.ofEpochSecond(stop), ZoneId.systemDefault()).format(STOP_TIME)
                    : "Not started";
            default -> "";
        };
    }

    /** Python's str(timedelta) for whole seconds: {@code 0:00:05}, {@code 2 days, 3:04:05}. */
    static String uptime(long seconds) {
        long days = seconds / 86400;
        long rest = seconds % 86400;
        StringBuilder b = new StringBuilder(24);
        if (days != 0) {
            b.append(days).append(days == 1 ? " day, " : " days, ");
        }
        b.append(rest / 3600).append(':');
        twoDigits(b, (rest % 3600) / 60).append(':');
        return twoDigits(b, rest % 60).toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, long n) {
        return b.append(n < 10 ? "0" : "").append(n);
    }

    /** XML-RPC ints are 32-bit: timestamps saturate in 2038, as supervisord's do. */
    private static long clamp(long v) {
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
}
