package supervisor.ctl;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where supervisorctl reads what the user types: command lines, answers to its questions, fg's
 * input. Python's input(): the prompt goes to stdout, a line comes from stdin, null at its end.
 */
class Input {
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    private final PrintStream out;

    Input(PrintStream out) {
        this.out = out;
    }

    /** One line without its newline, or null when the input has ended. */
    String readLine(String prompt) {
        out.print(prompt);
        out.flush();
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A password, not echoed when there is a terminal. */
    String readPassword(String prompt) {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            char[] password = console.readPassword("%s", prompt);
            return password == null ? "" : new String(password);
        }
        String line = readLine(prompt);
        return line == null ? "" : line;
    }
}
