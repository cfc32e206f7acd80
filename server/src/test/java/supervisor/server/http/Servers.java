package supervisor.server.http;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import supervisor.config.HttpServerConfig;

/** Builds server sections and a running {@link HttpServers} for tests. */
final class Servers implements AutoCloseable {
    final HttpServers servers;
    final TestDispatcher dispatcher = new TestDispatcher();
    final Logs logs = new Logs();

    /** Log files by namespec + "/" + channel, and the main log; set by the tests. */
    static final class Logs implements LogTailSource {
        final Map<String, Path> processLogs = new ConcurrentHashMap<>();
        volatile Path mainLog;

        @Override
        public Path processLog(String namespec, String channel) {
            return processLogs.get(namespec + "/" + channel);
        }

        @Override
        public Path mainLog() {
            return mainLog;
        }
    }

    Servers(HttpServerConfig... configs) throws HttpServerException {
        servers = new HttpServers(List.of(configs), dispatcher, logs);
        servers.start();
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
