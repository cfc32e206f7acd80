package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.Poll;
import supervisor.testing.ReferencePython;

/**
 * Children that fail between fork and exec: the real supervisord 4.2.5 and our spawner start the
 * same programs, and what lands on the child's stderr must be identical.
 */
class SupervisordReferenceTest {
    @Test
    void failuresBeforeExecReadTheSame(@TempDir Path dir) throws Exception {
        ReferencePython.assumeAvailable();
        Path notAProgram = dir.resolve("notprog");
        Files.write(notAProgram, new byte[] {0, 1, 2, 3});
        notAProgram.toFile().setExecutable(true);
        Path aFile = dir.resolve("plain-file");
        Files.writeString(aFile, "x");
        // program name -> {command path, directory}
        Map<String, String[]> programs = new LinkedHashMap<>();
        programs.put("baddir", new String[] {"/bin/echo", "/nonexistent/dir"});
        programs.put("notdir", new String[] {"/bin/echo", aFile.toString()});
        programs.put("badexec", new String[] {notAProgram.toString(), null});
        programs.put("badexecindir", new String[] {notAProgram.toString(), dir.toString()});

        StringBuilder conf = new StringBuilder("[supervisord]\nnodaemon=true\n")
                .append("logfile=").append(dir.resolve("supervisord.log")).append('\n')
                .append("pidfile=").append(dir.resolve("supervisord.pid")).append('\n');
        for (var p : programs.entrySet()) {
            conf.append("[program:").append(p.getKey()).append("]\ncommand=").append(p.getValue()[0]).append('\n')
                    .append("autorestart=false\nstartretries=0\n")
                    .append("stdout_logfile=").append(dir.resolve(p.getKey() + ".out")).append('\n')
                    .append("stderr_logfile=").append(dir.resolve(p.getKey() + ".err")).append('\n');
            if (p.getValue()[1] != null) {
                conf.append("directory=").append(p.getValue()[1]).append('\n');
            }
        }
        Path confFile = dir.resolve("supervisord.conf");
        Files.writeString(confFile, conf);
        Process reference = new ProcessBuilder(ReferencePython.SUPERVISORD.toString(), "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("console").toFile()).start();
        try {
            for (String name : programs.keySet()) {
                Path err = dir.resolve(name + ".err");
                Poll.until(SpawnerTest.WAIT, name + " in the reference", () -> read(err), text -> text.contains("not spawned"));
            }
        } finally {
            reference.destroy();
            reference.waitFor(30, TimeUnit.SECONDS);
        }

        try (IoLoop loop = new IoLoop("reference-io", FailureReport.STDERR)) {
            for (var p : programs.entrySet()) {
                String path = p.getValue()[0];
                Captured ours = Captured.run(loop, new SpawnRequest(path, List.of(path), Captured.ENV,
                        p.getValue()[1], null, null, false));
                assertEquals(WaitStatus.exited(127), ours.await());
                assertEquals(read(dir.resolve(p.getKey() + ".err")), ours.err(), p.getKey());
                assertEquals(read(dir.resolve(p.getKey() + ".out")), ours.out(), p.getKey());
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
