package supervisor.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** help and the command line, which need no server: what 4.2.5 prints, as the spec records it. */
class HelpTest {

    private static String run(String line) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try {
            ClientOptions options = ClientOptions.realize("supervisorctl", new String[] {"-s", "unix:///nonexistent", line});
            new Controller(options, out, new Input(out)).onecmd(line);
        } catch (UsageException e) {
            throw new AssertionError(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void commandsInPythonCmdColumns() {
        assertEquals("""

                default commands (type help <topic>):
                =====================================
                add    exit      open  reload  restart   start   tail  \s
                avail  fg        pid   remove  shutdown  status  update\s
                clear  maintail  quit  reread  signal    stop    version

                """, run("help"));
    }

    @Test
    void topicsAndUnknownOnes() {
        assertEquals("shutdown \tShut the remote supervisord down.\n", run("help shutdown"));
        assertEquals("*** No help on nope\n", run("help nope"));
        assertEquals("help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>\n", run("help help"));
        assertEquals("*** Unknown syntax: !ls\n", run("!ls"));
    }

    @Test
    void bundledAndAbbreviatedOptions() throws UsageException {
        ClientOptions o = ClientOptions.realize("supervisorctl", new String[] {"-is", "http://h:1", "--user=u", "--pass", "p",
                "status", "-x"});
        assertEquals("http://h:1", o.serverurl);
        assertEquals("u", o.username);
        assertEquals("p", o.password);
        assertEquals(java.util.List.of("status", "-x"), o.args);
    }
}
