package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes as supervisord.conf, through the whole loader (ini parsing, includes, expansions,
 * every section's reader): the result is a config or a {@link ConfigException} with a message
 * for supervisord's {@code Error: } line, never another exception, and never a hang (libFuzzer's
 * per-input timeout).
 *
 * <p>The file lives in a folder of its own with an include folder beside it, so that
 * {@code %(here)s}, relative paths and {@code [include] files=conf.d/*.ini} find something.
 */
class ConfigFileFuzzTest {
    private static Path dir;
    private static ConfigLoader loader;

    @BeforeAll
    static void folder() throws IOException {
        dir = Files.createTempDirectory("config-fuzz");
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/extra.ini"), "[program:extra]\ncommand=/bin/cat %(here)s\n");
        Files.writeString(dir.resolve("conf.d/broken.ini"), "[group:g\nprograms=extra\n");
        loader = new ConfigLoader(Map.of("HOME", dir.toString(), "USER", "fuzz", "ENV_X", "50%"), dir, "fuzzhost");
    }

    @AfterAll
    static void removeFolder() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @DictionaryEntries({"[supervisord]", "[program:", "[group:", "[eventlistener:", "[fcgi-program:",
            "[include]", "[unix_http_server]", "[inet_http_server]", "[rpcinterface:supervisor]",
            "[supervisorctl]", "[DEFAULT]", "command=", "numprocs=", "numprocs_start=",
            "process_name=", "%(program_name)s", "%(process_num)02d", "%(here)s", "%(ENV_HOME)s",
            "%(ENV_X)s", "%(host_node_name)s", "%(group_name)s", "%%", "%(", ")s", ")d", "environment=",
            "A=\"1\",B='2'", "files=", "conf.d/*.ini", "conf.d/[!b]*", "priority=", "autostart=",
            "autorestart=", "unexpected", "exitcodes=", "startsecs=", "startretries=", "stopsignal=",
            "stopwaitsecs=", "stopasgroup=", "killasgroup=", "user=", "root", "umask=", "022",
            "logfile=", "stdout_logfile=", "stderr_logfile=", "redirect_stderr=", "AUTO", "NONE", "syslog",
            "logfile_maxbytes=", "stdout_logfile_backups=", "50MB", "1KB", "2GB", "capture_maxbytes=",
            "stdout_events_enabled=", "strip_ansi=", "events=", "PROCESS_STATE", "PROCESS_LOG",
            "TICK_5", "buffer_size=", "result_handler=", "socket=", "unix:///tmp/s.sock",
            "tcp://localhost:9002", "socket_owner=", "socket_mode=", "socket_backlog=", "port=",
            "127.0.0.1:9001", "*:9001", "username=", "password=", "{SHA}", "chmod=", "0700", "chown=",
            "programs=", "serverurl=", "supervisor.rpcinterface_factory",
            "supervisor.rpcinterface:make_main_rpcinterface", "loglevel=", "blather", "minfds=",
            "minprocs=", "directory=", "pidfile=", "childlogdir=", "identifier=", "nodaemon=", "nocleanup=",
            "silent=", "true", "false", "0x1f", "0o17", "-1", "\\", "\"", "'", ";", " ;", " #", ":", "=", "*",
            "?", "[!", "\u00e9"})
    @FuzzTest
    void configFile(byte[] text) throws IOException {
        Files.write(dir.resolve("supervisord.conf"), text);
        // An include of ../jazzer-traversal is just another include: the operator writes the file.
        try (SilentCloseable anyPath = BugDetectors.setFilePathTraversalTarget(() -> null)) {
            loader.read(Path.of("supervisord.conf"), Overrides.none());
        } catch (ConfigException e) {
            assertNotNull(e.getMessage(), "supervisord prints the message after 'Error: '");
            assertFalse(e.getMessage().isBlank(), "supervisord prints the message after 'Error: '");
        }
    }
}
