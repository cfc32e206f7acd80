package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.testing.Sockets.answer;
import static supervisor.testing.Sockets.freePort;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.ReferencePython;

/** Listening sockets made with socket(2), handed to real children as fd 0, and their error texts. */
class ListenSocketTest {
    /** Accepts one connection on the socket that is its fd 0 and answers "hello". */
    static final String ACCEPT_ON_FD0 = "import socket; s=socket.socket(fileno=0); c,_=s.accept(); c.sendall(b'hello')";

    private static IoLoop loop;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        loop = new IoLoop("listen-socket-test-io", FailureReport.STDERR);
    }

    @AfterAll
    static void stop() {
        loop.close();
    }

    private static SpawnRequest python(String script) {
        return Captured.request(ReferencePython.PYTHON.toString(), "python3", "-c", script);
    }

    /** What Python says of the exception a script raises: {@code str(e)}. */
    static String python3Error(String script) {
        return ReferencePython.exceptionText("import socket\n" + script);
    }

    @Test
    void aChildAcceptsOnTheUnixSocketItGotAsFd0() throws Exception {
        Path path = dir.resolve("fcgi.sock");
        int fd = ListenSocket.bindUnix(path.toString());
        try {
            ListenSocket.listen(fd, ListenSocket.SOMAXCONN);
            Captured c = Captured.run(loop, python(ACCEPT_ON_FD0).withStdinFd(fd));
            assertEquals(-1, c.child.stdinFd(), "no stdin pipe");
            assertEquals("hello", answer(UnixDomainSocketAddress.of(path)));
            assertEquals("exit status 0", c.await().describe(), c.err());
            assertTrue(Libc.fcntl(fd, 1 /* F_GETFD */, 0) >= 0, "the caller keeps its fd");
        } finally {
            ListenSocket.close(fd);
        }
    }

    @Test
    void aChildAcceptsOnTheTcpSocketItGotAsFd0() throws Exception {
        int port = freePort();
        int fd = ListenSocket.bindTcp((Inet4Address) InetAddress.getByName("127.0.0.1"), port);
        try {
            ListenSocket.listen(fd, 5);
            Captured c = Captured.run(loop, python(ACCEPT_ON_FD0).withStdinFd(fd));
            assertEquals("hello", answer(new InetSocketAddress("127.0.0.1", port)));
            assertEquals("exit status 0", c.await().describe(), c.err());
        } finally {
            ListenSocket.close(fd);
        }
    }

    @Test
    void theSocketIsCloseOnExecAndNoOtherChildSeesIt() throws Exception {
        int fd = ListenSocket.bindUnix(dir.resolve("s").toString());
        try {
            ListenSocket.listen(fd, 1);
            assertTrue(fd > 2);
            assertEquals(1, Libc.fcntl(fd, 1 /* F_GETFD */, 0) & 1, "FD_CLOEXEC");
            // a plain child: fd 0 is its stdin pipe, and no socket anywhere
            Captured plain = Captured.run(loop, Captured.sh("ls -l /proc/$$/fd"));
            assertEquals("exit status 0", plain.await().describe());
            assertFalse(plain.out().contains("socket:"), plain.out());
            assertTrue(plain.out().matches("(?s).* 0 -> pipe:.*"), plain.out());
            // the fcgi child has the socket as fd 0, and only there
            Captured fcgi = Captured.run(loop, Captured.sh("ls -l /proc/$$/fd").withStdinFd(fd));
            assertEquals("exit status 0", fcgi.await().describe());
            assertTrue(fcgi.out().matches("(?s).* 0 -> socket:.*"), fcgi.out());
            assertEquals(1, fcgi.out().split("socket:", -1).length - 1, fcgi.out());
        } finally {
            ListenSocket.close(fd);
        }
    }

    @Test
    void errorsReadAsPythonPrintsThem() throws Exception {
        String missing = dir.resolve("no/such/dir/s").toString();
        ListenSocket.Failure noDir = assertThrows(ListenSocket.Failure.class, () -> ListenSocket.bindUnix(missing));
        assertEquals(python3Error("socket.socket(socket.AF_UNIX).bind('" + missing + "')"), noDir.getMessage());

        String tooLong = dir.resolve("x".repeat(120)).toString();
        ListenSocket.Failure longPath = assertThrows(ListenSocket.Failure.class, () -> ListenSocket.bindUnix(tooLong));
        assertEquals(python3Error("socket.socket(socket.AF_UNIX).bind('" + tooLong + "')"), longPath.getMessage());

        ListenSocket.Failure unlink = assertThrows(ListenSocket.Failure.class, () -> ListenSocket.unlink(missing));
        assertEquals(python3Error("import os; os.unlink('" + missing + "')"), unlink.getMessage());

        int port = freePort();
        int fd = ListenSocket.bindTcp((Inet4Address) InetAddress.getByName("127.0.0.1"), port);
        try {
            ListenSocket.listen(fd, 1);
            ListenSocket.Failure inUse = assertThrows(ListenSocket.Failure.class,
                    () -> ListenSocket.bindTcp((Inet4Address) InetAddress.getByName("127.0.0.1"), port));
            assertEquals(python3Error("s=socket.socket(socket.AF_INET)\n"
                    + "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                    + "s.bind(('127.0.0.1', " + port + "))"), inUse.getMessage());
            assertEquals(98, inUse.errno());
        } finally {
            ListenSocket.close(fd);
        }
    }
}
