package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.rpc.FaultCode;
import supervisor.rpc.RpcFault;
import supervisor.rpc.XmlRpcClient;

/**
 * 100,000 XML-RPC calls of the kinds supervisorctl and other clients make, from four clients at
 * once: over the unix socket and over inet, each on one kept-alive connection and on a new
 * connection per call. Every answer is checked, and the daemon's open descriptors, threads and
 * live heap stay where they were after the first 10,000 calls.
 */
@Tag("soak")
class RpcSoakHostTest {

    private static final int CALLS = 100_000;
    private static final int ROUNDS = 10;
    private static final int CLIENTS = 4;
    /** Far beyond a round's time, even on a crowded machine: a round past it has a call left hanging. */
    private static final Duration ROUND_DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path base;

    @Test
    void hundredThousandCallsLeaveNothingBehind() throws Exception {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base);
        conf.program("toggle", "/bin/sh -c \"echo started; exec sleep 1000\"",
                "process_name=%(program_name)s_%(process_num)d", "numprocs=" + CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (Supervisord daemon = Supervisord.start(Implementation.OURS, conf)) {
            for (int k = 0; k < CLIENTS; k++) {
                daemon.awaitState("toggle:toggle_" + k, "RUNNING", ROUND_DEADLINE);
            }
            List<Client> clients = List.of(
                    new Client(conf.unixUrl(), true, 0), new Client(conf.unixUrl(), false, 1),
                    new Client(conf.inetUrl(), true, 2), new Client(conf.inetUrl(), false, 3));
            VitalsCurve curve = new VitalsCurve();
            curve.add(0, Vitals.of(daemon.pid()));
            long started = System.nanoTime();
            long calls = 0;
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<Integer>> running = new ArrayList<>();
                for (Client c : clients) {
                    running.add(pool.submit(() -> c.calls(CALLS / ROUNDS / CLIENTS)));
                }
                for (Future<Integer> f : running) {
                    calls += await(f, round);
                }
                curve.add(calls, Vitals.of(daemon.pid()));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("SOAK rpc calls=%d clients=%d seconds=%.1f calls/s=%.0f %s %s%n", calls, CLIENTS,
                    seconds, calls / seconds, curve.summary(), curve);
            clients.forEach(Client::close);
            assertEquals(CALLS, calls);
            assertTrue(daemon.isAlive());
            // Jetty's pool starts a thread when a request finds all busy (up to its cap, 20): a few
            // more threads may be in use by the last round than by the first
            curve.assertFlat("after " + calls + " calls", 2, 4, 1L << 20);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int await(Future<Integer> f, int round) throws InterruptedException {
        try {
            return f.get(ROUND_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("round " + round + " not done within " + ROUND_DEADLINE + ": a call was never answered");
        } catch (ExecutionException e) {
            throw new AssertionError("round " + round + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * One client: on one kept-alive connection or on a new connection per call, it makes the
     * calls supervisorctl makes (status, tail, maintail, start, stop) and one it gets wrong, and
     * checks each answer. It starts and stops only its own process, so that the clients' answers
     * do not depend on each other.
     */
    private static final class Client {
        private final String url;
        private final boolean keptAlive;
        private final String name;
        private final String namespec;
        private XmlRpcClient connection;
        private long made;

        Client(String url, boolean keptAlive, int process) {
            this.url = url;
            this.keptAlive = keptAlive;
            this.name = "toggle_" + process;
            this.namespec = "toggle:" + name;
        }

        int calls(int count) throws IOException {
            for (int i = 0; i < count; i++) {
                if (connection == null) {
                    connection = new XmlRpcClient(url);
                }
                try {
                    call(made++);
                } finally {
                    if (!keptAlive) {
                        close();
                    }
                }
            }
            return count;
        }

        private void call(long n) throws IOException {
            String where = " (call " + n + " on " + url + (keptAlive ? ", kept alive)" : ", new connection)");
            switch ((int) (n % 100)) {
                case 48 -> assertEquals(true, connection.call("supervisor.stopProcess", namespec, true), where);
                case 49 -> assertEquals(true, connection.call("supervisor.startProcess", namespec, true), where);
                default -> {
                    switch ((int) (n % 6)) {
                        case 0 -> assertEquals("RUNNING", ((Map<?, ?>) connection.call("supervisor.getState"))
                                .get("statename"), where);
                        case 1 -> assertEquals(CLIENTS, ((List<?>) connection.call("supervisor.getAllProcessInfo"))
                                .size(), where);
                        case 2 -> assertEquals(name, ((Map<?, ?>) connection.call("supervisor.getProcessInfo",
                                namespec)).get("name"), where);
                        case 3 -> assertTrue(connection.call("supervisor.readLog", -500, 0) instanceof String, where);
                        case 4 -> assertEquals(3, ((List<?>) connection.call("supervisor.tailProcessStdoutLog",
                                namespec, 0, 200)).size(), where);
                        default -> {
                            try {
                                connection.call("supervisor.getProcessInfo", "nosuch");
                                throw new AssertionError("getProcessInfo('nosuch') answered" + where);
                            } catch (RpcFault fault) {
                                assertEquals(FaultCode.BAD_NAME.code, fault.faultCode(), where);
                            }
                        }
                    }
                }
            }
        }

        void close() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }
}
