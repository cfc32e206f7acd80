package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import supervisor.python.PyStr;
import supervisor.testing.Command;
import supervisor.testing.ReferencePython;

class ExecArgsTest {

    /**
     * supervisord's own Subprocess.get_execv_args on a minimal config. Input lines:
     * "'C' + <hex command> <'-' | 'P' + hex of the program's environment PATH>"; output per line:
     * "OK <hex file> <hex argv,...>" or "<fault> <hex message>".
     */
    private static final String PY_EXECV = """
            import sys
            from supervisor.options import (ServerOptions, ProcessConfig, NotFound, BadCommand,
                                            NotExecutable, NoPermission)
            from supervisor.process import Subprocess
            class Config:
                pass
            for line in sys.stdin:
                command_hex, path_arg = line.split()
                config = Config()
                config.command = bytes.fromhex(command_hex[1:]).decode('utf-8')
                config.options = ServerOptions()
                config.environment = None
                if path_arg != '-':
                    config.environment = {'PATH': bytes.fromhex(path_arg[1:]).decode('utf-8')}
                config.get_path = lambda config=config: ProcessConfig.get_path(config)
                process = Subprocess.__new__(Subprocess)
                process.config = config
                try:
                    filename, argv = process.get_execv_args()
                    print('OK %s %s' % (filename.encode().hex(), ','.join(a.encode().hex() for a in argv)))
                except NotFound as e:
                    print('NO_FILE ' + e.args[0].encode().hex())
                except (BadCommand, NotExecutable, NoPermission) as e:
                    print('NOT_EXECUTABLE ' + e.args[0].encode().hex())
            """;

    @TempDir
    Path tmp;
    Path bin1;
    Path bin2;

    @BeforeEach
    void layout() throws IOException {
        bin1 = Files.createDirectory(tmp.resolve("bin1"));
        bin2 = Files.createDirectory(tmp.resolve("bin2"));
        executable(bin1.resolve("prog"));
        executable(bin2.resolve("prog"));
        executable(bin2.resolve("onlyhere"));
        executable(bin1.resolve("pr\u00f6g"));
        Files.writeString(bin1.resolve("noexec"), "");
        Files.createDirectory(bin1.resolve("adir"));
        Files.createSymbolicLink(bin1.resolve("link"), bin1.resolve("prog"));
        Files.createSymbolicLink(bin1.resolve("dangling"), bin1.resolve("missing"));
        Path spaced = Files.createDirectory(tmp.resolve("spaced dir"));
        executable(spaced.resolve("tool"));
        executable(tmp.resolve("it's"));
    }

    private record Case(String command, String programPath) {
    }

    @Test
    void resolvesAndFailsExactlyLikeSupervisord() throws Exception {
        String path12 = bin1 + ":" + bin2;
        String relative = Path.of("").toAbsolutePath().relativize(bin1.resolve("prog")).toString();
        List<Case> cases = new ArrayList<>(List.of(
                new Case("prog", path12),
                new Case("prog a 'b c'", bin2 + ":" + bin1),
                new Case("onlyhere x", path12),
                new Case("missing", path12),
                new Case("noexec", path12),
                new Case("adir", path12),
                new Case("link -v", path12),
                new Case("dangling", path12),
                new Case("pr\u00f6g", path12),
                new Case("prog", bin1 + "/"),
                new Case("prog", ""),
                new Case("prog", bin1 + ":"),
                new Case("prog", ":" + bin2),
                new Case(bin1.resolve("prog") + " arg", null),
                new Case(bin1.resolve("noexec").toString(), null),
                new Case(bin1.resolve("adir").toString(), null),
                new Case(bin1.resolve("adir") + "/", null),
                new Case("/nonexistent/x", null),
                new Case(relative, null),
                new Case("'" + tmp.resolve("spaced dir/tool") + "' --flag", null),
                new Case("\"" + tmp.resolve("it's") + "\"", null),
                new Case("'it'\\''s' x", bin1.toString()),
                new Case("", null),
                new Case("   \n  ", null),
                new Case("prog 'unclosed", path12),
                new Case("prog \"unclosed", path12),
                new Case("it's \"both", path12),
                new Case("prog trailing\\", path12),
                new Case("multi\nline 'x", path12),
                new Case("tab\there \u00e9 \u4e2d 'x", path12),
                new Case("sh -c 'echo hi'", null),
                new Case("nosuchcommand-anywhere", null)));
        for (String daemonPath : new String[] {bin2.toString(), "", null}) {
            compare(cases, daemonPath);
        }
    }

    private void compare(List<Case> cases, String daemonPath) throws Exception {
        StringBuilder in = new StringBuilder();
        for (Case c : cases) {
            String env = c.programPath == null ? "-" : "P" + ReferencePython.hex(c.programPath);
            in.append("C").append(ReferencePython.hex(c.command)).append(' ').append(env).append('\n');
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", daemonPath); // null: no PATH at all
        String out = ReferencePython.command(PY_EXECV).env(env).stdin(in.toString()).output();
        List<String> expected = out.lines().toList();
        assertEquals(cases.size(), expected.size());
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Map<String, String> programEnv = c.programPath == null ? Map.of("OTHER", "x") : Map.of("PATH", c.programPath);
            assertEquals(expected.get(i), ours(c.command, programEnv, daemonPath),
                    "command " + c.command + " program PATH " + c.programPath + " daemon PATH " + daemonPath);
        }
    }

    private static String ours(String command, Map<String, String> programEnv, String daemonPath) {
        try {
            ExecArgs args = ExecArgs.resolve(command, programEnv, daemonPath);
            return "OK " + ReferencePython.hex(args.path()) + " "
                    + String.join(",", args.argv().stream().map(a -> ReferencePython.hex(a)).toList());
        } catch (ExecArgs.Failure f) {
            return f.kind() + " " + ReferencePython.hex(f.getMessage());
        }
    }

    @Test
    void everyFailureText() throws IOException {
        String p = bin1.toString();
        assertFailure(ExecArgs.Failure.Kind.NOT_EXECUTABLE, "can't parse command \"prog 'x\": No closing quotation", "prog 'x", p);
        assertFailure(ExecArgs.Failure.Kind.NOT_EXECUTABLE, "can't parse command 'prog x\\\\': No escaped character", "prog x\\", p);
        assertFailure(ExecArgs.Failure.Kind.NOT_EXECUTABLE, "command is empty", " ", p);
        assertFailure(ExecArgs.Failure.Kind.NO_FILE, "can't find command 'missing'", "missing", p);
        assertFailure(ExecArgs.Failure.Kind.NOT_EXECUTABLE, "command at '" + bin1.resolve("adir") + "' is a directory", "adir", p);
        assertFailure(ExecArgs.Failure.Kind.NOT_EXECUTABLE, "command at '" + bin1.resolve("noexec") + "' is not executable", "noexec", p);
        // the program's environment wins over supervisord's PATH; argv[0] stays as written
        ExecArgs ok = resolve("prog -x", Map.of("PATH", bin2.toString()), bin1.toString());
        assertEquals(bin2.resolve("prog").toString(), ok.path());
        assertEquals(List.of("prog", "-x"), ok.argv());
        assertEquals("/bin/sh", resolve("sh", null, null).path(), "default PATH");
    }

    @Test
    void noPermissionWhenAnotherUserCannotExecute() throws Exception {
        Path file = tmp.resolve("owneronly");
        Files.writeString(file, "#!/bin/sh\n");
        String expected = "NOT_EXECUTABLE no permission to run command '" + file + "'";
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("------x--"));
            assertEquals(expected, ours(file.toString(), null, null).replaceFirst(" .*", "") + " "
                    + assertThrows(ExecArgs.Failure.class, () -> ExecArgs.resolve(file.toString(), null)).getMessage());
            return;
        }
        // as root every x bit is enough, so check as nobody: a root-owned 0700 file
        Path setpriv = Path.of("/usr/bin/setpriv");
        Assumptions.assumeTrue(Files.isExecutable(setpriv), "needs setpriv to drop to nobody");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> asNobody = List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups");

        List<String> java = new ArrayList<>(asNobody);
        java.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-cp", readableByAll(tmp.resolve("probe-classes"), ExecArgsProbe.class, ExecArgs.class, PyStr.class),
                ExecArgsProbe.class.getName(), file.toString()));
        String ourLine = Command.of(java).output().strip();
        assertEquals(expected, ourLine);

        String theirs = ReferencePython.command(PY_EXECV).prefixed(asNobody)
                .stdin("C" + ReferencePython.hex(file.toString()) + " -\n").output().strip();
        assertEquals("NOT_EXECUTABLE " + ReferencePython.hex(expected.substring("NOT_EXECUTABLE ".length())), theirs);
    }

    /**
     * The probe's classes, copied where nobody can read them: the checkout (and the Maven
     * repository) may sit in a folder other users cannot enter, such as root's home.
     */
    private static String readableByAll(Path into, Class<?>... classes) throws Exception {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : classes) {
            Path from = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path to = into.resolve(String.valueOf(entries.size()));
            Files.createDirectories(to.getParent());
            if (Files.isDirectory(from)) {
                try (Stream<Path> tree = Files.walk(from)) {
                    for (Path p : (Iterable<Path>) tree::iterator) {
                        Files.copy(p, to.resolve(from.relativize(p).toString()));
                    }
                }
            } else {
                Files.copy(from, to);
            }
            entries.add(to.toString());
        }
        try (Stream<Path> tree = Files.walk(into)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(":", entries);
    }

    private static void assertFailure(ExecArgs.Failure.Kind kind, String message, String command, String path) {
        ExecArgs.Failure f = assertThrows(ExecArgs.Failure.class,
                () -> ExecArgs.resolve(command, Map.of("PATH", path), null));
        assertEquals(message, f.getMessage());
        assertEquals(kind, f.kind());
    }

    private static ExecArgs resolve(String command, Map<String, String> env, String daemonPath) {
        try {
            return ExecArgs.resolve(command, env, daemonPath);
        } catch (ExecArgs.Failure f) {
            throw new AssertionError(f.getMessage());
        }
    }

    private static void executable(Path p) throws IOException {
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
