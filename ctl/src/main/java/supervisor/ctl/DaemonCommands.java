package supervisor.ctl;

import java.io.IOException;
import java.util.Map;
import supervisor.rpc.HttpStatusException;
import supervisor.rpc.RpcFault;

/** reload, shutdown, version and open: the daemon itself, and which daemon this session talks to. */
final class DaemonCommands {
    private DaemonCommands() {
    }

    static void register(Map<String, Command> commands) {
        commands.put("reload", (ctl, arg) -> reload(ctl, arg));
        commands.put("shutdown", (ctl, arg) -> shutdown(ctl, arg));
        commands.put("version", (ctl, arg) -> version(ctl, arg));
        commands.put("open", (ctl, arg) -> open(ctl, arg));
    }

    /** In the shell (or with -i) the two commands that end the daemon's work ask first. */
    private static boolean confirmed(Controller ctl, String question, int pythonLine) {
        if (!ctl.options.interactive) {
            return true;
        }
        String answer = ctl.input.readLine(question);
        if (answer == null) {
            throw new EndOfInput(pythonLine);
        }
        return answer.toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }

    static boolean shutdown(Controller ctl, String arg) throws IOException {
        if (ConfigCommands.refuseArguments(ctl, "shutdown", arg)
                || !confirmed(ctl, "Really shut the remote supervisord process down y/N? ", 987)) {
            return false;
        }
        try {
            ctl.supervisor().call("supervisor.shutdown");
            ctl.output("Shut down");
        } catch (RpcFault f) {
            if (f.faultCode() != Controller.SHUTDOWN_STATE) {
                ctl.exitstatus = Exit.GENERIC;
                throw f;
            }
            // already on its way down: not a failure
            ctl.output("ERROR: already shutting down");
        } catch (HttpStatusException e) {
            throw e;
        } catch (IOException e) {
            ctl.exitstatus = Exit.GENERIC;
            switch (PythonError.Errno.of(e)) {
                case ECONNREFUSED -> ctl.output("ERROR: " + ctl.options.serverurl + " refused connection (already shut down?)");
                case ENOENT -> ctl.output("ERROR: " + ctl.options.serverurl + " no such file (already shut down?)");
                default -> throw e;
            }
        }
        return false;
    }

    static boolean reload(Controller ctl, String arg) throws IOException {
        if (ConfigCommands.refuseArguments(ctl, "reload", arg)
                || !confirmed(ctl, "Really restart the remote supervisord process y/N? ", 1027)) {
            return false;
        }
        try {
            ctl.supervisor().call("supervisor.restart");
            ctl.output("Restarted supervisord");
        } catch (RpcFault f) {
            ctl.exitstatus = Exit.GENERIC;
            if (f.faultCode() != Controller.SHUTDOWN_STATE) {
                throw f;
            }
            ctl.output("ERROR: already shutting down");
        }
        return false;
    }

    static boolean version(Controller ctl, String arg) throws IOException {
        if (ConfigCommands.refuseArguments(ctl, "version", arg) || !ctl.upcheck()) {
            return false;
        }
        ctl.output(Py.str(ctl.supervisor().call("supervisor.getSupervisorVersion")));
        return false;
    }

    static boolean open(Controller ctl, String arg) throws IOException {
        String url = arg.strip();
        String scheme = scheme(url);
        if (!scheme.equals("unix") && !scheme.equals("http")) {
            ctl.output("ERROR: url must be http:// or unix://");
            ctl.exitstatus = Exit.GENERIC;
            return false;
        }
        ctl.options.serverurl = url;
        // open shows the new server's processes; what status finds does not change the exit status
        int before = ctl.exitstatus;
        ProcessCommands.status(ctl, "");
        ctl.exitstatus = before;
        return false;
    }

    /** The scheme urlparse finds: letters, digits, + - . up to the first colon, lower-cased. */
    private static String scheme(String url) {
        int colon = url.indexOf(':');
        if (colon <= 0 || !url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return "";
        }
        return url.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    }

    /** The input ended where a question wanted an answer (Python's EOFError). */
    static final class EndOfInput extends RuntimeException {
        final int pythonLine;

        EndOfInput(int pythonLine) {
            super("EOF when reading a line", null, false, false);
            this.pythonLine = pythonLine;
        }
    }
}
