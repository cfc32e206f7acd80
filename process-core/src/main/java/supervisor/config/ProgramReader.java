package supervisor.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import supervisor.check.Check;
import supervisor.check.Liveness;
import supervisor.check.Readiness;
import supervisor.python.PyStr;

/**
 * One {@code [program:x]}-like section expanded into its processes (one per
 * {@code process_num}), as supervisord's {@code processes_from_section} does it: which names
 * each key may use, the checks and their order, and the deferred warnings.
 */
final class ProgramReader {
    private final ParseState st;
    private final String section;
    private final String groupName;
    /**
     * The names of this section's expansions. supervisord grows this one map while it walks the
     * processes (process_num, numprocs, ENV_* of the program's environment), so later keys and
     * later processes see what earlier ones added; kept as one map for the same results.
     */
    private final Map<String, Object> names = new LinkedHashMap<>();
    /** The environment files this section's processes name, read once each. */
    private final Map<String, Map<String, String>> environmentFiles = new LinkedHashMap<>();

    ProgramReader(ParseState st, String section, String groupName) {
        this.st = st;
        this.section = section;
        this.groupName = groupName;
    }

    private String get(String key, String fallback) throws ConfigException {
        return st.get(section, key, fallback, names);
    }

    List<ProcessConfig> read() throws ConfigException {
        String programName = Datatypes.processOrGroupName(section.substring(section.indexOf(':') + 1));
        names.put("here", st.here);
        names.put("program_name", programName);
        names.put("host_node_name", st.nodeName);
        names.put("group_name", groupName);

        int priority = Datatypes.integer(get("priority", "999"));
        boolean autostart = Datatypes.bool(get("autostart", "true"));
        AutoRestart autorestart = Datatypes.autoRestart(get("autorestart", "unexpected"));
        int startsecs = Datatypes.integer(get("startsecs", "1"));
        int startretries = Datatypes.integer(get("startretries", "3"));
        int stopsignal = Datatypes.signal(get("stopsignal", "TERM"));
        int stopwaitsecs = Datatypes.integer(get("stopwaitsecs", "10"));
        boolean stopasgroup = Datatypes.bool(get("stopasgroup", "false"));
        boolean killasgroup = Datatypes.bool(get("killasgroup", stopasgroup ? "true" : "false"));
        List<Integer> exitcodes = Datatypes.exitCodes(get("exitcodes", "0"));
        boolean redirectStderr = Datatypes.bool(get("redirect_stderr", "false"));
        int numprocs = Datatypes.integer(get("numprocs", "1"));
        int numprocsStart = Datatypes.integer(get("numprocs_start", "0"));
        String environmentTemplate = st.get(section, "environment", "", false, names);
        long stdoutCapture = Datatypes.byteSize(get("stdout_capture_maxbytes", "0"));
        boolean stdoutEvents = Datatypes.bool(get("stdout_events_enabled", "false"));
        long stderrCapture = Datatypes.byteSize(get("stderr_capture_maxbytes", "0"));
        boolean stderrEvents = Datatypes.bool(get("stderr_events_enabled", "false"));
        String serverurl = get("serverurl", null);
        if (serverurl != null && PyStr.strip(serverurl).toUpperCase(Locale.ROOT).equals("AUTO")) {
            serverurl = null;
        }
        String user = get("user", null);
        Integer uid = user == null ? null : UserDb.uidOf(user);
        String umaskValue = get("umask", null);
        Integer umask = umaskValue == null ? null : Datatypes.octal(umaskValue);
        String processName = Datatypes.processOrGroupName(
                st.get(section, "process_name", "%(program_name)s", false, names));
        if (numprocs > 1 && !processName.contains("%(process_num)")) {
            throw new ConfigException("%(process_num) must be present within process_name when numprocs > 1");
        }
        if (stopasgroup && !killasgroup) {
            throw new ConfigException("Cannot set stopasgroup=true and killasgroup=false");
        }

        // extensions that supervisord 4.2.5 ignores (beyond.md), read after
        // supervisord's own first-pass checks so that their errors come first
        boolean essential = Datatypes.bool(get("essential", "false"));
        boolean retryForever = Datatypes.bool(get("retry_forever", "false"));
        String backoffMaxValue = get("backoff_max", null);
        int backoffMax = backoffMaxValue == null ? 0 : Datatypes.positiveInteger(backoffMaxValue);
        boolean killTree = Datatypes.bool(get("kill_tree", "false"));
        boolean stdoutLogPrefix = Datatypes.bool(get("stdout_log_prefix", "false"));
        Readiness ready = readiness();
        Liveness health = liveness();

        List<ProcessConfig> processes = new ArrayList<>();
        for (long n = numprocsStart; n < (long) numprocsStart + numprocs; n++) {
            names.put("process_num", (int) n);
            names.put("numprocs", numprocs);
            names.putAll(st.environExpansions);
            Map<String, String> environment =
                    KeyValuePairs.parse(Expansion.expand(environmentTemplate, names, "environment"));
            environment.forEach((k, v) -> names.put("ENV_" + k, v));

            String directory = get("directory", null);
            Channel out = channel("stdout", stdoutCapture, stdoutEvents);
            Channel err = channel("stderr", stderrCapture, stderrEvents);
            if (redirectStderr) {
                if (err.named) {
                    st.warnings.add("For [" + section + "], redirect_stderr=true but stderr_logfile has also been "
                            + "set to a filename, the filename has been ignored");
                }
                // no stderr log file exists when stderr goes to stdout
                err = new Channel(LogTarget.Kind.NONE, null, false, err.target);
            }
            String command = st.get(section, "command", null, names);
            if (command == null) {
                throw new ConfigException("program section " + section + " does not specify a command");
            }
            environment = withEnvironmentFile(environment);
            List<String> dependsOn = dependsOn();
            String name = Expansion.expand(processName, names, "process_name");
            processes.add(new ProcessConfig(name, programName, section, command, directory, umask, priority,
                    autostart, autorestart, startsecs, startretries, List.copyOf(exitcodes), stopsignal,
                    stopwaitsecs, stopasgroup, killasgroup, user, uid, redirectStderr, out.toTarget(),
                    err.toTarget(), java.util.Collections.unmodifiableMap(environment), serverurl,
                    essential, retryForever, backoffMax, killTree, stdoutLogPrefix, ready, health, dependsOn));
        }
        processes.sort(Comparator.comparingInt(ProcessConfig::priority).thenComparing(ProcessConfig::name));
        return processes;
    }

    /**
     * {@code depends_on}: comma-separated names, each stripped, as written; what they name is
     * checked once every section is read ({@link DependsOnCheck}). Read per process, so that a
     * name may use {@code %(process_num)s}.
     */
    private List<String> dependsOn() throws ConfigException {
        String value = get("depends_on", null);
        if (value == null || PyStr.strip(value).isEmpty()) {
            return List.of();
        }
        List<String> specs = new ArrayList<>();
        for (String spec : value.split(",", -1)) {
            String s = PyStr.strip(spec);
            if (s.isEmpty()) {
                throw new ConfigException("invalid depends_on value " + PyStr.repr(value) + ": empty name");
            }
            specs.add(s);
        }
        return List.copyOf(specs);
    }

    /** {@code ready_check} and {@code ready_timeout}; null without a check (the timeout is still checked). */
    private Readiness readiness() throws ConfigException {
        String checkValue = get("ready_check", null);
        int timeout = Datatypes.positiveInteger(get("ready_timeout", "60"));
        if (checkValue == null) {
            return null;
        }
        try {
            return new Readiness(Check.parse("ready_check", checkValue), timeout);
        } catch (Check.Invalid e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * {@code health_check}, {@code health_interval} and {@code health_failures}; null without a
     * check (the other two are still checked, as ready_timeout is).
     */
    private Liveness liveness() throws ConfigException {
        String checkValue = get("health_check", null);
        int interval = Datatypes.positiveInteger(get("health_interval", "10"));
        int failures = Datatypes.positiveInteger(get("health_failures", "3"));
        if (checkValue == null) {
            return null;
        }
        try {
            return new Liveness(Liveness.refuseLog(Check.parse("health_check", checkValue), checkValue),
                    interval, failures);
        } catch (Check.Invalid e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * {@code environment_file} (an extension): the file's pairs under the process's
     * {@code environment=} ones, which win on a clash. Read once per file for all of the section's
     * processes; its variables go to the child only, not to {@code %(ENV_x)s} names.
     */
    private Map<String, String> withEnvironmentFile(Map<String, String> environment) throws ConfigException {
        String value = get("environment_file", null);
        if (value == null) {
            return environment;
        }
        Map<String, String> file = environmentFiles.get(value);
        if (file == null) {
            file = EnvironmentFile.read(value, st, section, st.warnings);
            environmentFiles.put(value, file);
        }
        Map<String, String> merged = new LinkedHashMap<>(file);
        merged.putAll(environment);
        return merged;
    }

    /**
     * A channel's log settings while being read: {@code named} when a file name was given (even
     * an empty one, which supervisord treats as no file); {@code target} carries the numbers.
     */
    private record Channel(LogTarget.Kind kind, String path, boolean named, LogTarget target) {
        LogTarget toTarget() {
            return new LogTarget(kind, path, target.maxBytes(), target.backups(), target.captureMaxBytes(),
                    target.eventsEnabled(), target.syslog());
        }
    }

    private Channel channel(String channel, long captureMaxBytes, boolean eventsEnabled) throws ConfigException {
        String key = channel + "_logfile";
        String raw = st.parser.get(section, key);
        LogTarget.Kind kind;
        String path = null;
        boolean deprecatedSyslog = false;
        boolean named = false;
        if (raw == null) {
            kind = LogTarget.Kind.AUTO;
        } else {
            // expanded twice: once as a section value, once more by name
            String value = Expansion.expand(st.get(section, key, null, names), names, key);
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.equals("none") || lower.equals("off")) {
                kind = LogTarget.Kind.NONE;
            } else if (lower.equals("auto")) {
                kind = LogTarget.Kind.AUTO;
            } else if (lower.equals("syslog")) {
                kind = LogTarget.Kind.NONE;
                deprecatedSyslog = true;
            } else {
                path = st.existingDirpath(value);
                kind = path.isEmpty() ? LogTarget.Kind.NONE : LogTarget.Kind.FILE;
                named = true;
            }
        }
        int backups = Datatypes.integer(get(channel + "_logfile_backups", "10"));
        long maxBytes = Datatypes.byteSize(get(channel + "_logfile_maxbytes", "50MB"));
        boolean syslog = Datatypes.bool(get(channel + "_syslog", "false"));
        if (deprecatedSyslog) {
            st.warnings.add("For [" + section + "], " + key + "=syslog but this is deprecated and will be removed.  "
                    + "Use " + channel + "_syslog=true to enable syslog instead.");
            syslog = true;
        }
        if (kind == LogTarget.Kind.AUTO && maxBytes == 0) {
            st.warnings.add("For [" + section + "], AUTO logging used for " + key + " without rollover, set "
                    + "maxbytes > 0 to avoid filling up filesystem unintentionally");
        }
        if (kind != LogTarget.Kind.FILE) {
            path = null;
        }
        return new Channel(kind, path, named, new LogTarget(kind, path, maxBytes, backups, captureMaxBytes, eventsEnabled,
                syslog));
    }
}
