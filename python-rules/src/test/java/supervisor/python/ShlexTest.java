package supervisor.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class ShlexTest {

    /** Python's shlex.split: "OK <n> <hex words>" or "ERR <message>" per input line. */
    private static final String PY_SPLIT = """
            import shlex, sys
            for line in sys.stdin:
                s = bytes.fromhex(line.strip()).decode('utf-8')
                try:
                    words = shlex.split(s)
                    print('OK %d %s' % (len(words), ','.join(w.encode('utf-8').hex() for w in words)))
                except ValueError as e:
                    print('ERR ' + str(e))
            """;

    private static final List<String> TRICKY = List.of(
            "", " ", "\t\r\n ", "a", "a b", "  a   b  ", "/bin/cat", "a\nb", "a\\\nb",
            "'a b'", "\"a b\"", "a'b c'd", "a\"b c\"d", "''", "\"\"", "a '' b", "a \"\" b", "'' ''",
            "'\"'", "\"'\"", "\"\\\"\"", "\"\\\\\"", "\"\\n\"", "\"\\$HOME\"", "'\\n'", "'\\'", "\\'",
            "\\\"", "\\\\", "\\ ", "a\\ b", "\\a", "a\\", "'unclosed", "\"unclosed", "\"a\\", "\"a\\\"",
            "'a''b'", "\"a\"\"b\"", "a#b", "# comment", "a ;b|c &d", "$HOME ${X} `id`", "\u00e9\u00df \u4e2d",
            "\ud83d\ude00 'x \ud83d\ude00'", "a\u000bb\fc", "nul\u0000in", "\"multi\nline\"", "'multi\nline'",
            "/bin/sh -c \"echo 'hi there'; exit 3\"", "python -c 'import sys; print(sys.argv)' \"a b\" c\\ d",
            "a\"\"b", "\"\"a", "a''", "\\\n", "\"\\\n\"", "x \"\\a\\b\\\\\"");

    @Test
    void matchesPythonOnTrickyInputs() throws Exception {
        compareWithPython(TRICKY);
    }

    @Test
    void matchesPythonOnRandomInputs() throws Exception {
        String[] alphabet = {" ", " ", "\t", "\r", "\n", "\\", "\\", "'", "'", "\"", "\"", "a", "b", "#",
                "$", ";", "\u00e9", "\u4e2d", "\ud83d\ude00", "\u000b", "\f", "\u0000", "\u00a0", "\u2028"};
        Random random = new Random(20250101);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(14); n > 0; n--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            inputs.add(s.toString());
        }
        compareWithPython(inputs);
    }

    @Test
    void errorMessages() {
        assertEquals("No closing quotation",
                assertThrows(Shlex.ParseError.class, () -> Shlex.split("echo 'oops")).getMessage());
        assertEquals("No closing quotation",
                assertThrows(Shlex.ParseError.class, () -> Shlex.split("echo \"oops")).getMessage());
        assertEquals("No escaped character",
                assertThrows(Shlex.ParseError.class, () -> Shlex.split("echo oops\\")).getMessage());
    }

    @Test
    void examples() throws Shlex.ParseError {
        assertEquals(List.of("/bin/sh", "-c", "echo 'a b'"), Shlex.split("/bin/sh -c \"echo 'a b'\""));
        assertEquals(List.of("a", "", "b"), Shlex.split("a '' b"));
        assertEquals(List.of("cmd", "arg"), Shlex.split("cmd\n  arg\n"));
    }

    private static void compareWithPython(List<String> inputs) throws Exception {
        List<String> expected = ReferencePython.runLines(PY_SPLIT,
                inputs.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        assertEquals(inputs.size(), expected.size());
        for (int i = 0; i < inputs.size(); i++) {
            String input = inputs.get(i);
            assertEquals(expected.get(i), ours(input), () -> "input " + ReferencePython.hex(input));
        }
    }

    private static String ours(String input) {
        try {
            List<String> words = Shlex.split(input);
            List<String> hex = words.stream().map(w -> ReferencePython.hex(w)).toList();
            return "OK " + words.size() + " " + String.join(",", hex);
        } catch (Shlex.ParseError e) {
            return "ERR " + e.getMessage();
        }
    }
}
