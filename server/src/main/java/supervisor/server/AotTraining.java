package supervisor.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import supervisor.posix.Posix;
import supervisor.posix.Signals;
import supervisor.rpc.RpcFault;
import supervisor.rpc.XmlRpcClient;

/**
 * A representative session with the daemon, run once by the build under
 * {@code -XX:AOTCacheOutput} (see {@code scripts/aot-train}) so that the JVM can record which
 * classes the daemon loads and how its hot methods behave: the launcher then starts from that
 * cache, with classes already linked and the JIT compiling the hot paths from the start.
 *
 * <p>It runs the real daemon in this JVM on a throwaway configuration (a few programs, an event
 * listener, unix and inet servers with credentials) and drives it over both sockets the way
 * clients do: status calls, starts and stops, signals, log reads and tails, multicall, the web
 * UI and a {@code tail -f} stream; then it shuts the daemon down and leaves.
 */
final class AotTraining {
    private static final int ROUNDS = 1000;
    /** A training that takes longer than this is stuck: better no cache than a build that never ends. */
    private static final long WATCHDOG_MILLIS = 180_000;

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        Thread.ofPlatform().daemon().name("aot-watchdog").start(() -> {
            try {
                Thread.sleep(WATCHDOG_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("AOT training stuck after " + WATCHDOG_MILLIS / 1000 + " s; threads:");
            Thread.getAllStackTraces().forEach((t, stack) -> {
                System.err.println(t);
                for (StackTraceElement e : stack) {
                    System.err.println("\tat " + e);
                }
            });
            Runtime.getRuntime().halt(1);
        });
        Path dir = Files.createTempDirectory("supervisord-aot-");
        try {
            train(dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void train(Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path socket = dir.resolve("supervisor.sock");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, config(dir, socket, port));
        // an event listener speaking the protocol: READY, read one event, answer OK
        Files.writeString(dir.resolve("listener.sh"), """
                printf 'READY\\n'
                while read -r header; do
                    len=${header##*len:}
                    dd bs=1 count="$len" of=/dev/null 2>/dev/null
                    printf 'RESULT 2\\nOKREADY\\n'
                done
                """);
        Thread daemon = Thread.ofPlatform().name("aot-daemon").start(
                () -> new Daemon("supervisord").run(new String[] {"-n", "-c", conf.toString()}));
        try (XmlRpcClient unix = new XmlRpcClient("unix://" + socket);
             XmlRpcClient inet = new XmlRpcClient("http://127.0.0.1:" + port, "user", "123")) {
            awaitSocket(socket);
            awaitRunning(unix, "sleeper", "ticker", "listener");
            for (int round = 0; round < ROUNDS; round++) {
                session(round % 2 == 0 ? unix : inet, round);
                if (round % 100 == 0) {
                    page(port, "GET / HTTP/1.1");
                    page(port, "GET /tail.html?processname=ticker HTTP/1.1");
                    tail(socket, "/logtail/ticker");
                }
            }
        } finally {
            // whatever happened above, the daemon goes, or this JVM would wait for it for ever
            Posix.kill(Posix.getpid(), Signals.SIGTERM);
            daemon.join();
        }
    }

    private static String config(Path dir, Path socket, int port) {
        return String.join("\n",
                "[unix_http_server]", "file=" + socket, "",
                "[inet_http_server]", "port=127.0.0.1:" + port, "username=user", "password=123", "",
                "[supervisord]", "logfile=" + dir.resolve("supervisord.log"), "pidfile=" + dir.resolve("supervisord.pid"),
                "childlogdir=" + dir, "silent=true", "",
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
                "[program:sleeper]", "command=/bin/sleep 3600", "startsecs=0", "",
                "[program:ticker]", "command=/bin/sh -c 'while :; do echo tick; sleep 0.02; done'", "startsecs=0",
                "stdout_logfile=" + dir.resolve("ticker.log"), "stdout_events_enabled=true", "",
                "[program:once]", "command=/bin/true", "autostart=false", "startsecs=0", "autorestart=false", "",
                // a burst of output faster than the listener takes its events: reads, joined events
                "[program:burst]", "command=/bin/sh -c 'i=0; while [ $i -lt 30000 ]; do echo \"line $i of a burst\"; "
                        + "i=$((i+1)); done'", "autostart=false", "startsecs=0", "autorestart=false",
                "stdout_logfile=" + dir.resolve("burst.log"), "stdout_events_enabled=true", "",
                "[eventlistener:listener]", "command=/bin/sh " + dir.resolve("listener.sh"),
                "events=PROCESS_STATE,PROCESS_LOG_STDOUT", "")
                + "\n";
    }

    /** One client's worth of calls, as supervisorctl and status tools make them. */
    private static void session(XmlRpcClient rpc, int round) throws IOException {
        rpc.call("supervisor.getState");
        rpc.call("supervisor.getProcessInfo", "sleeper");
        rpc.call("supervisor.getAllProcessInfo");
        rpc.call("supervisor.readProcessStdoutLog", "ticker", -200, 0);
        rpc.call("supervisor.tailProcessStdoutLog", "ticker", 0, 200);
        rpc.call("system.multicall", List.of(Map.of("methodName", "supervisor.getPID", "params", List.of()),
                Map.of("methodName", "supervisor.getIdentification", "params", List.of())));
        expectFault(() -> rpc.call("supervisor.getProcessInfo", "nobody"));
        if (round % 10 == 0) {
            try {
                rpc.call("supervisor.startProcess", "once", true);
            } catch (RpcFault stillRunning) {
                // ALREADY_STARTED: on a busy machine the last one's exit may not be in yet
            }
            rpc.call("supervisor.signalProcess", "sleeper", "WINCH");
            rpc.call("supervisor.readLog", -500, 0);
            rpc.call("supervisor.getAllConfigInfo");
            rpc.call("system.listMethods");
        }
        if (round % 50 == 0) {
            rpc.call("supervisor.stopProcess", "sleeper", true);
            rpc.call("supervisor.startProcess", "sleeper", true);
        }
        if (round % 250 == 0) {
            try {
                rpc.call("supervisor.startProcess", "burst", false);
            } catch (RpcFault stillBursting) {
                // ALREADY_STARTED: the last burst is not over yet, which is fine
            }
        }
    }

    private interface Call {
        void run() throws IOException;
    }

    private static void expectFault(Call call) throws IOException {
        try {
            call.run();
        } catch (RpcFault expected) {
            // BAD_NAME: the fault path is part of the session
        }
    }

    /** A web UI page over the inet server, with the credentials. */
    private static void page(int port, String requestLine) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            String auth = Base64.getEncoder().encodeToString("user:123".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        }
    }

    /** The start of a {@code tail -f} stream, as supervisorctl asks for it over the unix socket. */
    private static void tail(Path socket, String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
            InputStream in = java.nio.channels.Channels.newInputStream(ch);
            out.write(("GET " + path + " HTTP/1.1\r\nHost: \r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            in.readNBytes(new byte[256], 0, 256);
        }
    }

    /** The session reads the programs' logs: they must have started (and made their files) first. */
    private static void awaitRunning(XmlRpcClient rpc, String... names) throws IOException, InterruptedException {
        for (String name : names) {
            while (!"RUNNING".equals(((Map<?, ?>) rpc.call("supervisor.getProcessInfo", name)).get("statename"))) {
                Thread.sleep(20);
            }
        }
    }

    private static void awaitSocket(Path socket) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the daemon did not open " + socket);
    }
}
