package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import supervisor.testing.ReferencePython;

class AutoLogsTest {

    private static final Pattern AUTO_NAME = Pattern.compile("p-stdout---myid-[a-z0-9_]{8}\\.log");

    /** The real ServerOptions.clear_autochildlogdir, its warnings printed one per line. */
    private static final String PY_CLEANUP = """
            import sys
            from supervisor.options import ServerOptions
            class Warnings:
                def warn(self, message):
                    print(message)
            options = ServerOptions()
            options.childlogdir, options.identifier = sys.argv[1], sys.argv[2]
            options.logger = Warnings()
            options.clear_autochildlogdir()
            """;

    private static final List<String> NAMES = List.of(
            "p-stdout---ID-abcdefgh.log",
            "p-stdout---ID-abcdefgh.log.1",
            "p-stdout---ID-abcdefgh.log.12345",
            "p-stderr---ID-x.logtrailing",
            "---ID-x.log",
            "a---ID-.log",
            "a---ID-x y.log",
            "a---ID-b.LOG",
            "p-stdout---other-abcdefgh.log",
            "p-stdout---IDX-abcdefgh.log",
            "notalog.txt",
            "\u00fc-stdout---ID-\u00df\u00e9.log",
            "a---b---ID-c.log.2",
            "p---IDID-q.log");

    @TempDir
    Path tmp;

    @Test
    void createsAnEmptyPrivateFileWithSupervisordsName() throws IOException {
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Path p = AutoLogs.create(tmp, "p", "stdout", "myid");
            assertTrue(p.isAbsolute());
            assertEquals(tmp.toAbsolutePath(), p.getParent());
            assertTrue(AUTO_NAME.matcher(p.getFileName().toString()).matches(), p.toString());
            assertEquals(0, Files.size(p));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            assertTrue(seen.add(p));
        }
    }

    @Test
    void supervisordsNamesHaveTheSameShape() throws Exception {
        String script = """
                import sys
                from supervisor.options import ServerOptions
                options = ServerOptions()
                options.childlogdir = sys.argv[1]
                for _ in range(20):
                    print(options.get_autochildlog_name('p', 'myid', 'stdout'))
                """;
        String out = ReferencePython.run(script, "", tmp.toString());
        List<String> names = out.lines().toList();
        assertEquals(20, names.size());
        for (String name : names) {
            Path p = Path.of(name);
            assertEquals(tmp, p.getParent());
            assertTrue(AUTO_NAME.matcher(p.getFileName().toString()).matches(), name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"supervisor", "myid", "sup.visor", "a+b", "id[12]", "x-y"})
    void cleanupRemovesWhatSupervisordRemoves(String identifier) throws Exception {
        Path ours = Files.createDirectory(tmp.resolve("ours"));
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        List<String> names = new ArrayList<>();
        for (String n : NAMES) {
            names.add(n.replace("ID", identifier));
        }
        // names that only a pattern (not a literal) identifier would select
        names.add("p-stdout---" + identifier.replace('.', 'Z') + "-q.log");
        names.add("p-stdout---id1-q.log");
        names.add("p-stdout---aab-q.log");
        for (Path dir : List.of(ours, theirs)) {
            for (String n : names) {
                Files.writeString(dir.resolve(n), n);
            }
            Files.createDirectory(dir.resolve("d---" + identifier + "-x.log"));
        }

        List<String> ourWarnings = AutoLogs.cleanup(ours, identifier);
        String pyOut = ReferencePython.run(PY_CLEANUP, "", theirs.toString(), identifier);

        assertEquals(listing(theirs), listing(ours));
        assertEquals(new TreeSet<>(pyOut.lines().map(l -> l.replace(theirs.toString(), "DIR")).toList()),
                new TreeSet<>(ourWarnings.stream().map(l -> l.replace(ours.toString(), "DIR")).toList()));
        assertTrue(listing(ours).size() < names.size() + 1, "something was removed");
        if (identifier.matches("[\\w.-]+")) {
            assertEquals(1, ourWarnings.size(), "the directory cannot be removed");
        }
    }

    @Test
    void missingDirectoryIsAWarning() {
        assertEquals(List.of("Could not clear childlog dir"), AutoLogs.cleanup(tmp.resolve("absent"), "x"));
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
