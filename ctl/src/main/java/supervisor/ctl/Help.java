package supervisor.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** help, quit, exit and EOF, and the help text of every command (4.2.5's words, tabs and all). */
final class Help {
    private static final Map<String, String> TEXTS = new TreeMap<>();

    static {
        TEXTS.put("add", "add <name> [...]\tActivates any updates in config for process/group");
        TEXTS.put("avail", "avail\t\t\tDisplay all configured processes");
        TEXTS.put("clear", "clear <name>\t\tClear a process' log files.\n"
                + "clear <name> <name>\tClear multiple process' log files\n"
                + "clear all\t\tClear all process' log files");
        TEXTS.put("exit", "exit\tExit the supervisor shell.");
        TEXTS.put("fg", "fg <process>\tConnect to a process in foreground mode\n"
                + "\t\tCtrl-C to exit");
        TEXTS.put("maintail", "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
                + "maintail -100\tlast 100 *bytes* of supervisord main log file\n"
                + "maintail\tlast 1600 *bytes* of supervisor main log file\n");
        TEXTS.put("open", "open <url>\tConnect to a remote supervisord process.\n"
                + "\t\t(for UNIX domain socket, use unix:///socket/path)");
        TEXTS.put("pid", "pid\t\t\tGet the PID of supervisord.\n"
                + "pid <name>\t\tGet the PID of a single child process by name.\n"
                + "pid all\t\t\tGet the PID of every child process, one per line.");
        TEXTS.put("quit", "quit\tExit the supervisor shell.");
        TEXTS.put("reload", "reload \t\tRestart the remote supervisord.");
        TEXTS.put("remove", "remove <name> [...]\tRemoves process/group from active config");
        TEXTS.put("reread", "reread \t\t\tReload the daemon's configuration files without add/remove");
        TEXTS.put("restart", "restart <name>\t\tRestart a process\n"
                + "restart <gname>:*\tRestart all processes in a group\n"
                + "restart <name> <name>\tRestart multiple processes or groups\n"
                + "restart all\t\tRestart all processes\n"
                + "Note: restart does not reread config files. For that, see reread and update.");
        TEXTS.put("shutdown", "shutdown \tShut the remote supervisord down.");
        TEXTS.put("signal", "signal <signal name> <name>\t\tSignal a process\n"
                + "signal <signal name> <gname>:*\t\tSignal all processes in a group\n"
                + "signal <signal name> <name> <name>\tSignal multiple processes or groups\n"
                + "signal <signal name> all\t\tSignal all processes");
        TEXTS.put("start", "start <name>\t\tStart a process\n"
                + "start <gname>:*\t\tStart all processes in a group\n"
                + "start <name> <name>\tStart multiple processes or groups\n"
                + "start all\t\tStart all processes");
        TEXTS.put("status", "status <name>\t\tGet status for a single process\n"
                + "status <gname>:*\tGet status for all processes in a group\n"
                + "status <name> <name>\tGet status for multiple named processes\n"
                + "status\t\t\tGet all process status info");
        TEXTS.put("stop", "stop <name>\t\tStop a process\n"
                + "stop <gname>:*\t\tStop all processes in a group\n"
                + "stop <name> <name>\tStop multiple processes or groups\n"
                + "stop all\t\tStop all processes");
        TEXTS.put("tail", "tail [-f] <name> [stdout|stderr] (default stdout)\n"
                + "Ex:\n"
                + "tail -f <name>\t\tContinuous tail of named process stdout\n"
                + "\t\t\tCtrl-C to exit.\n"
                + "tail -100 <name>\tlast 100 *bytes* of process stdout\n"
                + "tail <name> stderr\tlast 1600 *bytes* of process stderr");
        TEXTS.put("update", "update\t\t\tReload config and add/remove as necessary, and will restart affected programs\n"
                + "update all\t\tReload config and add/remove as necessary, and will restart affected programs\n"
                + "update <gname> [...]\tUpdate specific groups");
        TEXTS.put("version", "version\t\t\tShow the version of the remote supervisord process");
    }

    private Help() {
    }

    static void register(Map<String, Command> commands) {
        commands.put("help", (ctl, arg) -> help(ctl, arg));
        commands.put("EOF", (ctl, arg) -> {
            ctl.output("");
            return true;
        });
        Command quit = (ctl, arg) -> commands.get("EOF").run(ctl, arg);
        commands.put("quit", quit);
        commands.put("exit", quit);
    }

    /** Prints a command's help text (each of its lines followed by a newline). */
    static void show(Controller ctl, String command) {
        ctl.output(TEXTS.get(command));
    }

    static boolean help(Controller ctl, String arg) {
        if (arg.strip().equals("help")) {
            ctl.output("help\t\tPrint a list of available actions");
            ctl.output("help <action>\tPrint help for <action>");
        } else if (!arg.isEmpty()) {
            if (TEXTS.containsKey(arg)) {
                show(ctl, arg);
            } else {
                ctl.output("*** No help on " + arg);
            }
        } else {
            ctl.output("");
            String header = "default commands (type help <topic>):";
            ctl.output(header);
            ctl.output("=".repeat(header.length()));
            columnize(ctl, new ArrayList<>(TEXTS.keySet()), 79);
            ctl.output("");
        }
        return false;
    }

    /** Python cmd's columnize: as few rows as fit the width, columns two spaces apart. */
    static void columnize(Controller ctl, List<String> list, int width) {
        int size = list.size();
        int nrows = size;
        int ncols = 1;
        List<Integer> colwidths = List.of(0);
        for (int rows = 1; rows < size; rows++) {
            int cols = (size + rows - 1) / rows;
            List<Integer> widths = new ArrayList<>();
            int total = -2;
            for (int col = 0; col < cols; col++) {
                int w = 0;
                for (int row = 0; row < rows && row + rows * col < size; row++) {
                    w = Math.max(w, Py.len(list.get(row + rows * col)));
                }
                widths.add(w);
                total += w + 2;
                if (total > width) {
                    break;
                }
            }
            if (total <= width) {
                nrows = rows;
                ncols = cols;
                colwidths = widths;
                break;
            }
        }
        for (int row = 0; row < nrows; row++) {
            List<String> texts = new ArrayList<>();
            for (int col = 0; col < ncols; col++) {
                int i = row + nrows * col;
                texts.add(i < size ? list.get(i) : "");
            }
            while (!texts.isEmpty() && texts.getLast().isEmpty()) {
                texts.removeLast();
            }
            for (int col = 0; col < texts.size(); col++) {
                texts.set(col, Py.ljust(texts.get(col), colwidths.get(col)));
            }
            ctl.output(String.join("  ", texts));
        }
    }
}
