package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import supervisor.testing.Sockets;

/**
 * [fcgi-program:x] groups, driven by the host's supervisorctl and xmlrpc.client and by plain socket
 * clients: a unix socket shared by two processes and a tcp socket on a port found free at run time,
 * each process answering one connection it accepts on its fd 0.
 */
class FcgiProgramHostTest extends CompatSuite {

    /** Accepts one connection on fd 0, answers with its process name, then stays up without accepting. */
    private static final String SERVE_ONCE = "/usr/bin/python3 -c \"import os,socket,time; "
            + "s=socket.socket(fileno=0); c,_=s.accept(); "
            + "c.sendall(b'hello from '+os.environ['SUPERVISOR_PROCESS_NAME'].encode()); c.close(); time.sleep(1000)\"";

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    @AgainstBoth
    void unixAndTcpSocketsServeStopAndStartAgain(Implementation impl) {
        AtomicInteger tcpPort = new AtomicInteger();
        scenario(impl, conf -> {
            tcpPort.set(Sockets.freePort());
            conf.section("fcgi-program:fu", "socket=unix://" + conf.dir().resolve("fu.sock"), "command=" + SERVE_ONCE,
                            "numprocs=2", "process_name=%(program_name)s_%(process_num)s", "startsecs=0",
                            "stopwaitsecs=2", "autorestart=false")
                    .section("fcgi-program:ft", "socket=tcp://127.0.0.1:" + tcpPort.get(), "command=" + SERVE_ONCE,
                            "startsecs=0", "stopwaitsecs=2", "autorestart=false");
        }, s -> {
            SocketAddress unix = UnixDomainSocketAddress.of(s.conf().dir().resolve("fu.sock"));
            SocketAddress tcp = new InetSocketAddress("127.0.0.1", tcpPort.get());
            s.awaitState("fu:fu_0", "RUNNING");
            s.awaitState("fu:fu_1", "RUNNING");
            s.awaitState("ft", "RUNNING");
            assertEquals(0, s.ctlUnordered("status").exitCode());
            s.note("unix socket mode " + PosixFilePermissions.toString(permissions(s.conf().dir().resolve("fu.sock"))));

            // one socket for both processes: two connections are answered by the two of them
            expectAnswers(s, "unix", unix, "hello from fu_0", "hello from fu_1");
            expectAnswers(s, "tcp", tcp, "hello from ft");

            // fd 0 is the socket: there is no stdin to write to
            XmlRpcSuite.expectFault(s.rpc(Endpoint.unix(s.conf()), "supervisor.sendProcessStdin", "fu:fu_0", "x\n"),
                    20, "NO_FILE: fu:fu_0");
            XmlRpcSuite.expectFault(s.rpc(Endpoint.unix(s.conf()), "supervisor.sendProcessStdin", "ft", "x\n"),
                    20, "NO_FILE: ft");

            // the socket stays while one process holds it, and is closed after the last exit
            assertEquals(0, s.ctl("stop", "fu:fu_0").exitCode());
            expectListening(s, "unix", unix, true);
            assertEquals(0, s.ctl("stop", "fu:fu_1").exitCode());
            expectListening(s, "unix", unix, false);
            s.note("unix socket file left: " + Files.exists(s.conf().dir().resolve("fu.sock")));
            assertEquals(0, s.ctl("stop", "ft").exitCode());
            expectListening(s, "tcp", tcp, false);

            // and made again by the next start
            assertEquals(0, s.ctlUnordered("start", "fu:*").exitCode());
            assertEquals(0, s.ctl("start", "ft").exitCode());
            expectAnswers(s, "unix", unix, "hello from fu_0", "hello from fu_1");
            expectAnswers(s, "tcp", tcp, "hello from ft");
            assertEquals(0, s.ctlUnordered("status").exitCode());
        });
    }

    /** One connection per expected answer; the answers, sorted, go to the transcript. */
    private static void expectAnswers(Session s, String label, SocketAddress address, String... expected) {
        TreeSet<String> answers = new TreeSet<>();
        for (int k = 0; k < expected.length; k++) {
            answers.add(Sockets.answer(address));
        }
        s.note(label + " answers " + answers);
        assertEquals(new TreeSet<>(List.of(expected)), answers);
    }

    private static void expectListening(Session s, String label, SocketAddress address, boolean expected) {
        boolean listening = Sockets.listening(address);
        s.note(label + " socket listening: " + listening);
        assertEquals(expected, listening, label);
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(Path path) {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
