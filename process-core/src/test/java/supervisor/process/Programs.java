package supervisor.process;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import supervisor.config.AutoRestart;
import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.config.LogTarget;
import supervisor.config.ProcessConfig;
import supervisor.config.ReloadSettings;
import supervisor.config.SupervisordConfig;
import supervisor.posix.Signals;

/** Configuration records built in code, for tests that run a {@link Supervisor} on virtual time. */
public final class Programs {
    private Programs() {
    }

    /**
     * A {@code [program:name]} with supervisord's defaults (startsecs 1, startretries 3,
     * autorestart unexpected, exitcodes 0, SIGTERM, stopwaitsecs 10, no log files) running
     * {@code /bin/sleep 100}, then changed by {@code tweak}.
     */
    public static ProcessConfig program(String name, UnaryOperator<ProcessConfig> tweak) {
        ProcessConfig pc = new ProcessConfig(name, name, "program:" + name, "/bin/sleep 100", null, null, 999, true,
                AutoRestart.UNEXPECTED, 1, 3, List.of(0), Signals.SIGTERM, 10, false, false, null, null, false,
                LogTarget.none(), LogTarget.none(), Map.of(), null, false, false, 0, false, false, null, null,
                List.of());
        return tweak.apply(pc);
    }

    /** The timing and restart settings most tests vary; stopasgroup sets killasgroup too. */
    public static ProcessConfig with(ProcessConfig p, int startsecs, int startretries, AutoRestart autorestart,
                                     boolean autostart, boolean stopasgroup) {
        return edit(p, e -> {
            e.startsecs = startsecs;
            e.startretries = startretries;
            e.autorestart = autorestart;
            e.autostart = autostart;
            e.stopasgroup = stopasgroup;
            e.killasgroup = stopasgroup;
        });
    }

    /** A copy of {@code p} with whatever {@code change} sets on its fields. */
    public static ProcessConfig edit(ProcessConfig p, Consumer<Edit> change) {
        Edit e = new Edit(p);
        change.accept(e);
        return e.build();
    }

    /** A process group of the PROGRAM kind. */
    public static GroupConfig group(String name, int priority, ProcessConfig... processes) {
        return new GroupConfig(name, GroupConfig.Kind.PROGRAM, priority, List.of(processes), null, null);
    }

    /** {@code [supervisord]} with logfile=syslog, childlogdir=/tmp and the given identifier. */
    public static SupervisordConfig supervisord(String identifier) {
        return new SupervisordConfig("syslog", 0, 0, LogLevel.DEBUG, "/tmp/x.pid", 022, true, false, 1024, 200, true,
                "/tmp", null, null, false, Map.of(), identifier, null, false, ReloadSettings.DEFAULT);
    }

    /** A whole configuration of these groups (no HTTP servers), as if read from test.conf. */
    public static Config config(SupervisordConfig supervisord, List<GroupConfig> groups) {
        return new Config("test.conf", supervisord, List.of(), groups, true, List.of());
    }

    /** The fields of a {@link ProcessConfig}, to change some of them. */
    public static final class Edit {
        public String name;
        public String programName;
        public String section;
        public String command;
        public String directory;
        public Integer umask;
        public int priority;
        public boolean autostart;
        public AutoRestart autorestart;
        public int startsecs;
        public int startretries;
        public List<Integer> exitcodes;
        public int stopsignal;
        public int stopwaitsecs;
        public boolean stopasgroup;
        public boolean killasgroup;
        public String user;
        public Integer uid;
        public boolean redirectStderr;
        public LogTarget stdout;
        public LogTarget stderr;
        public Map<String, String> environment;
        public String serverurl;
        public boolean essential;
        public boolean retryForever;
        public int backoffMax;
        public boolean killTree;
        public boolean stdoutLogPrefix;
        public supervisor.check.Readiness ready;
        public supervisor.check.Liveness health;
        public List<String> dependsOn;

        Edit(ProcessConfig p) {
            name = p.name();
            programName = p.programName();
            section = p.section();
            command = p.command();
            directory = p.directory();
            umask = p.umask();
            priority = p.priority();
            autostart = p.autostart();
            autorestart = p.autorestart();
            startsecs = p.startsecs();
            startretries = p.startretries();
            exitcodes = p.exitcodes();
            stopsignal = p.stopsignal();
            stopwaitsecs = p.stopwaitsecs();
            stopasgroup = p.stopasgroup();
            killasgroup = p.killasgroup();
            user = p.user();
            uid = p.uid();
            redirectStderr = p.redirectStderr();
            stdout = p.stdout();
            stderr = p.stderr();
            environment = p.environment();
            serverurl = p.serverurl();
            essential = p.essential();
            retryForever = p.retryForever();
            backoffMax = p.backoffMax();
            killTree = p.killTree();
            stdoutLogPrefix = p.stdoutLogPrefix();
            ready = p.ready();
            health = p.health();
            dependsOn = p.dependsOn();
        }

        ProcessConfig build() {
            return new ProcessConfig(name, programName, section, command, directory, umask, priority, autostart,
                    autorestart, startsecs, startretries, exitcodes, stopsignal, stopwaitsecs, stopasgroup,
                    killasgroup, user, uid, redirectStderr, stdout, stderr, environment, serverurl, essential,
                    retryForever, backoffMax, killTree, stdoutLogPrefix, ready, health, dependsOn);
        }
    }
}
