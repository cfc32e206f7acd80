package supervisor.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import supervisor.config.Config;
import supervisor.config.ConfigLoader;
import supervisor.config.HttpServerConfig;
import supervisor.config.LogLevel;
import supervisor.config.Overrides;
import supervisor.logging.ActivityLog;
import supervisor.posix.Child;
import supervisor.posix.ExitHandler;
import supervisor.posix.OutputSink;
import supervisor.posix.SpawnRequest;
import supervisor.posix.WaitStatus;
import supervisor.process.Clock;
import supervisor.process.ProcessHost;
import supervisor.process.Supervisor;
import supervisor.process.ThreadEventLoop;
import supervisor.rpc.RpcRegistry;
import supervisor.rpc.XmlRpcDispatcher;
import supervisor.server.http.HttpServers;
import supervisor.server.logging.ActivityLogRoute;
import supervisor.server.rpc.SupervisorNamespace;
import supervisor.server.web.WebUi;

/**
 * Raw bytes from a client, through the real Jetty connectors of the daemon's HTTP servers (unix
 * sockets) to the handlers the daemon installs: {@code /RPC2} with the real {@code supervisor.*}
 * namespace, the log tails and the web UI, wired as {@link Daemon} wires them, over a supervisor
 * whose children exist on paper. An input starting with {@code !} goes to a server that wants
 * credentials, anything else to one that does not.
 *
 * <p>After the client has sent its bytes and shut its side, the server answers (what it sends
 * is HTTP) and closes, or keeps streaming a log tail; it never leaves the client waiting with
 * nothing. No handler fails unexpectedly: nothing is logged at CRIT, nothing at ERROR but an
 * invalid XML-RPC body, no stack trace through our code, and no warning from Jetty but of the
 * request's own syntax or of a bug inside Jetty (see {@link #judge}).
 */
class HttpFrontFuzzTest {
    /** Far beyond any answer here, even on a loaded machine; below libFuzzer's per-input timeout. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    /** How long a log tail may stream before the client is satisfied with it. */
    private static final Duration TAIL_STREAMING = Duration.ofMillis(300);
    private static final Pattern EXPECTED_ERROR =
            Pattern.compile("XML-RPC request data b['\"].*['\"](\\.\\.\\.)? is invalid: (unmarshallable|no method name)",
                    Pattern.DOTALL);

    private static final Pattern BAD_AUTHORITY = Pattern.compile("HostPort: Bad [^\\[]*\\[(.*)\\]$", Pattern.DOTALL);

    /** Starts the lines that show a bug of Jetty's own (scripts/fuzz counts them). */
    static final String JETTYS_OWN_MARK = "JETTY-INTERNAL-WARNING ";

    private static Front front;
    private static final Deque<String> earlier = new ArrayDeque<>();

    @BeforeAll
    static void start() throws Exception {
        front = Front.start();
    }

    @AfterAll
    static void stop() throws Exception {
        front.close();
    }

    @DictionaryEntries({"GET ", "POST ", "HEAD ", "PUT ", " HTTP/1.1", " HTTP/1.0", "Host: ", "Host:",
            "Content-Length: ", "Content-Type: text/xml", "Transfer-Encoding: chunked", "Connection: close",
            "Connection: keep-alive", "Expect: 100-continue", "Authorization: Basic ", "dXNlcjoxMjM=",
            "Authorization: Basic dXNlcjoxMjM=", "/RPC2", "/logtail/", "/mainlogtail", "/index.html", "/tail.html",
            "/ok.html", "/stylesheets/supervisor.css", "/images/", "?action=", "stop", "start", "restart",
            "clearlog", "stopall", "restartall", "refresh", "processname=", "&message=", "cat", "grp:pair_0",
            "grp:*", "/stdout", "/stderr", "%2F", "%3A", "%00", "..", "<methodCall>", "<methodName>",
            "</methodName>", "<params>", "<param>", "<value>", "<string>", "<int>", "<boolean>",
            "supervisor.getAllProcessInfo", "supervisor.startProcess", "supervisor.stopProcess",
            "supervisor.signalProcess", "supervisor.readProcessStdoutLog", "supervisor.tailProcessStdoutLog",
            "supervisor.clearLog", "supervisor.readLog", "supervisor.sendProcessStdin",
            "supervisor.sendRemoteCommEvent", "supervisor.addProcessGroup", "supervisor.removeProcessGroup",
            "supervisor.reloadConfig", "supervisor.shutdown", "supervisor.restart", "system.multicall",
            "system.methodHelp"})
    @FuzzTest
    void request(byte[] input) throws Exception {
        boolean authenticated = input.length > 0 && input[0] == '!';
        byte[] request = authenticated ? Arrays.copyOfRange(input, 1, input.length) : input;
        Exchange answer = exchange(authenticated ? front.authenticated : front.open, request);
        String log = front.log.take();
        if (answer.received.length > 0) {
            String start = new String(answer.received, 0, Math.min(9, answer.received.length), StandardCharsets.ISO_8859_1);
            assertTrue(start.equals("HTTP/1.1 ") || start.equals("HTTP/1.0 "), () -> "not HTTP: " + answer);
        }
        if (!answer.closed && !(answer.streamingTail() && front.http.openLogTails() > 0)) {
            fail("no answer, and the connection still open, " + ANSWER_WITHIN.toSeconds() + " s after the request: "
                    + answer + "\nlog:\n" + log);
        }
        String sent = new String(request, StandardCharsets.ISO_8859_1);
        for (String entry : log.split("\n(?=\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} )")) {
            if (entry.isBlank()) {
                continue;
            }
            switch (judge(entry, sent)) {
                case FINE -> { }
                case JETTYS_OWN -> System.err.println(JETTYS_OWN_MARK + entry);
                case FAILURE -> fail("the daemon logged an internal error: " + entry
                        + "\nrequests before this one, latest last:\n" + String.join("\n", earlier));
            }
        }
        // a failure may show while a later request is served: the message names the ones before
        earlier.addLast(new String(input, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n"));
        if (earlier.size() > 8) {
            earlier.removeFirst();
        }
        if (front.supervisor.stopped().isDone()) {
            // supervisor.shutdown or supervisor.restart was called: the daemon would start over
            front.close();
            front = Front.start();
        }
    }

    /**
     * Jetty's parser warns of some malformed requests (two Host headers...) and answers 400: the
     * client's doing. So is a host name or port it cannot parse, when the client sent it (in a
     * Host header or an absolute URI) rather than Jetty making it up (as it did for an HTTP/1.0
     * request without Host on a unix socket).
     */
    private static boolean clientsOwnAuthority(String warning, String sent) {
        Matcher m = BAD_AUTHORITY.matcher(warning);
        if (!m.find()) {
            return false;
        }
        // host names are case-insensitive (Jetty may show it lower-cased); an IPv6 address is
        // shown in brackets of its own
        String named = m.group(1).toLowerCase(Locale.ROOT);
        String lower = sent.toLowerCase(Locale.ROOT);
        return lower.contains(named) || (named.startsWith("[") && named.endsWith("]")
                && lower.contains(named.substring(1, named.length() - 1)));
    }

    private enum Verdict { FINE, JETTYS_OWN, FAILURE }

    /**
     * What one activity log entry says about the daemon ("2026-01-02 03:04:05,678 LEVL message";
     * the message may hold anything the client sent, so the level is read from its place):
     * <ul>
     * <li>CRIT, an ERROR but an invalid XML-RPC body, or a stack trace through our code: a failure;</li>
     * <li>a warning of Jetty's without a stack trace: a failure, unless it is about the request's
     *     own syntax (see {@link #clientsOwnAuthority});</li>
     * <li>a warning of Jetty's with a stack trace wholly inside Jetty: a bug of Jetty's own, as
     *     in its open issues #12939 ("already released" request buffers) and #14129 ("channel
     *     already completed"), which pipelined requests reach. Printed with a mark, not counted.</li>
     * </ul>
     */
    private static Verdict judge(String entry, String sent) {
        String level = entry.substring(24, 28);
        String message = entry.substring(29).strip();
        boolean stack = message.contains("\n\tat ");
        if (level.equals("CRIT") || (level.equals("ERRO") && !EXPECTED_ERROR.matcher(message).matches())
                || message.contains("\n\tat supervisor.")) {
            return Verdict.FAILURE;
        }
        if (!message.startsWith("org.eclipse.jetty.")) {
            return stack ? Verdict.FAILURE : Verdict.FINE;
        }
        if (stack) {
            return Verdict.JETTYS_OWN;
        }
        return message.startsWith("org.eclipse.jetty.http.HttpParser: ") || clientsOwnAuthority(message, sent)
                ? Verdict.FINE : Verdict.FAILURE;
    }

    /** What came back: the bytes, and whether the server closed the connection. */
    private record Exchange(byte[] received, boolean closed) {
        /** A 200 answer with a log tail's headers, whose body is still coming. */
        boolean streamingTail() {
            String text = new String(received, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            return end > 0 && text.startsWith(" 200 ", 8)
                    && text.substring(0, end).toLowerCase().contains("content-type: text/plain;charset=utf-8");
        }

        @Override
        public String toString() {
            return (closed ? "closed after " : "open after ") + new String(received, StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends the bytes, shuts the sending side, and reads until the server closes or the deadline. */
    private static Exchange exchange(Path socket, byte[] request) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            try {
                channel.write(ByteBuffer.wrap(request));
                channel.shutdownOutput();
            } catch (IOException e) {
                // the server closed early (a refused request): what it said is still to be read
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            long start = System.nanoTime();
            long deadline = start + ANSWER_WITHIN.toNanos();
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Exchange(received.toByteArray(), false);
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
                int n;
                try {
                    n = channel.read(buffer.clear());
                } catch (IOException e) {
                    n = -1; // reset by the server: closed
                }
                if (n < 0) {
                    return new Exchange(received.toByteArray(), true);
                }
                received.write(buffer.array(), 0, n);
                Exchange sofar = new Exchange(received.toByteArray(), false);
                if (System.nanoTime() - start > TAIL_STREAMING.toNanos() && sofar.streamingTail()) {
                    return sofar;
                }
            }
        }
    }

    /**
     * The daemon's HTTP side over a supervisor of paper children, in a folder of its own: its
     * config file (read again by reloadConfig), activity log and child logs.
     */
    private static final class Front implements AutoCloseable {
        private static final String CONFIG = """
                [supervisord]
                logfile=%(here)s/supervisord.log
                logfile_maxbytes=1MB
                logfile_backups=1
                pidfile=%(here)s/supervisord.pid
                childlogdir=%(here)s
                loglevel=info

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [program:cat]
                command=/bin/cat
                startsecs=0
                stdout_logfile=%(here)s/cat.out
                stdout_logfile_maxbytes=1MB
                stderr_logfile=%(here)s/cat.err

                [program:pair]
                command=/bin/sleep 1000
                process_name=%(program_name)s_%(process_num)s
                numprocs=2
                startsecs=0
                autostart=false

                [group:grp]
                programs=pair
                """;

        final Path dir;
        final Path open;
        final Path authenticated;
        final LogCapture log = new LogCapture();
        final ActivityLog activityLog;
        final ThreadEventLoop loop;
        final PaperHost host = new PaperHost();
        final Supervisor supervisor;
        final HttpServers http;

        private Front() throws Exception {
            dir = Files.createTempDirectory("http-fuzz");
            open = dir.resolve("open.sock");
            authenticated = dir.resolve("auth.sock");
            Path configFile = dir.resolve("supervisord.conf");
            Files.writeString(configFile, CONFIG);
            Config config = ConfigLoader.load(configFile, Overrides.none());
            var sd = config.supervisord();
            activityLog = ActivityLog.open(sd.logfile(), sd.logfileMaxbytes(), sd.logfileBackups(), sd.loglevel(), log);
            ActivityLogRoute.install(activityLog);
            loop = new ThreadEventLoop((what, failure) -> activityLog.log(LogLevel.CRITICAL, what + " failed: ", failure));
            supervisor = new Supervisor(config, activityLog, loop, Clock.SYSTEM, host);
            RpcRegistry registry = new RpcRegistry();
            new SupervisorNamespace(supervisor, () -> ConfigLoader.load(configFile, Overrides.none()))
                    .registerInto(registry);
            http = new HttpServers(List.of(
                    new HttpServerConfig("unix_http_server", HttpServerConfig.Family.UNIX, open.toString(), 0700, -1, -1,
                            null, 0, null, null),
                    new HttpServerConfig("unix_http_server", HttpServerConfig.Family.UNIX, authenticated.toString(), 0700,
                            -1, -1, null, 0, "user", "123")),
                    new XmlRpcDispatcher(registry), new TailSource(supervisor), new WebUi(registry, activityLog),
                    activityLog);
        }

        static Front start() throws Exception {
            Front f = new Front();
            f.http.start();
            f.supervisor.call(() -> {
                f.supervisor.start();
                return null;
            }).get(30, TimeUnit.SECONDS);
            return f;
        }

        @Override
        public void close() throws Exception {
            http.stop();
            loop.close();
            host.close();
            ActivityLogRoute.uninstall();
            activityLog.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The activity log's lines as they are written, taken after each request. */
    private static final class LogCapture extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String take() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            bytes.reset();
            return text;
        }
    }

    /**
     * Children that exist on paper: spawned at once, alive until a signal that ends a process
     * comes, which ends them, reported from a thread of the host's own as the I/O thread would.
     */
    private static final class PaperHost implements ProcessHost, AutoCloseable {
        private static final int ESRCH = 3;
        /** SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGWINCH: a process survives them. */
        private static final List<Integer> HARMLESS = List.of(0, 17, 18, 19, 20, 21, 22, 23, 28);

        private final Map<Integer, ExitHandler> alive = new ConcurrentHashMap<>();
        private final AtomicInteger pids = new AtomicInteger(100_000);
        private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "paper-io");
            t.setDaemon(true);
            return t;
        });

        @Override
        public Child spawn(SpawnRequest request, OutputSink stdout, OutputSink stderr, ExitHandler exited) {
            int pid = pids.incrementAndGet();
            alive.put(pid, exited);
            return new Child(pid, -1, -1, -1, -1);
        }

        @Override
        public int kill(int pid, int signal) {
            int target = Math.abs(pid);
            if (HARMLESS.contains(signal)) {
                return alive.containsKey(target) ? 0 : ESRCH;
            }
            ExitHandler exited = alive.remove(target);
            if (exited == null) {
                return ESRCH;
            }
            io.execute(() -> exited.exited(WaitStatus.killed(signal)));
            return 0;
        }

        @Override
        public boolean writeStdin(Child child, byte[] data) {
            return alive.containsKey(child.pid());
        }

        @Override
        public void close() {
            io.shutdownNow();
        }
    }
}
