package supervisor.server.http;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import supervisor.config.HttpServerConfig;
import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;
import supervisor.posix.Posix;
import supervisor.rpc.XmlRpcDispatcher;

/**
 * All of supervisord's HTTP servers: one Jetty server with a connector per
 * {@code [unix_http_server*]} / {@code [inet_http_server*]} section, all serving the same
 * content, each checking its own section's credentials.
 *
 * <p>Threading: {@link #start()} and {@link #stop()} are called by one owner thread. Requests
 * run on a small pool; XML-RPC answers and log tails are written asynchronously, so a waiting
 * call or an idle {@code tail -f} holds no thread. All tails are polled by one shared thread.
 *
 * <p>An instance starts once; a restart or reload builds a new one after stopping the old.
 * Logging the CRIT line for servers without authentication is the caller's job (see
 * {@link #sectionsWithoutAuthentication()}).
 */
public final class HttpServers {
    /** What medusa, supervisord's HTTP server, calls itself; clients may look at it. */
    static final String SERVER_HEADER = "Medusa/1.12";
    /** How long a connection may sit idle once its server is stopping. */
    private static final long SHUTDOWN_IDLE_MILLIS = 50;

    private final Server server;
    private final LogTailPoller poller;
    private final ActivityLog log;
    private final Map<HttpServerConfig, Connector> connectors = new LinkedHashMap<>();
    private final Map<Connector, UnixSocketFile> socketFiles = new IdentityHashMap<>();
    private final List<HttpServerConfig> configs;
    private final AcceptedConnections accepted;

    /**
     * @param configs    the server sections; at least one
     * @param rpc        what answers {@code POST /RPC2}
     * @param logs       the files behind {@code /logtail} and {@code /mainlogtail}
     * @param otherPaths every other path (the web UI); returns false for 404
     * @param log        where failures are reported: the activity log
     */
    public HttpServers(List<HttpServerConfig> configs, XmlRpcDispatcher rpc, LogTailSource logs,
                       Request.Handler otherPaths, ActivityLog log) {
        this(configs, rpc, logs, null, otherPaths, log);
    }

    /** @param metrics what answers {@code GET /metrics}; null leaves the path to {@code otherPaths} */
    public HttpServers(List<HttpServerConfig> configs, XmlRpcDispatcher rpc, LogTailSource logs,
                       MetricsSource metrics, Request.Handler otherPaths, ActivityLog log) {
        this(configs, rpc, logs, metrics, otherPaths, log, LogTailPoller.CLIENT_CHECK_MILLIS,
                ConnectionLimit.forOpenFiles(Posix.getRlimit(Posix.Rlimit.NOFILE)[0]));
    }

    /**
     * @param tailCheckMillis how often each log tail looks at its client and file unprompted (tests)
     * @param limit           how many connections are kept, and for how long without a request
     */
    HttpServers(List<HttpServerConfig> configs, XmlRpcDispatcher rpc, LogTailSource logs, MetricsSource metrics,
                Request.Handler otherPaths, ActivityLog log, long tailCheckMillis, ConnectionLimit limit) {
        this.configs = List.copyOf(configs);
        this.log = log;
        this.accepted = new AcceptedConnections(limit, log);
        this.poller = new LogTailPoller(log, tailCheckMillis);
        // A JDK queue instead of Jetty's default BlockingArrayQueue, whose class initialiser starts
        // the JMX platform server: about a fifth of the daemon's start-up CPU, for a cache-line size.
        QueuedThreadPool threads = new QueuedThreadPool(16 + 2 * configs.size(), 2, 60_000,
                new LinkedBlockingQueue<>());
        threads.setName("http");
        server = new Server(threads);
        server.setErrorHandler(new MedusaErrorHandler());
        // how long a stop lets answers being written finish before it closes their connections
        server.setStopTimeout(1000);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.addCustomizer((request, responseHeaders) -> {
            responseHeaders.put(HttpHeader.SERVER, SERVER_HEADER);
            request.addHttpStreamWrapper(MedusaReasonPhrases::new);
            return request;
        });

        Map<Connector, BasicAuth> credentials = new IdentityHashMap<>();
        for (HttpServerConfig config : this.configs) {
            AbstractConnector connector = newConnector(config, http);
            connectors.put(config, connector);
            server.addConnector(connector);
            if (requiresAuthentication(config))
                credentials.put(connector, new BasicAuth(config.username(), config.password()));
        }
        server.setHandler(new SupervisorHandler(credentials, new RpcEndpoint(rpc, log),
                new LogTailEndpoint(logs, poller), metrics == null ? null : new MetricsEndpoint(metrics),
                otherPaths, log));
    }

    /** Without a web UI: every path but /RPC2 and the log tails is 404. */
    public HttpServers(List<HttpServerConfig> configs, XmlRpcDispatcher rpc, LogTailSource logs, ActivityLog log) {
        this(configs, rpc, logs, (request, response, callback) -> false, log);
    }

    /** Like supervisord: an empty user name means no authentication. */
    private static boolean requiresAuthentication(HttpServerConfig config) {
        return config.username() != null && !config.username().isEmpty();
    }

    private AbstractConnector newConnector(HttpServerConfig config, HttpConfiguration http) {
        BlankHostHttpConnectionFactory factory = new BlankHostHttpConnectionFactory(http);
        AbstractConnector connector;
        // No acceptor thread: the selector accepts. Stopping a connector interrupts its acceptor
        // threads, and a thread interrupted as the kernel hands it a connection loses that
        // connection in the JDK (accept throws ClosedByInterruptException and never closes the
        // new socket): its client would wait for ever with its request unread.
        if (config.family() == HttpServerConfig.Family.UNIX) {
            UnixDomainServerConnector unix = new AdmittingConnectors.Unix(server, factory, accepted);
            unix.setAcceptQueueSize(1024);
            socketFiles.put(unix, new UnixSocketFile(Path.of(config.file())));
            connector = unix;
        } else {
            ServerConnector inet = new AdmittingConnectors.Inet(server, factory, accepted);
            inet.setHost(config.host() == null || config.host().isEmpty() ? null : config.host());
            inet.setPort(config.port());
            inet.setReuseAddress(true);
            inet.setAcceptQueueSize(1024);
            connector = inet;
        }
        // no idle timeout, as in supervisord: a deferred RPC answer or a quiet tail -f may
        // legitimately take hours. A connection that never sends a request is closed by the
        // connection limit instead (see AcceptedConnections).
        connector.setIdleTimeout(0);
        // but a stopping server closes the idle ones (kept alive between calls, a quiet tail -f)
        // at once, as supervisord closes its channels, instead of waiting out the stop timeout
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
        connector.setName(config.section());
        // told of every connection the selector accepts and closes, and of every HTTP connection
        // opened and closed, to keep them within their limit (see AcceptedConnections)
        connector.addBean(accepted);
        return connector;
    }

    /**
     * Binds every server and starts serving. On failure nothing is left listening and the
     * exception carries supervisord's message (e.g. "Another program is already listening ...").
     */
    public void start() throws HttpServerException {
        try {
            for (Map.Entry<Connector, UnixSocketFile> entry : socketFiles.entrySet())
                ((UnixDomainServerConnector) entry.getKey()).setUnixDomainPath(entry.getValue().bindPath());
            for (Connector connector : connectors.values())
                if (connector instanceof ServerConnector inet)
                    inet.open();
            server.start();
            closeTimedOutEverySecond();
            for (HttpServerConfig config : configs)
                if (socketFiles.get(connectors.get(config)) instanceof UnixSocketFile socket)
                    socket.publish(config.chmod(), config.chownUid(), config.chownGid());
        } catch (HttpServerException e) {
            stop();
            throw e;
        } catch (Exception e) {
            stop();
            throw translate(e);
        }
    }

    /** Runs {@link AcceptedConnections#closeTimedOut} on Jetty's scheduler for as long as the server runs. */
    private void closeTimedOutEverySecond() {
        server.getScheduler().schedule(() -> {
            if (!server.isRunning())
                return;
            accepted.closeTimedOut();
            closeTimedOutEverySecond();
        }, 1, TimeUnit.SECONDS);
    }

    private static HttpServerException translate(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof BindException)
                return new HttpServerException(UnixSocketFile.ADDRESS_IN_USE, e);
        return e instanceof IOException io ? UnixSocketFile.cannotOpen(io)
                : new HttpServerException("Cannot open an HTTP server: " + e, e);
    }

    /**
     * Stops serving, ends every log tail and removes the socket files this instance created.
     * Every connection the servers accepted is closed by the time this returns, answered or not.
     */
    public void stop() {
        poller.close();
        try {
            server.stop();
        } catch (TimeoutException e) {
            // an answer still being written when the stop timeout passed: closed with the rest
        } catch (Exception e) {
            // stopping is best effort; the sockets are closed either way
            log.log(LogLevel.WARN, "stopping the HTTP servers failed: ", e);
        }
        accepted.closeAll();
        for (UnixSocketFile socket : socketFiles.values())
            socket.remove();
    }

    /** The port an inet server listens on (useful when configured with port 0); -1 for unix. */
    public int localPort(HttpServerConfig config) {
        return connectors.get(config) instanceof NetworkConnector inet ? inet.getLocalPort() : -1;
    }

    /** How many accepted connections are still open (tests). */
    int openConnections() {
        return accepted.open();
    }

    /** How many {@code tail -f} streams are open right now. */
    public int openLogTails() {
        return poller.followed();
    }

    /** Sections that accept requests without credentials (supervisord logs each one at CRIT). */
    public List<String> sectionsWithoutAuthentication() {
        List<String> open = new ArrayList<>();
        for (HttpServerConfig config : configs)
            if (!requiresAuthentication(config))
                open.add(config.section());
        return open;
    }
}
