package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config files {@link ConfigFileFuzzTest} found mishandled, each now refused or read as
 * supervisord 4.2.5 does (its messages checked against {@code /usr/bin/supervisord}).
 */
class ConfigFuzzFindingsTest {
    @TempDir
    Path dir;

    private Config load(String text) throws Exception {
        Files.write(dir.resolve("supervisord.conf"), text.getBytes(StandardCharsets.ISO_8859_1));
        return new ConfigLoader(Map.of("HOME", dir.toString()), dir, "n").read(Path.of("supervisord.conf"),
                Overrides.none());
    }

    private String error(String text) {
        return assertThrows(ConfigException.class, () -> load(text)).getMessage();
    }

    /** Java refuses to make a Path with a NUL; Python's os.path.isdir just answers False. */
    @Test
    void aNulInALogFileFolderIsAFolderThatDoesNotExist() {
        String found = "[supervisord]\nlogfile=%(here)s/sd.log\2\0idfilesilent==%(here)s/sd.pid\n\n"
                + "[program:x]50MBmand=/=bin/true\n";
        assertEquals("The directory named as part of the path " + dir + "/sd.log\2\0idfilesilent==" + dir
                + "/sd.pid does not exist", error(found));
        assertEquals("The directory named as part of the path /tmp/a\0b/x.log does not exist in section 'program:x'"
                + " (file: 'supervisord.conf')",
                error("[supervisord]\n[program:x]\ncommand=/bin/true\nstdout_logfile=/tmp/a\0b/x.log\n"));
    }

    @Test
    void aNulInTheDirectoryIsNotAnExistingDirectory() {
        assertEquals("/tmp/a\0b is not an existing directory", error("[supervisord]\ndirectory=/tmp/a\0b\n"));
        assertEquals("/tmp/a\0b is not an existing directory", error("[supervisord]\nchildlogdir=/tmp/a\0b\n"));
    }

    /**
     * The width was an int that overflowed, and a large one was built: OutOfMemoryError. Python
     * refuses a width or precision beyond Py_ssize_t, and raises MemoryError (an empty message)
     * for one it cannot build.
     */
    @Test
    void aHugeWidthIsBadlyFormattedNotOutOfMemory() {
        // the fuzzer's input, cut down to the value that matters
        assertEquals("Format string '%000010000000000000000000000000s' for 'supervisord.childlogdir' is badly"
                + " formatted: width too big", error("[supervisord]\nchildlogdir=%000010000000000000000000000000s\n"));
        assertEquals("Format string '%.10000000000000000000000s' for 'supervisord.childlogdir' is badly"
                + " formatted: precision too big", error("[supervisord]\nchildlogdir=%.10000000000000000000000s\n"));
        assertEquals("Format string '%010000000000000s' for 'supervisord.childlogdir' is badly formatted: ",
                error("[supervisord]\nchildlogdir=%010000000000000s\n"));
        assertEquals("Format string '%(here)9223372036854775807s' for 'supervisord.childlogdir' is badly"
                + " formatted: ", error("[supervisord]\nchildlogdir=%(here)9223372036854775807s\n"));
        assertEquals("Format string '%(here)9223372036854775808s' for 'supervisord.childlogdir' is badly"
                + " formatted: width too big", error("[supervisord]\nchildlogdir=%(here)9223372036854775808s\n"));
    }

    /**
     * A reversed range in an include pattern ({@code [z-a]}) made the regex fail to compile and
     * the whole pattern match nothing; Python 3.11's fnmatch drops just that range, with its ends.
     * Each row: a pattern, then whether {@code fnmatch.fnmatchcase} (/usr/bin/python3) matches each
     * of {@link #NAMES} with it.
     */
    @Test
    void includePatternsMatchAsPythonsFnmatchDoes() {
        String[][] rows = {
            {"[z-a]x", "00000000000000"}, {"[a--b]", "01000000000000"}, {"[b-ax-a]", "00000000000000"},
            {"[!z-a]", "11111111110000"}, {"[a-]", "10000100000000"}, {"[-a]", "10000100000000"},
            {"[]-a]", "10000001100000"}, {"[x-a-z]", "00001100000000"}, {"[a&&b]", "11000010000000"},
            {"[z-ab-c]", "01100000000000"}, {"*[!a-c].ini", "00000000000010"}, {"[^a]", "10000000100000"},
            {"[[a]", "10000000010000"},
        };
        for (String[] row : rows) {
            StringBuilder matches = new StringBuilder();
            for (String name : NAMES) {
                matches.append(Glob.translate(row[0]).matcher(name).matches() ? '1' : '0');
            }
            assertEquals(row[1], matches.toString(), row[0]);
        }
    }

    private static final List<String> NAMES = List.of("a", "b", "c", "x", "z", "-", "&", "]", "^", "[", "zx", "ax",
            "d.ini", "a.ini");

    @Test
    void anIncludePatternWithAReversedRangeStillMatchesWithTheRest() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/extra.ini"), "[program:extra]\ncommand=/bin/cat\n");
        Config config = load("[supervisord]\n[include]\nfiles=conf.d/[z-ae]xtra.ini\n");
        assertEquals(List.of("extra"), config.groups().stream().map(GroupConfig::name).toList());
    }

    /**
     * Each star became {@code .*}, and forty stars over a name that does not match backtracked
     * for minutes (the fuzzer's input had an include pattern of them). fnmatch makes a run of stars
     * one star, and every star but the last an atomic minimal match.
     */
    @Test
    @Timeout(60) // before the fix: minutes; a hang must fail the build, not stall it
    void manyStarsMatchAsFnmatchAndQuickly() {
        String[][] rows = {
            {"*a*b*c", "1100000000"}, {"**x", "0001000000"}, {"a*", "1010100010"}, {"*", "1111111111"},
            {"*.ini", "0000011000"}, {"*a*", "1110100110"}, {"a*b*", "1010000010"}, {"*[!a]*z", "0000000110"},
        };
        List<String> names = List.of("abc", "xaybzc", "acb", "x", "a", ".ini", "b.ini", "zaz", "azbz", "");
        for (String[] row : rows) {
            StringBuilder matches = new StringBuilder();
            for (String name : names) {
                matches.append(Glob.translate(row[0]).matcher(name).matches() ? '1' : '0');
            }
            assertEquals(row[1], matches.toString(), row[0]);
        }
        assertFalse(Glob.translate("*a".repeat(30) + "c").matcher("a".repeat(40) + "b").matches());
        assertFalse(Glob.translate("*".repeat(60) + "s" + "\t".repeat(30) + "*;").matcher("s" + "\t".repeat(200))
                .matches());
    }

    /** glob.glob lists the folder with os.scandir, which raises for a NUL; a literal name just matches nothing. */
    @Test
    void aNulInAnIncludeFolderToListIsAnErrorElsewhereNoMatch() throws Exception {
        assertEquals("embedded null byte", error("[supervisord]\n[include]\nfiles=con\0f.d/*.ini\n"));
        Config config = load("[supervisord]\n[include]\nfiles=nul\0.ini conf.d/*\0.ini\n");
        assertEquals(List.of("No file matches via include \"" + dir + "/nul\0.ini\"",
                "No file matches via include \"" + dir + "/conf.d/*\0.ini\""),
                config.messages().stream().map(Config.ConfigMessage::text).toList());
    }
}
