package supervisor.server;

import sun.misc.Signal;
import supervisor.logging.ActivityLog;
import supervisor.posix.Signals;
import supervisor.process.Supervisor;

/**
 * The JVM's handlers for supervisord's signals: TERM and INT shut down, HUP restarts, USR2
 * reopens the logs. The JVM keeps SIGQUIT for its thread dumps, so QUIT does not shut down as it
 * does in supervisord. Handlers only hand the request to the supervisor's loop. (Signal numbers
 * and names are {@code supervisor.posix.Signals}.)
 *
 * <p>The handlers are installed once and stay for the life of the process, as supervisord's do:
 * between two lives of the supervisor (a restart stopping the HTTP servers, reading the config,
 * opening the log) there is no supervisor to tell, and the JVM's own handlers, put back, would
 * end the process on a HUP. There a HUP or USR2 is dropped, as supervisord drops it (the restart
 * is under way; the new life opens its logs afresh), and a TERM or INT is kept for the next life,
 * which then shuts down without starting anything.
 */
final class SignalHandlers {
    /** Where signals go; null between two lives. */
    private Supervisor supervisor;
    /** A TERM or INT that came between two lives: its name, or null. */
    private String pendingExit;

    private SignalHandlers() {
    }

    /** Installs the handlers for the rest of the process's life; until {@link #serve}, it is between lives. */
    static SignalHandlers install() {
        SignalHandlers s = new SignalHandlers();
        for (int sig : new int[] {Signals.SIGTERM, Signals.SIGINT, Signals.SIGHUP, Signals.SIGUSR2}) {
            Signals.unignore(sig);
        }
        Signal.handle(new Signal("TERM"), sig -> s.exitRequest("SIGTERM"));
        Signal.handle(new Signal("INT"), sig -> s.exitRequest("SIGINT"));
        Signal.handle(new Signal("HUP"), sig -> s.restartRequest());
        Signal.handle(new Signal("USR2"), sig -> s.reopenRequest());
        return s;
    }

    /** From now on signals go to {@code supervisor}'s loop; an exit asked for between lives goes there now. */
    synchronized void serve(Supervisor supervisor) {
        this.supervisor = supervisor;
        if (pendingExit != null) {
            String name = pendingExit;
            pendingExit = null;
            supervisor.loop().execute(() -> exit(supervisor, name));
        }
    }

    /** The supervisor has stopped: until the next {@link #serve} there is no one to tell. */
    synchronized void between() {
        supervisor = null;
    }

    private synchronized void exitRequest(String name) {
        Supervisor s = supervisor;
        if (s == null) {
            pendingExit = name;
        } else {
            s.loop().execute(() -> exit(s, name));
        }
    }

    private static void exit(Supervisor supervisor, String name) {
        supervisor.log().warn("received " + name + " indicating exit request");
        supervisor.shutdown();
    }

    private synchronized void restartRequest() {
        Supervisor s = supervisor;
        if (s == null) {
            return;
        }
        s.loop().execute(() -> {
            switch (s.state()) {
                case RUNNING -> {
                    s.log().warn("received SIGHUP indicating restart request");
                    s.restart();
                }
                case SHUTDOWN -> s.log().warn("ignored SIGHUP indicating restart request (shutdown in progress)");
                default -> { }
            }
        });
    }

    private synchronized void reopenRequest() {
        Supervisor s = supervisor;
        if (s == null) {
            return;
        }
        s.loop().execute(() -> {
            ActivityLog log = s.log();
            log.info("received SIGUSR2 indicating log reopen request");
            try {
                log.reopen();
            } catch (Exception e) {
                log.error("could not reopen log: " + e.getMessage());
            }
            s.groups().forEach(g -> g.processes().forEach(p -> {
                try {
                    p.logs().reopen();
                } catch (Exception e) {
                    log.error("could not reopen logs of " + p.name() + ": " + e.getMessage());
                }
            }));
        });
    }
}
