package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsing rules of systemd's {@code EnvironmentFile=}, one by one. */
class EnvironmentFileTest {

    private static Map<String, String> parse(String text) throws ConfigException {
        return EnvironmentFile.parse(text.getBytes(StandardCharsets.UTF_8)).pairs();
    }

    /** Pairs in the order given: {@code pairs("A", "1", "B", "2")}. */
    private static Map<String, String> pairs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void plainAssignments() throws Exception {
        assertEquals(pairs("A", "1", "B", "two words", "EMPTY", ""), parse("A=1\nB=two words\nEMPTY=\n"));
    }

    @Test
    void commentsBlankLinesAndLinesWithoutEqualsAreSkipped() throws Exception {
        assertEquals(pairs("A", "1", "B", "2"), parse("""
                # a comment
                ; another
                   # indented comment

                no equals sign here
                A=1
                B=2
                """));
    }

    /** A comment only starts a line: later on the line, # and ; are part of the value. */
    @Test
    void hashInsideAValueIsKept() throws Exception {
        assertEquals(pairs("URL", "http://h/#frag", "X", "a ; b # c"), parse("URL=http://h/#frag\nX=a ; b # c\n"));
    }

    /** A backslash at the end of a comment does not continue it: the next line is read. */
    @Test
    void aCommentEndsAtItsLineEvenAfterABackslash() throws Exception {
        assertEquals(pairs("A", "1"), parse("# comment \\\nA=1\n"));
    }

    @Test
    void blanksAroundKeyAndValueAreDroppedInnerOnesKept() throws Exception {
        assertEquals(pairs("KEY", "inner  blanks", "T", "tab"), parse("  KEY =  inner  blanks  \n\tT\t=\ttab\t\n"));
    }

    @Test
    void unquotedBackslashTakesTheNextCharacter() throws Exception {
        assertEquals(pairs("A", "x y", "B", "back\\slash", "C", "trail ", "D", "$HOME"),
                parse("A=x\\ y\nB=back\\\\slash\nC=trail\\ \nD=\\$HOME\n"));
    }

    @Test
    void backslashNewlineContinuesAnUnquotedValue() throws Exception {
        assertEquals(pairs("A", "onetwo", "B", "3"), parse("A=one\\\ntwo\nB=3\n"));
    }

    @Test
    void singleQuotesAreVerbatimAcrossLines() throws Exception {
        assertEquals(pairs("A", "a \\n \"b\" $c", "B", "line1\nline2"), parse("A='a \\n \"b\" $c'\nB='line1\nline2'\n"));
    }

    @Test
    void doubleQuotesUnescapeOnlyShellSpecials() throws Exception {
        assertEquals(pairs("A", "q\" b\\ t` d$ n\\n x\\y"), parse("A=\"q\\\" b\\\\ t\\` d\\$ n\\n x\\y\"\n"));
        // a line continuation inside double quotes; a real newline is kept
        assertEquals(pairs("B", "onetwo", "C", "l1\nl2"), parse("B=\"one\\\ntwo\"\nC=\"l1\nl2\"\n"));
    }

    @Test
    void blanksOutsideQuotesAreDroppedInsideKept() throws Exception {
        assertEquals(pairs("A", "  padded  "), parse("A=   \"  padded  \"   \n"));
    }

    /** Quoted and unquoted parts that follow each other are joined; quotes later in an unquoted value are text. */
    @Test
    void adjacentPartsJoinAndLateQuotesAreText() throws Exception {
        assertEquals(pairs("A", "xyz", "B", "it's \"here\""), parse("A=\"x\"'y'z\nB=it's \"here\"\n"));
    }

    @Test
    void nothingIsExpanded() throws Exception {
        assertEquals(pairs("A", "$HOME", "B", "${PATH}:%(here)s", "C", "`id`"), parse("A=$HOME\nB=${PATH}:%(here)s\nC=`id`\n"));
    }

    @Test
    void theLastValueOfARepeatedKeyWins() throws Exception {
        assertEquals(pairs("A", "3", "B", "2"), parse("A=1\nB=2\nA=3\n"));
    }

    @Test
    void crlfLinesReadLikeLfLines() throws Exception {
        assertEquals(pairs("A", "1", "B", "two"), parse("A=1\r\nB=two  \r\n"));
    }

    @Test
    void aLastLineWithoutNewlineCountsAndAnUnclosedQuoteRunsToTheEnd() throws Exception {
        assertEquals(pairs("A", "1", "B", "open\n"), parse("A=1\nB='open\n"));
        assertEquals(pairs("K", ""), parse("K="));
        assertEquals(pairs(), parse("K"));
    }

    /** Names must be shell names; others (export lines included) are ignored with their line number. */
    @Test
    void invalidNamesAreIgnoredAndReported() throws Exception {
        EnvironmentFile.Parsed parsed = EnvironmentFile.parse(
                "export A=1\nGOOD=yes\n1X=2\nB-C=3\n_ok9=4\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(pairs("GOOD", "yes", "_ok9", "4"), parsed.pairs());
        assertEquals(List.of(
                "line 1: ignoring invalid environment assignment 'export A=1'",
                "line 3: ignoring invalid environment assignment '1X=2'",
                "line 4: ignoring invalid environment assignment 'B-C=3'"), parsed.ignored());
    }

    @Test
    void invalidUtf8FailsTheFile() throws Exception {
        byte[] bad = {'A', '=', (byte) 0xff, '\n'};
        ConfigException e = assertThrows(ConfigException.class, () -> EnvironmentFile.parse(bad));
        assertEquals("invalid UTF-8 in the value of A on line 1", e.getMessage());
        assertEquals(pairs("A", "é"), parse("A=é\n"));
    }

    @Test
    void theTextEndsAtANulByte() throws Exception {
        assertEquals(pairs("A", "1"), parse("A=1\n\0B=2\n"));
    }
}
