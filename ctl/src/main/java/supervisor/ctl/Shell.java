package supervisor.ctl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: {@code status} first, then one command per line until quit, exit or the
 * end of the input. On a terminal lines are edited with JLine, with the history file and
 * completion of commands, process and group names; otherwise they are read as Python's input()
 * reads them, prompt on stdout.
 */
final class Shell {
    private Shell() {
    }

    static void run(Controller ctl) {
        if (ctl.onecmd("status")) {
            return;
        }
        String prompt = ctl.options.prompt + "> ";
        // Ctrl-C ends the shell with an empty line and status 0, as 4.2.5's KeyboardInterrupt does
        // (a follow, tail -f, installs its own handler meanwhile)
        Interrupt.during(() -> {
            ctl.output("");
            Runtime.getRuntime().halt(Exit.SUCCESS);
        }, () -> {
            while (true) {
                String line = ctl.input.readLine(prompt);
                if (ctl.onecmd(line == null ? "EOF" : line)) {
                    return;
                }
            }
        });
    }

    /** Whether stdin and stdout are a terminal (then JLine edits the lines). */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Input from a terminal, through JLine: editing, history, completion. */
    static final class TerminalInput extends Input {
        private final LineReader reader;
        private final Terminal terminal;

        TerminalInput(ClientOptions options, Controller[] ctl) throws IOException {
            super(System.out);
            terminal = TerminalBuilder.builder().system(true).build();
            LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).completer(new Completion(ctl));
            if (options.historyFile != null) {
                builder.variable(LineReader.HISTORY_FILE, Path.of(options.historyFile));
            }
            reader = builder.build();
        }

        @Override
        String readLine(String prompt) {
            try {
                return reader.readLine(prompt);
            } catch (EndOfFileException e) {
                return null;
            } catch (UserInterruptException e) {
                // Ctrl-C at the prompt: a new line, and the shell ends as 4.2.5's does
                terminal.writer().println();
                terminal.flush();
                Runtime.getRuntime().exit(0);
                return null;
            }
        }

        @Override
        String readPassword(String prompt) {
            try {
                return reader.readLine(prompt, '\0');
            } catch (EndOfFileException | UserInterruptException e) {
                return "";
            }
        }

        void saveHistory() {
            try {
                reader.getHistory().save();
            } catch (IOException ignored) {
                // as 4.2.5: a history that cannot be written is not an error
            }
        }
    }

    /** 4.2.5's completion: command names first, then process or group names by command. */
    private record Completion(Controller[] ctl) implements Completer {
        private static final List<String> GROUP_COMMANDS = List.of("add", "remove", "update");
        private static final List<String> PROCESS_COMMANDS = List.of("clear", "fg", "pid", "restart", "signal",
                "start", "status", "stop", "tail");

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            List<String> words = line.words();
            String text = line.word();
            if (line.wordIndex() == 0) {
                names(ctl[0].commands.keySet().stream().filter(c -> !c.equals("EOF")).toList(), text, candidates);
                return;
            }
            String action = words.getFirst();
            try {
                if (action.equals("help")) {
                    names(ctl[0].commands.keySet().stream().filter(c -> !c.equals("EOF")).toList(), text, candidates);
                } else if (GROUP_COMMANDS.contains(action)) {
                    List<String> groups = new ArrayList<>();
                    for (Map<String, Object> info : ctl[0].completeInfo()) {
                        String group = Py.str(info.get("group"));
                        if (!groups.contains(group)) {
                            groups.add(group);
                        }
                    }
                    names(groups, text, candidates);
                } else if (PROCESS_COMMANDS.contains(action)) {
                    List<String> processes = new ArrayList<>();
                    for (Map<String, Object> info : ctl[0].completeInfo()) {
                        Object group = info.get("group");
                        Object name = info.get("name");
                        if (text.contains(":") || !group.equals(name)) {
                            processes.add(group + ":" + name);
                            if (!processes.contains(group + ":*")) {
                                processes.add(group + ":*");
                            }
                        } else {
                            processes.add(Py.str(name));
                        }
                    }
                    names(processes, text, candidates);
                }
            } catch (IOException | RuntimeException e) {
                // no server, no names to offer
            }
        }

        private static void names(List<String> names, String text, List<Candidate> candidates) {
            for (String name : names) {
                if (name.startsWith(text)) {
                    candidates.add(new Candidate(name));
                }
            }
        }
    }
}
