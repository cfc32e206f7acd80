package supervisor.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import supervisor.config.Config;
import supervisor.config.ConfigException;
import supervisor.config.ConfigLoader;
import supervisor.config.HttpServerConfig;
import supervisor.config.LogLevel;
import supervisor.config.Overrides;
import supervisor.events.EventType;
import supervisor.events.SerialCounter;
import supervisor.logging.ActivityLog;
import supervisor.logging.AutoLogs;
import supervisor.posix.FailureReport;
import supervisor.posix.IoLoop;
import supervisor.posix.Posix;
import supervisor.process.Clock;
import supervisor.process.ProcessHost;
import supervisor.process.Supervisor;
import supervisor.process.SupervisorState;
import supervisor.process.ThreadEventLoop;
import supervisor.rpc.RpcRegistry;
import supervisor.rpc.XmlRpcDispatcher;
import supervisor.server.http.HttpServers;
import supervisor.server.logging.ActivityLogRoute;
import supervisor.server.metrics.DaemonMetrics;
import supervisor.server.rpc.ExtNamespace;
import supervisor.server.rpc.SupervisorNamespace;
import supervisor.server.web.WebUi;

/**
 * supervisord's life: command line, configuration, daemonizing, then serve until a shutdown,
 * and start over in the same process after a restart (SIGHUP or the restart() call).
 */
final class Daemon {
    private final String argv0;
    private final PrintStream err = System.err;
    /** Event serials run on across restarts, which happen inside this same OS process. */
    private final SerialCounter eventSerials = new SerialCounter();
    /** What the last life's supervisor asked the daemon to exit with (an essential process's status). */
    private int exitStatus;
    /** systemd's notify socket, when systemd started this process to be told (a no-op otherwise). */
    private SystemdNotify systemd;

    Daemon(String argv0) {
        this.argv0 = argv0;
    }

    int run(String[] args) {
        Arguments cl;
        Path configFile;
        Overrides overrides;
        Config config;
        try {
            cl = Arguments.parse(args);
            if (cl.has("help")) {
                System.out.print(Arguments.USAGE.formatted(argv0));
                return 0;
            }
            if (cl.has("version")) {
                System.out.println(SupervisorNamespace.SUPERVISOR_VERSION);
                return 0;
            }
            boolean serving = cl.has("nodaemon") || Daemonizer.isDaemonChild();
            if (serving) {
                HttpWarmUp.start();
            }
            overrides = Options.overrides(cl);
            configFile = Options.configFile(cl, argv0);
            config = ConfigLoader.load(configFile, overrides);
            if (!serving && config.supervisord().nodaemon()) {
                HttpWarmUp.start();
            }
        } catch (Arguments.UsageException | ConfigException e) {
            return usageError(e.getMessage());
        }

        if (!config.supervisord().nodaemon() && !Daemonizer.isDaemonChild()) {
            return Daemonizer.daemonize(config.supervisord());
        }

        // once for the process: a signal that comes while a restart is between two lives must not
        // meet the JVM's own handlers, which end the process
        SignalHandlers signals = SignalHandlers.install();
        systemd = SystemdNotify.from(System.getenv(), ProcessHandle.current().pid());
        SupervisorState ended;
        boolean first = true;
        do {
            try {
                ended = serve(config, configFile, overrides, first, signals);
                first = false;
            } catch (UsageError e) {
                return usageError(e.getMessage());
            } catch (CannotStart e) {
                err.println(e.getMessage());
                return 1;
            }
            if (ended == SupervisorState.RESTARTING) {
                try {
                    config = ConfigLoader.load(configFile, overrides);
                } catch (ConfigException e) {
                    err.println("Error: " + e.getMessage());
                    return 2;
                }
            }
        } while (ended == SupervisorState.RESTARTING);
        systemd.stopping(); // again, in case a shutdown came during a restart, which said RELOADING
        return exitStatus;
    }

    private int usageError(String message) {
        err.println("Error: " + message);
        err.println("For help, use " + argv0 + " -h");
        return 2;
    }

    /** A start-up failure supervisord reports as a usage error: {@code Error: ...}, exit 2. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }

    /** One life of the supervisor, from opening the log to the last child stopped. */
    private SupervisorState serve(Config config, Path configFile, Overrides overrides, boolean first,
                                  SignalHandlers signals) throws UsageError {
        var sd = config.supervisord();
        // As supervisord: become user= first (so the log is created as that user), then raise the
        // limits (once per process), then open the log and tell it what happened.
        List<String> infos = new ArrayList<>(Privileges.setUid(sd));
        if (first) {
            infos.addAll(Privileges.setRlimits(sd));
        }
        ActivityLog log;
        try {
            log = ActivityLog.open(sd);
        } catch (IOException e) {
            throw new UsageError("could not open log file " + sd.logfile() + ": " + e.getMessage());
        }
        if (Posix.getuid() == 0 && sd.user() == null) {
            log.critical("Supervisor is running as root.  Privileges were not dropped because no user is specified"
                    + " in the config file.  If you intend to run as root, you can set user=root in the config file"
                    + " to avoid this message.");
        }
        for (Config.ConfigMessage m : config.messages()) {
            log.log(m.level(), m.text());
        }
        infos.forEach(log::info);
        if (!sd.nocleanup()) {
            AutoLogs.cleanup(Path.of(sd.childlogdir()), sd.identifier()).forEach(log::warn);
        }

        ActivityLogRoute.install(log);
        FailureReport failures = (what, failure) -> log.log(LogLevel.CRITICAL, what + " failed: ", failure);
        ThreadEventLoop loop = new ThreadEventLoop(failures);
        IoLoop io = new IoLoop("io", failures);
        KillTrees trees = KillTrees.start(sd, log);
        Supervisor supervisor = new Supervisor(config, log, loop, Clock.SYSTEM, ProcessHost.posix(io, trees),
                eventSerials);
        supervisor.context().environment().setBase(Daemonizer.environmentForChildren());
        supervisor.context().events().subscribe(EventType.SUPERVISOR_STATE_CHANGE_STOPPING, e -> {
            if (supervisor.state() == SupervisorState.RESTARTING) {
                systemd.reloading();
            } else {
                systemd.stopping();
            }
        });
        RpcRegistry registry = new RpcRegistry();
        if (config.supervisorRpcInterface()) {
            new SupervisorNamespace(supervisor, () -> ConfigLoader.load(configFile, overrides)).registerInto(registry);
            new ExtNamespace(supervisor, Path.of("/proc")).registerInto(registry);
        }
        DaemonMetrics metrics = new DaemonMetrics(supervisor, registry, Path.of("/proc"));
        HttpServers http = new HttpServers(config.httpServers(), new XmlRpcDispatcher(registry),
                new TailSource(supervisor), metrics::scrape, new WebUi(registry, log), log);
        try {
            http.start();
        } catch (Exception e) {
            ActivityLogRoute.uninstall();
            closeQuietly(log);
            loop.close();
            io.close();
            trees.close();
            throw new UsageError(e.getMessage());
        }
        for (HttpServerConfig s : Options.inetFirst(config.httpServers())) {
            if (config.supervisorRpcInterface()) {
                log.info("RPC interface 'supervisor' initialized");
            }
            if (s.username() == null) {
                log.critical("Server '" + s.section() + "' running without any HTTP authentication checking");
            }
        }
        signals.serve(supervisor);
        Path pidfile = Path.of(sd.pidfile());
        writePidfile(pidfile, log);
        log.info("supervisord started with pid " + ProcessHandle.current().pid());
        if (first) {
            // before any child of ours exists, so that only another daemon's can be found
            Leftovers.report(supervisor.context().environment().serverUrl(), log);
        }
        // Groups are made (and fcgi sockets bound) before a daemonizing parent is released, so a
        // group that cannot be made still fails in the foreground, as supervisord's does.
        try {
            supervisor.call(() -> {
                supervisor.start();
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // a group that cannot be made is reported through stopped() below; anything else is ours
            log.log(LogLevel.CRITICAL, "starting the processes failed: ", e.getCause());
        }
        SupervisorState ended;
        RuntimeException failure = null;
        if (!supervisor.stopped().isCompletedExceptionally()) {
            Daemonizer.ready();
            systemd.ready(Daemonizer.isDaemonChild(), ProcessHandle.current().pid());
            systemd.watch(loop);
        }
        try {
            ended = supervisor.stopped().get();
        } catch (InterruptedException | ExecutionException e) {
            ended = SupervisorState.SHUTDOWN;
            failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        signals.between();
        http.stop();
        try {
            loop.execute(supervisor::cleanupLogs);
            supervisor.call(() -> null).get();
        } catch (InterruptedException | ExecutionException e) {
            // going down anyway
        }
        // a TERM or INT that came as the last process stopped has just run on the loop: it still
        // turns the restart into a shutdown
        if (ended == SupervisorState.RESTARTING && supervisor.state() == SupervisorState.SHUTDOWN) {
            ended = SupervisorState.SHUTDOWN;
        }
        exitStatus = supervisor.exitStatus();
        io.close();
        loop.close();
        trees.close();
        try {
            Files.deleteIfExists(pidfile);
        } catch (IOException e) {
            log.warn("could not remove pidfile " + pidfile);
        }
        ActivityLogRoute.uninstall();
        closeQuietly(log);
        if (failure != null) {
            throw new CannotStart(failure.getMessage());
        }
        return ended;
    }

    /** The groups could not be made (an fcgi socket): supervisord prints the error and exits 1. */
    static final class CannotStart extends RuntimeException {
        CannotStart(String message) {
            super(message);
        }
    }

    private static void closeQuietly(ActivityLog log) {
        try {
            log.close();
        } catch (IOException e) {
            // nothing left to report it to
        }
    }

    private static void writePidfile(Path pidfile, ActivityLog log) {
        try {
            Files.writeString(pidfile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            log.critical("could not write pidfile " + pidfile);
        }
    }

}
