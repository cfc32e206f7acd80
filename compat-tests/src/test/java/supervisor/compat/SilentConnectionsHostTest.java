package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;

/**
 * A client that opens a thousand connections to each listener and never sends a request (or
 * sends half a request line and stops), as a broken or hostile client does. Meanwhile
 * supervisorctl and xmlrpc.client are served on both listeners and a program is spawned; once
 * the connections go, every file descriptor they took is given back.
 *
 * <p>With room enough (an open files limit of 4096) both daemons do all that alike. With the
 * usual limit of 1024, supervisord 4.2.5 holds each connection until its descriptors run out,
 * then spins on the listener it cannot accept from: supervisorctl waits until the connections
 * go, and no program can be spawned (README, known deviations). Ours keeps at most 768
 * connections there and closes the silent ones idle longest to make room, so that one runs
 * against ours only.
 */
class SilentConnectionsHostTest extends CompatSuite {
    private static final int PER_LISTENER = 1000;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    private static void programs(SupervisorConf conf) {
        conf.program("a", "/bin/sleep 1000").program("b", "/bin/sleep 1000", "autostart=false");
    }

    /** What supervisorctl and xmlrpc.client do while the connections are held: both listeners, a spawn. */
    private static void serveClients(Session s) {
        for (ExecResult status : List.of(s.ctl("status"), s.ctlWith(s.inet(null, null), "status"))) {
            assertTrue(status.stdout().matches("(?s)a +RUNNING +pid \\d+.*\nb +STOPPED +[^\\n]+\n"), status.toString());
        }
        ExecResult start = s.ctl("start", "b");
        assertEquals("b: started\n", start.stdout(), start.toString());
        s.awaitState("b", "RUNNING");
        ExecResult stop = s.ctl("stop", "b");
        assertEquals("b: stopped\n", stop.stdout(), stop.toString());
        assertEquals(Map.of("statecode", 1L, "statename", "RUNNING"),
                s.rpc(Endpoint.inet(s.conf()), "supervisor.getState").struct());
        assertEquals("STOPPED", s.rpc(Endpoint.unix(s.conf()), "supervisor.getProcessInfo", "b").struct().get("statename"));
    }

    /** Everything runs once before the count is taken, so that what the daemon opens once for good is in it. */
    private static long baseline(Session s) {
        s.ctlUnrecorded("start", "b");
        s.ctlUnrecorded("stop", "b");
        s.rpcUnrecorded(Endpoint.inet(s.conf()), "supervisor.getState");
        return openFiles(s.daemon());
    }

    @AgainstBoth
    void clientsAreServedWhileAThousandConnectionsOnEachListenerSayNothing(Implementation impl) {
        scenario(impl, conf -> programs(conf.openFiles(4096)), s -> {
            s.awaitState("a", "RUNNING");
            long before = baseline(s);
            try (SilentClients silent = SilentClients.open(s.conf(), PER_LISTENER)) {
                serveClients(s);
            }
            Poll.until(DEADLINE, "the daemon to give back every descriptor (" + before + " before)",
                    () -> openFiles(s.daemon()), n -> n <= before);
        });
    }

    /**
     * Two thousand connections on a daemon allowed 1024 open files: ours closes the silent ones
     * idle longest past its cap of 768 (and says so once), serves supervisorctl and spawns
     * meanwhile, and closes the rest once they have sent nothing for 30 s.
     */
    @Test
    void pastTheOpenFilesLimitOursClosesTheSilentConnectionsIdleLongest() {
        deviation(conf -> programs(conf.openFiles(1024)), s -> {
            s.awaitState("a", "RUNNING");
            long before = baseline(s);
            try (SilentClients silent = SilentClients.open(s.conf(), PER_LISTENER)) {
                serveClients(s);
                Poll.until(DEADLINE, "every silent connection to be closed by the daemon", silent::closedByServer,
                        n -> n == 2 * PER_LISTENER);
            }
            Poll.until(DEADLINE, "the daemon to give back every descriptor (" + before + " before)",
                    () -> openFiles(s.daemon()), n -> n <= before);
            String activity = read(s.conf().dir().resolve("supervisord.log"));
            assertEquals(1, activity.split("WARN too many HTTP connections open", -1).length - 1, activity);
            assertTrue(activity.contains("the most kept is 768): closing the ones idle longest without a request"),
                    activity);
        });
    }

    private static long openFiles(Supervisord daemon) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + daemon.pid() + "/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connections to both listeners that never send a request: every other one sends half a request line. */
    private static final class SilentClients implements AutoCloseable {
        private final List<SocketChannel> channels = new ArrayList<>();

        static SilentClients open(SupervisorConf conf, int perListener) {
            SilentClients clients = new SilentClients();
            try {
                for (int k = 0; k < perListener; k++) {
                    clients.add(SocketChannel.open(UnixDomainSocketAddress.of(conf.socket())), k);
                    clients.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", conf.port())), k);
                }
            } catch (IOException e) {
                clients.close();
                throw new UncheckedIOException(e);
            }
            return clients;
        }

        private void add(SocketChannel channel, int k) throws IOException {
            channels.add(channel);
            if (k % 2 == 1)
                channel.write(ByteBuffer.wrap("POST /RPC2 HT".getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
        }

        /** How many the daemon has closed (end of stream or reset). */
        long closedByServer() {
            ByteBuffer sink = ByteBuffer.allocate(1024);
            long closed = 0;
            for (SocketChannel c : channels) {
                try {
                    sink.clear();
                    if (c.read(sink) < 0)
                        closed++;
                } catch (IOException reset) {
                    closed++;
                }
            }
            return closed;
        }

        @Override
        public void close() {
            for (SocketChannel c : channels) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing our end: nothing to do about it
                }
            }
        }
    }
}
