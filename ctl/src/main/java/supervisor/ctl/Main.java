package supervisor.ctl;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code supervisorctl [options] [command [args]]}: one command and its exit status, or the
 * interactive shell (no command, exit status 0), as 4.2.5's supervisorctl.
 */
public final class Main {
    private static final String DOC = """
            supervisorctl -- control applications run by supervisord from the cmd line.

            Usage: %s [options] [action [arguments]]

            Options:
            -c/--configuration FILENAME -- configuration file path (searches if not given)
            -h/--help -- print usage message and exit
            -i/--interactive -- start an interactive shell after executing commands
            -s/--serverurl URL -- URL on which supervisord server is listening
                 (default "http://localhost:9001").
            -u/--username USERNAME -- username to use for authentication with server
            -p/--password PASSWORD -- password to use for authentication with server
            -r/--history-file -- keep a readline history (if readline is available)

            action [arguments] -- see below

            Actions are commands like "tail" or "stop".  If -i is specified or no action is
            specified on the command line, a "shell" interpreting actions typed
            interactively is started.  Use the action "help" to find out about available
            actions.

            """;

    private Main() {
    }

    public static void main(String[] argv) throws IOException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        String progname = System.getProperty("supervisorctl.argv0", "supervisorctl");
        ClientOptions options;
        try {
            options = ClientOptions.realize(progname, argv);
        } catch (UsageException e) {
            System.err.print("Error: " + e.getMessage() + "\n" + "For help, use " + progname + " -h\n");
            System.err.flush();
            System.exit(2);
            return;
        }
        if (options.help) {
            out.print(DOC.replace("%s", progname));
            out.flush();
            System.exit(0);
        }
        if (!options.args.isEmpty()) {
            Controller ctl = new Controller(options, out, new Input(out));
            ctl.onecmd(String.join(" ", options.args));
            out.flush();
            System.exit(ctl.exitstatus);
        }
        Shell.TerminalInput input = null;
        Controller[] holder = new Controller[1];
        if (Shell.onTerminal()) {
            try {
                input = new Shell.TerminalInput(options, holder);
            } catch (IOException | LinkageError e) {
                // no line editing on this terminal: lines are read as from a pipe
                input = null;
            }
        }
        if (input != null) {
            holder[0] = new Controller(options, out, input);
            try {
                Shell.run(holder[0]);
            } finally {
                input.saveHistory();
            }
        } else {
            Shell.run(new Controller(options, out, new Input(out)));
        }
        out.flush();
        // the shell always ends with 0, whatever its commands did
        System.exit(0);
    }
}
