package supervisor.ctl;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import supervisor.python.PyStr;
import supervisor.rpc.HttpStatusException;
import supervisor.rpc.RpcFault;
import supervisor.rpc.XmlRpcClient;

/**
 * Runs one command line at a time against the server, as 4.2.5's Controller does: finds the
 * command, reports what it cannot handle as one error line, asks for credentials when the server
 * wants them, and keeps the exit status the commands set.
 */
final class Controller {
    /** Fault codes supervisorctl decides on (supervisor.xmlrpc.Faults). */
    static final int UNKNOWN_METHOD = 1;
    static final int BAD_NAME = 10;
    static final int BAD_SIGNAL = 11;
    static final int NO_FILE = 20;
    static final int NOT_EXECUTABLE = 21;
    static final int FAILED = 30;
    static final int ABNORMAL_TERMINATION = 40;
    static final int SPAWN_ERROR = 50;
    static final int ALREADY_STARTED = 60;
    static final int NOT_RUNNING = 70;
    static final int SUCCESS = 80;
    static final int ALREADY_ADDED = 90;
    static final int STILL_RUNNING = 91;
    static final int CANT_REREAD = 92;
    static final int SHUTDOWN_STATE = 6;

    private static final String IDENTCHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

    final ClientOptions options;
    final PrintStream out;
    final Input input;
    int exitstatus = Exit.SUCCESS;
    /** The commands by name, each family adding its own. */
    final Map<String, Command> commands = new LinkedHashMap<>();
    /** Process infos for completion, fetched once per command line. */
    private List<Map<String, Object>> completeInfo;
    /** The connections the current command opened: supervisorctl makes a new one per step. */
    private final List<XmlRpcClient> proxies = new ArrayList<>();

    Controller(ClientOptions options, PrintStream out, Input input) {
        this.options = options;
        this.out = out;
        this.input = input;
        ProcessCommands.register(commands);
        ConfigCommands.register(commands);
        LogCommands.register(commands);
        DaemonCommands.register(commands);
        Help.register(commands);
    }

    void output(String message) {
        out.print(message + "\n");
        out.flush();
    }

    /** A new connection to the server for the next step of a command (closed when the command ends). */
    XmlRpcClient supervisor() {
        XmlRpcClient client = new XmlRpcClient(options.serverurl, options.username, options.password);
        proxies.add(client);
        return client;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> struct(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> structs(Object value) {
        return (List<Map<String, Object>>) value;
    }

    /** Sets the exit status from a result code, 4.2.5's set_exitstatus_from_xmlrpc_fault. */
    void exitFromFault(int code, int ignored) {
        if (code == ignored || code == SUCCESS) {
            return;
        }
        exitstatus = code == SPAWN_ERROR || code == ABNORMAL_TERMINATION || code == NOT_RUNNING
                ? Exit.NOT_RUNNING : Exit.GENERIC;
    }

    /** Checks that a supervisord with API 3.0 answers; says why not and sets the exit status otherwise. */
    boolean upcheck() throws IOException {
        try {
            Object api = supervisor().call("supervisor.getVersion");
            if (!"3.0".equals(api)) {
                output("Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, "
                        + "but the remote version is " + Py.str(api) + ".");
                exitstatus = Exit.NOT_INSTALLED;
                return false;
            }
        } catch (RpcFault f) {
            if (f.faultCode() == UNKNOWN_METHOD) {
                output("Sorry, supervisord responded but did not recognize the supervisor namespace commands "
                        + "that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] "
                        + "section is enabled in the configuration file (see sample.conf).");
                exitstatus = Exit.UNIMPLEMENTED_FEATURE;
                return false;
            }
            exitstatus = Exit.GENERIC;
            throw f;
        } catch (HttpStatusException e) {
            throw e;
        } catch (IOException e) {
            switch (PythonError.Errno.of(e)) {
                case ECONNREFUSED -> {
                    output(options.serverurl + " refused connection");
                    exitstatus = Exit.INSUFFICIENT_PRIVILEGES;
                    return false;
                }
                case ENOENT -> {
                    output(options.serverurl + " no such file");
                    exitstatus = Exit.NOT_RUNNING;
                    return false;
                }
                default -> {
                    exitstatus = Exit.GENERIC;
                    throw e;
                }
            }
        }
        return true;
    }

    /**
     * Runs one command line (Python's cmd rules: {@code ?} is help, the command is the leading
     * run of letters, digits and underscores). Returns true when the shell should end.
     */
    boolean onecmd(String rawLine) {
        String line = PyStr.strip(rawLine);
        if (line.isEmpty()) {
            return false;
        }
        if (line.charAt(0) == '?') {
            line = "help " + line.substring(1);
        } else if (line.charAt(0) == '!') {
            return unknown(line);
        }
        int i = 0;
        while (i < line.length() && IDENTCHARS.indexOf(line.charAt(i)) >= 0) {
            i++;
        }
        String name = line.substring(0, i);
        String arg = PyStr.strip(line.substring(i));
        completeInfo = null;
        Command command = name.isEmpty() ? null : commands.get(name);
        if (command == null) {
            return unknown(line);
        }
        try {
            try {
                return command.run(this, arg);
            } catch (HttpStatusException e) {
                if (e.status() != 401) {
                    exitstatus = Exit.GENERIC;
                    throw e;
                }
                output("Server requires authentication");
                if (options.interactive) {
                    options.username = input.readLine("Username:");
                    options.password = input.readPassword("Password:");
                    output("");
                    closeProxies();
                    return onecmd(line);
                }
                exitstatus = Exit.GENERIC;
            }
            // 4.2.5 runs the command once more after the message, and reports how that fails
            return command.run(this, arg);
        } catch (IOException | RuntimeException e) {
            output(PythonError.line(e, options.serverurl));
            exitstatus = Exit.GENERIC;
            return false;
        } finally {
            closeProxies();
        }
    }

    private boolean unknown(String line) {
        output("*** Unknown syntax: " + line);
        exitstatus = Exit.GENERIC;
        return false;
    }

    private void closeProxies() {
        proxies.forEach(XmlRpcClient::close);
        proxies.clear();
    }

    /** Every process's info, once per command line, for completion. */
    List<Map<String, Object>> completeInfo() throws IOException {
        if (completeInfo == null) {
            try (XmlRpcClient client = new XmlRpcClient(options.serverurl, options.username, options.password)) {
                completeInfo = structs(client.call("supervisor.getAllProcessInfo"));
            }
        }
        return completeInfo;
    }
}
