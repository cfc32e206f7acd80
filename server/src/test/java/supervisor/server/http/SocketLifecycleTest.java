package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.HttpServerConfig;
import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;
import supervisor.testing.ReferencePython;

@SuppressWarnings("try") // servers are opened for their side effect: listening
class SocketLifecycleTest {
    static final String IN_USE = "Another program is already listening on a port that one of our HTTP servers is "
            + "configured to use.  Shut this program down first before starting supervisord.";

    @TempDir
    Path dir;

    private static String getVersion(Path socket) throws Exception {
        return ReferencePython.run("""
                import sys, xmlrpc.client
                from supervisor.xmlrpc import SupervisorTransport
                t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])
                print(xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t).supervisor.getVersion())
                """, "", socket.toString()).stripTrailing();
    }

    @Test
    void messageIsSupervisordsOwn() throws Exception {
        String python = ReferencePython.run("""
                import inspect, re
                from supervisor import options
                src = inspect.getsource(options.ServerOptions.openhttpservers)
                print(''.join(re.findall(r"'([^']*)'", src.split('EADDRINUSE', 1)[1].split('else', 1)[0])))
                """, "").stripTrailing();
        assertEquals(python, IN_USE);
        assertEquals(IN_USE, UnixSocketFile.ADDRESS_IN_USE);
    }

    @Test
    void socketGetsItsModeAndIsRemovedOnStop() throws Exception {
        Path socket = dir.resolve("m.sock");
        HttpServerConfig config = new HttpServerConfig("unix_http_server", HttpServerConfig.Family.UNIX,
                socket.toString(), 0770, -1, -1, null, 0, null, null);
        try (Servers ignored = new Servers(config)) {
            assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals("3.0", getVersion(socket));
            // the temporary bind name is gone once the socket is published
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count());
            }
        }
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void defaultModeIsOwnerOnly() throws Exception {
        Path socket = dir.resolve("d.sock");
        try (Servers ignored = new Servers(Servers.unix(socket, null, null))) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        }
    }

    @Test
    void staleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("stale.sock");
        // a listener that closed without unlinking leaves a file nobody answers on, like a killed daemon
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));
        try (Servers ignored = new Servers(Servers.unix(socket, null, null))) {
            assertEquals("3.0", getVersion(socket));
        }
    }

    @Test
    void leftoverRegularFileIsReplacedToo() throws Exception {
        Path socket = dir.resolve("file.sock");
        Files.writeString(socket, "not a socket");
        try (Servers ignored = new Servers(Servers.unix(socket, null, null))) {
            assertEquals("3.0", getVersion(socket));
        }
    }

    @Test
    void liveSocketRefusesStartupAndIsLeftAlone() throws Exception {
        Path socket = dir.resolve("live.sock");
        try (Servers first = new Servers(Servers.unix(socket, null, null))) {
            HttpServers second = new HttpServers(java.util.List.of(Servers.unix(socket, null, null)),
                    new TestDispatcher().xmlrpc, new Servers.Logs(), ActivityLog.stderr(LogLevel.INFO));
            HttpServerException e = assertThrows(HttpServerException.class, second::start);
            assertEquals(IN_USE, e.getMessage());
            // the failed server must not take the running one's socket away
            second.stop();
            assertEquals("3.0", getVersion(socket));
        }
    }

    @Test
    void busyInetPortRefusesStartup() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Path socket = dir.resolve("also.sock");
            HttpServers servers = new HttpServers(
                    java.util.List.of(Servers.unix(socket, null, null),
                            Servers.inet("inet_http_server", taken.getLocalPort(), null, null)),
                    new TestDispatcher().xmlrpc, new Servers.Logs(), ActivityLog.stderr(LogLevel.INFO));
            HttpServerException e = assertThrows(HttpServerException.class, servers::start);
            assertEquals(IN_USE, e.getMessage());
            servers.stop();
            assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void chownToOwnIdsIsAccepted() throws Exception {
        Path socket = dir.resolve("o.sock");
        int uid = (Integer) Files.getAttribute(dir, "unix:uid");
        int gid = (Integer) Files.getAttribute(dir, "unix:gid");
        HttpServerConfig config = new HttpServerConfig("unix_http_server", HttpServerConfig.Family.UNIX,
                socket.toString(), 0700, uid, gid, null, 0, null, null);
        try (Servers ignored = new Servers(config)) {
            assertEquals(uid, Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(gid, Files.getAttribute(socket, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        }
    }
}
