package supervisor.server;

import java.util.ArrayList;
import java.util.List;

import sun.misc.Signal;
import sun.misc.SignalHandler;
import supervisor.logging.ActivityLog;
import supervisor.process.Supervisor;

/**
 * The JVM's handlers for supervisord's signals: TERM and INT shut down, HUP restarts, USR2
 * reopens the logs. The JVM keeps SIGQUIT for its thread dumps, so QUIT does not shut down as it
 * does in supervisord. Handlers only hand the request to the supervisor's loop. (Signal numbers
 * and names are {@code supervisor.posix.Signals}.)
 */
final class SignalHandlers {
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalHandlers() {
    }

    static SignalHandlers install(Supervisor supervisor, ActivityLog log) {
        SignalHandlers s = new SignalHandlers();
        s.handle("TERM", sig -> supervisor.loop().execute(() -> exitRequest(supervisor, log, "SIGTERM")));
        s.handle("INT", sig -> supervisor.loop().execute(() -> exitRequest(supervisor, log, "SIGINT")));
        s.handle("HUP", sig -> supervisor.loop().execute(() -> {
            switch (supervisor.state()) {
                case RUNNING -> {
                    log.warn("received SIGHUP indicating restart request");
                    supervisor.restart();
                }
                case SHUTDOWN -> log.warn("ignored SIGHUP indicating restart request (shutdown in progress)");
                default -> { }
            }
        }));
        s.handle("USR2", sig -> supervisor.loop().execute(() -> {
            log.info("received SIGUSR2 indicating log reopen request");
            try {
                log.reopen();
            } catch (Exception e) {
                log.error("could not reopen log: " + e.getMessage());
            }
            supervisor.groups().forEach(g -> g.processes().forEach(p -> {
                try {
                    p.logs().reopen();
                } catch (Exception e) {
                    log.error("could not reopen logs of " + p.name() + ": " + e.getMessage());
                }
            }));
        }));
        return s;
    }

    private static void exitRequest(Supervisor supervisor, ActivityLog log, String name) {
        log.warn("received " + name + " indicating exit request");
        supervisor.shutdown();
    }

    private void handle(String name, SignalHandler handler) {
        Signal sig = new Signal(name);
        previous.add(Signal.handle(sig, handler));
        installed.add(sig);
    }

    void uninstall() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
    }
}
