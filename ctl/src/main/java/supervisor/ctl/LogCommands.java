package supervisor.ctl;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import supervisor.python.PyInt;
import supervisor.python.PyStr;
import supervisor.rpc.RpcFault;
import supervisor.rpc.XmlRpcClient;

/** tail, maintail and fg: the logs of a process and of the daemon, read once or followed. */
final class LogCommands {
    private static final int DEFAULT_BYTES = 1600;

    private LogCommands() {
    }

    static void register(Map<String, Command> commands) {
        commands.put("tail", (ctl, arg) -> tail(ctl, arg));
        commands.put("maintail", (ctl, arg) -> maintail(ctl, arg));
        commands.put("fg", (ctl, arg) -> fg(ctl, arg));
    }

    static boolean tail(Controller ctl, String arg) throws IOException {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> args = new ArrayList<>(Py.split(arg));
        if (args.isEmpty() || args.size() > 3) {
            ctl.output(args.isEmpty() ? "Error: too few arguments" : "Error: too many arguments");
            ctl.exitstatus = Exit.GENERIC;
            Help.show(ctl, "tail");
            return false;
        }
        String modifier = args.getFirst().startsWith("-") ? args.removeFirst() : null;
        String name;
        String channel;
        if (args.size() == 1) {
            name = args.getLast();
            channel = "stdout";
        } else if (!args.isEmpty()) {
            name = args.getFirst();
            channel = args.getLast().toLowerCase(Locale.ROOT);
            if (!channel.equals("stderr") && !channel.equals("stdout")) {
                ctl.output("Error: bad channel " + PyStr.repr(channel));
                ctl.exitstatus = Exit.GENERIC;
                return false;
            }
        } else {
            ctl.output("Error: tail requires process name");
            ctl.exitstatus = Exit.GENERIC;
            return false;
        }
        Number bytes = DEFAULT_BYTES;
        if (modifier != null) {
            String what = modifier.substring(1);
            if (what.equals("f")) {
                follow(ctl, "/logtail/" + name + "/" + channel);
                return false;
            }
            bytes = count(what);
            if (bytes == null) {
                ctl.output("Error: bad argument " + modifier);
                ctl.exitstatus = Exit.GENERIC;
                return false;
            }
        }
        XmlRpcClient supervisor = ctl.supervisor();
        String method = channel.equals("stdout") ? "supervisor.readProcessStdoutLog" : "supervisor.readProcessStderrLog";
        try {
            ctl.output(Py.str(supervisor.call(method, name, negate(bytes), 0)));
        } catch (RpcFault f) {
            ctl.exitstatus = Exit.GENERIC;
            switch (f.faultCode()) {
                case Controller.NO_FILE -> ctl.output(name + ": ERROR (no log file)");
                case Controller.FAILED -> ctl.output(name + ": ERROR (unknown error reading log)");
                case Controller.BAD_NAME -> ctl.output(name + ": ERROR (no such process name)");
                default -> throw f;
            }
        }
        return false;
    }

    static boolean maintail(Controller ctl, String arg) throws IOException {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> args = Py.split(arg);
        Number bytes = DEFAULT_BYTES;
        if (args.size() > 1) {
            ctl.output("Error: too many arguments");
            ctl.exitstatus = Exit.GENERIC;
            Help.show(ctl, "maintail");
            return false;
        } else if (args.size() == 1) {
            String only = args.getFirst();
            bytes = only.startsWith("-") ? count(only.substring(1)) : null;
            if (only.equals("-f")) {
                follow(ctl, "/mainlogtail");
                return false;
            }
            if (bytes == null) {
                ctl.output("Error: bad argument " + only);
                ctl.exitstatus = Exit.GENERIC;
                return false;
            }
        }
        try {
            ctl.output(Py.str(ctl.supervisor().call("supervisor.readLog", negate(bytes), 0)));
        } catch (RpcFault f) {
            ctl.exitstatus = Exit.GENERIC;
            switch (f.faultCode()) {
                case Controller.NO_FILE -> ctl.output("supervisord: ERROR (no log file)");
                case Controller.FAILED -> ctl.output("supervisord: ERROR (unknown error reading log)");
                default -> throw f;
            }
        }
        return false;
    }

    /** Python's int() of the text after the dash, or null where it raises. */
    private static Number count(String what) {
        BigInteger value = PyInt.parse(what, 10);
        return value == null ? null : PyInt.narrowest(value);
    }

    private static Number negate(Number n) {
        return PyInt.narrowest(new BigInteger(n.toString()).negate());
    }

    private static void follow(Controller ctl, String path) {
        ctl.output("==> Press Ctrl-C to exit <==");
        LogTail tail = new LogTail(ctl.options, path, ctl.out);
        if (Interrupt.during(tail::close, tail::follow)) {
            ctl.output("");
        }
    }

    static boolean fg(Controller ctl, String arg) throws IOException {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Py.split(arg);
        if (names.isEmpty()) {
            ctl.output("ERROR: no process name supplied");
            ctl.exitstatus = Exit.GENERIC;
            Help.show(ctl, "fg");
            return false;
        }
        if (names.size() > 1) {
            ctl.output("ERROR: too many process names supplied");
            ctl.exitstatus = Exit.GENERIC;
            return false;
        }
        String name = names.getFirst();
        XmlRpcClient supervisor = ctl.supervisor();
        Map<String, Object> info;
        try {
            info = Controller.struct(supervisor.call("supervisor.getProcessInfo", name));
        } catch (RpcFault f) {
            if (f.faultCode() == Controller.BAD_NAME) {
                ctl.output("ERROR: bad process name supplied");
                ctl.exitstatus = Exit.GENERIC;
            } else {
                ctl.output("ERROR: " + PythonError.faultText(f));
            }
            return false;
        }
        if (!ProcessCommands.isRunning(info)) {
            ctl.output("ERROR: process not running");
            ctl.exitstatus = Exit.GENERIC;
            return false;
        }
        ctl.output("==> Press Ctrl-C to exit <==");
        LogTail stdout = new LogTail(ctl.options, "/logtail/" + name + "/stdout", ctl.out);
        LogTail stderr = new LogTail(ctl.options, "/logtail/" + name + "/stderr", ctl.out);
        Thread.ofPlatform().daemon().start(stdout::follow);
        Thread.ofPlatform().daemon().start(stderr::follow);
        try {
            // Ctrl-C cannot break into a read of stdin here: the handler says what 4.2.5 says and
            // ends supervisorctl (in the shell too, where 4.2.5 would go back to the prompt)
            Interrupt.during(() -> {
                stdout.close();
                stderr.close();
                ctl.output("Exiting foreground");
                Runtime.getRuntime().halt(ctl.options.args.isEmpty() ? Exit.SUCCESS : ctl.exitstatus);
            }, () -> {
                try {
                    foreground(ctl, supervisor, name);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            stdout.close();
            stderr.close();
        }
        return false;
    }

    /** Sends each line typed to the process until it stops running or the input ends. */
    private static void foreground(Controller ctl, XmlRpcClient supervisor, String name) throws IOException {
        while (true) {
            String line = ctl.input.readLine("");
            if (line == null) {
                ctl.output("Exiting foreground");
                return;
            }
            try {
                supervisor.call("supervisor.sendProcessStdin", name, line + "\n");
            } catch (RpcFault f) {
                ctl.output(f.faultCode() == Controller.NOT_RUNNING ? "Process got killed" : "ERROR: " + PythonError.faultText(f));
                ctl.output("Exiting foreground");
                return;
            }
            if (!ProcessCommands.isRunning(Controller.struct(supervisor.call("supervisor.getProcessInfo", name)))) {
                ctl.output("Process got killed");
                ctl.output("Exiting foreground");
                return;
            }
        }
    }
}
