package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.testing.Sockets.answer;
import static supervisor.testing.Sockets.freePort;
import static supervisor.testing.Sockets.listening;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.Config;
import supervisor.config.ConfigLoader;
import supervisor.config.LogLevel;
import supervisor.config.Overrides;
import supervisor.logging.ActivityLog;
import supervisor.posix.FailureReport;
import supervisor.posix.IoLoop;
import supervisor.testing.Poll;
import supervisor.testing.ReferencePython;

/** [fcgi-program:x] groups run with real children on the production loop and host. */
class FcgiProgramTest {
    /** Accepts one connection on fd 0, answers with its process name, then stays up. */
    private static final String SERVE_ONCE = "/usr/bin/python3 -c \"import os,socket,time; "
            + "s=socket.socket(fileno=0); c,_=s.accept(); "
            + "c.sendall(os.environ['SUPERVISOR_PROCESS_NAME'].encode()); c.close(); time.sleep(1000)\"";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final ThreadEventLoop loop = new ThreadEventLoop(FailureReport.STDERR);
    private final IoLoop io = new IoLoop("fcgi-test-io", FailureReport.STDERR);
    private Supervisor supervisor;

    @AfterEach
    void tearDown() throws Exception {
        if (supervisor != null && !supervisor.stopped().isDone()) {
            supervisor.call(() -> {
                supervisor.shutdown();
                return null;
            }).get(30, TimeUnit.SECONDS);
            supervisor.stopped().get(30, TimeUnit.SECONDS);
        }
        io.close();
        loop.close();
    }

    private Supervisor start(String sections) throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, ("""
                [supervisord]
                logfile=DIR/supervisord.log
                pidfile=DIR/supervisord.pid
                childlogdir=DIR

                """ + sections).replace("DIR", dir.toString()));
        Config config = ConfigLoader.load(conf, Overrides.none());
        supervisor = new Supervisor(config, ActivityLog.console(LogLevel.INFO, logBytes), loop, Clock.SYSTEM,
                ProcessHost.posix(io));
        loop.execute(supervisor::start);
        return supervisor;
    }

    private <T> T onLoop(Supplier<T> task) throws Exception {
        return supervisor.call(task).get(30, TimeUnit.SECONDS);
    }

    private Subprocess process(String group, String name) throws Exception {
        return onLoop(() -> supervisor.group(group).process(name));
    }

    private void awaitState(Subprocess p, ProcessState state) throws Exception {
        Poll.until(Duration.ofSeconds(30), p.name() + " " + state, () -> onLoop(p::state), state::equals);
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private int count(String text) {
        return log().split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }

    @Test
    void twoProcessesShareOneUnixSocketUntilTheLastExits() throws Exception {
        start("""
                [fcgi-program:f]
                socket=unix://DIR/f.sock
                command=%s
                numprocs=2
                process_name=%%(program_name)s_%%(process_num)s
                startsecs=0
                autorestart=false

                [program:cat]
                command=/bin/cat
                startsecs=0
                """.formatted(SERVE_ONCE));
        Path path = dir.resolve("f.sock");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        Subprocess f0 = process("f", "f_0"), f1 = process("f", "f_1");
        awaitState(f0, ProcessState.RUNNING);
        awaitState(f1, ProcessState.RUNNING);
        FcgiSocket socket = onLoop(() -> supervisor.group("f").socket());
        assertEquals(2, (int) onLoop(socket::references));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        // made and closed once when the group was added, then made again for the first spawn
        assertEquals(2, count("INFO Creating socket unix://" + path + "\n"), log());
        assertEquals(1, count("INFO Closing socket unix://" + path + "\n"), log());

        // each process accepts one connection: the two answers come from both
        Set<String> answers = new HashSet<>();
        answers.add(answer(address));
        answers.add(answer(address));
        assertEquals(Set.of("f_0", "f_1"), answers);

        // fd 0 of an fcgi process is the socket: there is no stdin to write to
        assertFalse(onLoop(() -> f0.writeStdin("x")));
        Subprocess cat = process("cat", "cat");
        assertTrue(onLoop(() -> cat.writeStdin("x")), "a plain program has its stdin pipe");

        onLoop(f0::stop);
        awaitState(f0, ProcessState.STOPPED);
        assertEquals(1, (int) onLoop(socket::references));
        assertTrue(listening(address), "still open while f_1 runs");

        onLoop(f1::stop);
        awaitState(f1, ProcessState.STOPPED);
        assertFalse(onLoop(socket::isOpen));
        assertFalse(listening(address), "closed after the last exit");
        assertTrue(Files.exists(path), "supervisord leaves the file of a closed socket");
        assertTrue(log().lastIndexOf("Closing socket") > log().indexOf("stopped: f_1"), log());

        // a new start makes a new socket
        onLoop(() -> {
            f1.spawn();
            return null;
        });
        awaitState(f1, ProcessState.RUNNING);
        assertEquals(3, count("INFO Creating socket"), log());
        assertEquals("f_1", answer(address));
    }

    @Test
    void aTcpSocketIsServedAndClosedAfterTheExit() throws Exception {
        int port = freePort();
        start("""
                [fcgi-program:t]
                socket=tcp://localhost:%d
                socket_backlog=5
                command=%s
                startsecs=0
                autorestart=false
                """.formatted(port, SERVE_ONCE));
        Subprocess t = process("t", "t");
        awaitState(t, ProcessState.RUNNING);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        assertEquals("t", answer(address));
        assertTrue(log().contains("INFO Creating socket tcp://localhost:" + port + "\n"), log());
        onLoop(t::stop);
        awaitState(t, ProcessState.STOPPED);
        assertFalse(listening(address));
    }

    @Test
    void theUnixSocketFileGetsSocketOwnerAndSocketMode() throws Exception {
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).strip());
        start("""
                [fcgi-program:o]
                socket=unix://DIR/o.sock
                socket_mode=0640
                %s
                command=/bin/cat
                autostart=false
                """.formatted(root ? "socket_owner=65534:65534" : ""));
        onLoop(() -> null); // the group is there, and its socket was made and closed once
        Path path = dir.resolve("o.sock");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        if (root) {
            assertEquals(65534, Files.getAttribute(path, "unix:uid"));
            assertEquals(65534, Files.getAttribute(path, "unix:gid"));
        }
    }

    @Test
    void aFailedSpawnGivesItsReferenceBack() throws Exception {
        start("""
                [fcgi-program:bad]
                socket=unix://DIR/bad.sock
                command=/no/such/program
                startretries=0
                """);
        Subprocess bad = process("bad", "bad");
        awaitState(bad, ProcessState.FATAL);
        FcgiSocket socket = onLoop(() -> supervisor.group("bad").socket());
        assertEquals(0, (int) onLoop(socket::references));
        assertFalse(onLoop(socket::isOpen));
        assertEquals(count("Creating socket"), count("Closing socket"), log());
    }

    @Test
    void aSocketThatCannotBeMadeStopsTheStartBeforeAnySpawn() throws Exception {
        String path = dir.resolve("missing/f.sock").toString();
        start("""
                [program:a]
                command=/bin/sleep 1000
                priority=1

                [fcgi-program:f]
                socket=unix://DIR/missing/f.sock
                command=/bin/cat
                """);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> supervisor.stopped().get(30, TimeUnit.SECONDS));
        String expected = "Could not create FastCGI socket unix://" + path + ": "
                + ReferencePython.exceptionText("import socket; socket.socket(socket.AF_UNIX).bind('" + path + "')");
        assertEquals(expected, assertInstanceOf(FcgiSocket.CreateFailure.class, e.getCause()).getMessage());
        onLoop(() -> null); // whatever was queued on the loop has run
        assertEquals(0, (int) onLoop(() -> supervisor.group("a").process("a").pid()), "nothing was spawned");
        assertEquals(null, onLoop(() -> supervisor.group("f")));
    }

    @Test
    void addingAGroupWithABadSocketChangesNothing() throws Exception {
        start("""
                [fcgi-program:f]
                socket=unix://DIR/f.sock
                command=/bin/cat
                autostart=false
                """);
        onLoop(() -> null);
        Files.writeString(dir.resolve("file"), "not a directory");
        String path = dir.resolve("file/f.sock").toString();
        var good = onLoop(() -> supervisor.group("f").config());
        var bad = new supervisor.config.GroupConfig("g", good.kind(), good.priority(), good.processes(), null,
                new supervisor.config.GroupConfig.FcgiSettings("unix://" + path, 0, null, 0700));
        FcgiSocket.CreateFailure failure = onLoop(() -> {
            try {
                supervisor.addGroup(bad);
                return null;
            } catch (FcgiSocket.CreateFailure f) {
                return f;
            }
        });
        assertEquals("Could not create FastCGI socket unix://" + path + ": "
                + ReferencePython.exceptionText("import socket; socket.socket(socket.AF_UNIX).bind('" + path + "')"),
                failure.getMessage());
        assertEquals(null, onLoop(() -> supervisor.group("g")));
    }
}
