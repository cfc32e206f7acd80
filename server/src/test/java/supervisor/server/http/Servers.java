package supervisor.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.eclipse.jetty.server.Request;

import supervisor.config.HttpServerConfig;
import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;

/** Builds server sections and a running {@link HttpServers} for tests. */
final class Servers implements AutoCloseable {
    final HttpServers servers;
    final TestDispatcher dispatcher = new TestDispatcher();
    final Logs logs = new Logs();
    /** What the servers wrote to their activity log. */
    final ByteArrayOutputStream activity = new ByteArrayOutputStream();
    final ActivityLog log = ActivityLog.console(LogLevel.DEBUG, activity);
    /** What /metrics answers; set by the tests. */
    volatile String metricsText = "";
    private final MetricsSource metrics = () -> metricsText;

    /** Log files by namespec + "/" + channel, and the main log; set by the tests. */
    static final class Logs implements LogTailSource {
        final Map<String, Path> processLogs = new ConcurrentHashMap<>();
        volatile Path mainLog;
        /** When set, what every look-up of a process log fails with. */
        volatile RuntimeException failure;

        @Override
        public Path processLog(String namespec, String channel) {
            if (failure != null)
                throw failure;
            return processLogs.get(namespec + "/" + channel);
        }

        @Override
        public Path mainLog() {
            return mainLog;
        }
    }

    Servers(HttpServerConfig... configs) throws HttpServerException {
        this((Function<ActivityLog, Request.Handler>) null, configs);
    }

    /**
     * @param otherPaths what serves the paths that are not RPC or log tails (the web UI), made
     *                   with these servers' activity log; null for none
     */
    Servers(Function<ActivityLog, Request.Handler> otherPaths, HttpServerConfig... configs)
            throws HttpServerException {
        this(otherPaths, LogTailPoller.CLIENT_CHECK_MILLIS, configs);
    }

    /** @param tailCheckMillis how often log tails look at their files unprompted */
    Servers(Function<ActivityLog, Request.Handler> otherPaths, long tailCheckMillis, HttpServerConfig... configs)
            throws HttpServerException {
        this(otherPaths, tailCheckMillis, ConnectionLimit.forOpenFiles(-1), configs);
    }

    /** @param limit how many connections the servers keep, and how long without a request */
    Servers(ConnectionLimit limit, HttpServerConfig... configs) throws HttpServerException {
        this(null, LogTailPoller.CLIENT_CHECK_MILLIS, limit, configs);
    }

    private Servers(Function<ActivityLog, Request.Handler> otherPaths, long tailCheckMillis, ConnectionLimit limit,
                    HttpServerConfig... configs) throws HttpServerException {
        Request.Handler web = otherPaths == null ? (request, response, callback) -> false : otherPaths.apply(log);
        servers = new HttpServers(List.of(configs), dispatcher.xmlrpc, logs, metrics, web, log, tailCheckMillis, limit);
        servers.start();
    }

    /** The activity log so far. */
    String activityLog() {
        synchronized (log) {
            return activity.toString(StandardCharsets.UTF_8);
        }
    }

    static HttpServerConfig unix(Path socket, String username, String password) {
        return new HttpServerConfig("unix_http_server", HttpServerConfig.Family.UNIX, socket.toString(), 0700, -1, -1,
                null, 0, username, password);
    }

    /** An inet server on a port the system picks at bind time (see {@link HttpServers#localPort}). */
    static HttpServerConfig inet(String username, String password) {
        return inet("inet_http_server", 0, username, password);
    }

    static HttpServerConfig inet(String section, int port, String username, String password) {
        return new HttpServerConfig(section, HttpServerConfig.Family.INET, null, 0, -1, -1, "127.0.0.1", port,
                username, password);
    }

    int port(HttpServerConfig config) {
        return servers.localPort(config);
    }

    @Override
    public void close() {
        servers.stop();
    }
}
