package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import supervisor.testing.Command;
import supervisor.testing.ReferencePython;

/**
 * Every config error against the real supervisord: each bad config is given to
 * {@code supervisord -c bad.conf -n} (which refuses it with exit status 2 before starting
 * anything) and to our loader with the same environment and directory; the messages must match.
 */
class ConfigErrorsTest {
    /** A valid start whose files all live in the case's own directory. */
    private static final String BASE = """
            [supervisord]
            logfile=%(here)s/sd.log
            pidfile=%(here)s/sd.pid
            childlogdir=%(here)s
            """;

    /** name -> config text appended to BASE ("!" prefix: the whole file instead). */
    static final Map<String, String> CASES = new LinkedHashMap<>();

    static {
        CASES.put("no section header", "!key = value\n" + BASE);
        CASES.put("unparsable lines", BASE + "this is not an option\n[broken\n");
        CASES.put("empty key", BASE + "= value\n");
        CASES.put("no supervisord section", "![program:x]\ncommand=/bin/true\n");
        CASES.put("include without files", BASE + "[include]\nother=1\n");
        CASES.put("include parse error", BASE + "[include]\nfiles=extra/*.ini\n");
        CASES.put("bad boolean", BASE + "nodaemon=maybe\n");
        CASES.put("bad integer", BASE + "minfds=lots\n");
        CASES.put("bad byte size", BASE + "logfile_maxbytes=50XB\n");
        CASES.put("bad octal", BASE + "umask=999\n");
        CASES.put("bad log level", BASE + "loglevel=loud\n");
        CASES.put("logfile directory missing", BASE + "logfile=/nonexistent/dir/sd.log\n");
        CASES.put("pidfile directory missing", BASE + "pidfile=/nonexistent/dir/sd.pid\n");
        CASES.put("childlogdir missing", BASE + "childlogdir=/nonexistent/dir\n");
        CASES.put("directory missing", BASE + "directory=/nonexistent/dir\n");
        CASES.put("supervisord user unknown", BASE + "user=nosuchuser\n");
        CASES.put("supervisord uid unknown", BASE + "user=98765\n");
        CASES.put("environment unbalanced", BASE + "environment=A=1,B\n");
        CASES.put("environment no closing quote", BASE + "environment=A=\"x\n");
        CASES.put("environment host_node_name", BASE + "environment=H=%(host_node_name)s\n");
        CASES.put("environment percent", BASE + "environment=A=\"50%%\"\n");
        CASES.put("unknown name in supervisord", BASE + "identifier=%(nope)s\n");
        CASES.put("badly formatted in supervisord", BASE + "identifier=%(here)\n");
        CASES.put("unix server without file", BASE + "[unix_http_server]\nchmod=0700\n");
        CASES.put("unix server bad chmod", BASE + "[unix_http_server]\nfile=%(here)s/s.sock\nchmod=abc\n");
        CASES.put("unix server bad chown", BASE + "[unix_http_server]\nfile=%(here)s/s.sock\nchown=nosuch:root\n");
        CASES.put("unix server bad chown group", BASE + "[unix_http_server]\nfile=%(here)s/s.sock\nchown=root:nosuchgrp\n");
        CASES.put("unix server only username", BASE + "[unix_http_server]\nfile=%(here)s/s.sock\nusername=u\n");
        CASES.put("second unix server only password", BASE + "[unix_http_server]\nfile=%(here)s/s.sock\n"
                + "[unix_http_server_two]\nfile=%(here)s/t.sock\npassword=p\n");
        CASES.put("inet server without port", BASE + "[inet_http_server]\nusername=u\npassword=p\n");
        CASES.put("inet bad port", BASE + "[inet_http_server]\nport=abc\n");
        CASES.put("inet no port number", BASE + "[inet_http_server]\nport=localhost:\n");
        CASES.put("inet port too big", BASE + "[inet_http_server]\nport=*:70000\n");
        CASES.put("inet port zero", BASE + "[inet_http_server]\nport=0\n");
        CASES.put("inet host bad port", BASE + "[inet_http_server]\nport=localhost:http\n");
        CASES.put("inet incomplete auth", BASE + "[inet_http_server]\nport=127.0.0.1:9001\npassword=p\n");
        CASES.put("rpcinterface without factory", BASE + "[rpcinterface:supervisor]\nother=1\n");
        CASES.put("program without command", BASE + "[program:x]\nautostart=false\n");
        CASES.put("program bad signal name", BASE + "[program:x]\ncommand=/bin/true\nstopsignal=FOO\n");
        CASES.put("program bad signal number", BASE + "[program:x]\ncommand=/bin/true\nstopsignal=40\n");
        CASES.put("program bad exitcodes", BASE + "[program:x]\ncommand=/bin/true\nexitcodes=0,256\n");
        CASES.put("program bad autorestart", BASE + "[program:x]\ncommand=/bin/true\nautorestart=Sometimes\n");
        CASES.put("program bad autostart", BASE + "[program:x]\ncommand=/bin/true\nautostart=perhaps\n");
        CASES.put("program bad startsecs", BASE + "[program:x]\ncommand=/bin/true\nstartsecs=1.5\n");
        CASES.put("program bad priority", BASE + "[program:x]\ncommand=/bin/true\npriority=high\n");
        CASES.put("program name with space", BASE + "[program:a b]\ncommand=/bin/true\n");
        CASES.put("process_name with colon", BASE + "[program:x]\ncommand=/bin/true\nprocess_name=a:%(process_num)s\n");
        CASES.put("numprocs without process_num", BASE + "[program:x]\ncommand=/bin/true\nnumprocs=2\n");
        CASES.put("stopasgroup without killasgroup", BASE + "[program:x]\ncommand=/bin/true\nstopasgroup=true\n"
                + "killasgroup=false\n");
        CASES.put("program user unknown", BASE + "[program:x]\ncommand=/bin/true\nuser=nosuchuser\n");
        CASES.put("program uid unknown", BASE + "[program:x]\ncommand=/bin/true\nuser=98765\n");
        CASES.put("program bad umask", BASE + "[program:x]\ncommand=/bin/true\numask=8\n");
        CASES.put("program unknown name", BASE + "[program:x]\ncommand=/bin/%(nope)s\n");
        CASES.put("program badly formatted", BASE + "[program:x]\ncommand=/bin/%(program_name)\n");
        CASES.put("program process_num in first-pass key", BASE + "[program:x]\ncommand=/bin/true\n"
                + "startsecs=%(process_num)s\n");
        CASES.put("program logfile directory missing", BASE + "[program:x]\ncommand=/bin/true\n"
                + "stdout_logfile=/nonexistent/dir/x.log\n");
        CASES.put("program bad environment", BASE + "[program:x]\ncommand=/bin/true\nenvironment=A=1,B\n");
        CASES.put("program environment quote", BASE + "[program:x]\ncommand=/bin/true\nenvironment=A='x\n");
        CASES.put("program bad logfile_maxbytes", BASE + "[program:x]\ncommand=/bin/true\nstdout_logfile_maxbytes=9ZB\n");
        CASES.put("program bad capture", BASE + "[program:x]\ncommand=/bin/true\nstderr_capture_maxbytes=x\n");
        CASES.put("program bad syslog flag", BASE + "[program:x]\ncommand=/bin/true\nstderr_syslog=loud\n");
        CASES.put("group unknown program", BASE + "[group:g]\nprograms=nope\n");
        CASES.put("group second member unknown", BASE + "[program:a]\ncommand=/bin/true\n[group:g]\nprograms=a,zzz\n");
        CASES.put("group ambiguous member", BASE + "[program:a]\ncommand=/bin/true\n[fcgi-program:a]\n"
                + "command=/bin/true\nsocket=tcp://localhost:9002\n[group:g]\nprograms=a\n");
        CASES.put("group bad priority", BASE + "[group:g]\npriority=first\n");
        CASES.put("group bad name", BASE + "[group:g h]\n");
        CASES.put("group member error", BASE + "[program:a]\ncommand=/bin/true\npriority=x\n[group:g]\nprograms=a\n");
        CASES.put("eventlistener without events", BASE + "[eventlistener:l]\ncommand=/bin/cat\n");
        CASES.put("eventlistener unknown event", BASE + "[eventlistener:l]\ncommand=/bin/cat\nevents=TICK_5,tick_7\n");
        CASES.put("eventlistener empty event", BASE + "[eventlistener:l]\ncommand=/bin/cat\nevents=TICK_5,\n");
        CASES.put("eventlistener buffer_size", BASE + "[eventlistener:l]\ncommand=/bin/cat\nevents=TICK_5\nbuffer_size=0\n");
        CASES.put("eventlistener redirect_stderr", BASE + "[eventlistener:l]\ncommand=/bin/cat\nevents=TICK_5\n"
                + "redirect_stderr=true\n");
        CASES.put("eventlistener result_handler", BASE + "[eventlistener:l]\ncommand=/bin/cat\nevents=TICK_5\n"
                + "result_handler=nosuchmodule:handler\n");
        CASES.put("eventlistener process error", BASE + "[eventlistener:l]\ncommand=/bin/cat\nevents=TICK_5\n"
                + "numprocs=2\n");
        CASES.put("fcgi without socket", BASE + "[fcgi-program:f]\ncommand=/bin/true\n");
        CASES.put("fcgi relative unix socket", BASE + "[fcgi-program:f]\ncommand=/bin/true\nsocket=unix://rel.sock\n");
        CASES.put("fcgi bad socket", BASE + "[fcgi-program:f]\ncommand=/bin/true\nsocket=udp://x:1\n");
        CASES.put("fcgi owner with tcp", BASE + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://h:1\n"
                + "socket_mode=0600\n");
        CASES.put("fcgi tcp port too big", BASE + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://h:70000\n");
        CASES.put("fcgi bad backlog", BASE + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://h:1\nsocket_backlog=0\n");
        CASES.put("fcgi bad owner", BASE + "[fcgi-program:f]\ncommand=/bin/true\nsocket=unix:///tmp/f.sock\n"
                + "socket_owner=nosuchuser\n");
        CASES.put("fcgi bad mode", BASE + "[fcgi-program:f]\ncommand=/bin/true\nsocket=unix:///tmp/f.sock\n"
                + "socket_mode=rw\n");
        CASES.put("fcgi bad user", BASE + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://h:1\nuser=nosuchuser\n");
        CASES.put("fcgi unknown name in socket", BASE + "[fcgi-program:f]\ncommand=/bin/true\n"
                + "socket=unix://%(group_name)s\n");
        CASES.put("error in included program", BASE + "[include]\nfiles=conf.d/*.conf\n");
        CASES.put("DEFAULT applies to every section", BASE + "[DEFAULT]\nautostart=sometimes\n[program:x]\n"
                + "command=/bin/true\n");
    }

    /** Extra files some cases need, relative to the case directory. */
    private static void extraFiles(String name, Path dir) throws IOException {
        if (name.equals("include parse error")) {
            Files.createDirectories(dir.resolve("extra"));
            Files.writeString(dir.resolve("extra/a.ini"), "[program:a]\ncommand=/bin/true\n");
            Files.writeString(dir.resolve("extra/b.ini"), "[program:b]\ncommand=/bin/true\nnot an option\n");
        }
        if (name.equals("error in included program")) {
            Files.createDirectories(dir.resolve("conf.d"));
            Files.writeString(dir.resolve("conf.d/bad.conf"), "[program:inc]\ncommand=%(here)s/run\nstartretries=x\n");
        }
    }

    @BeforeAll
    static void reference() {
        ReferencePython.assumeAvailable();
    }

    /** The minimal environment both the real supervisord and our loader see in differential tests. */
    static Map<String, String> environment(Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("TMPDIR", home.toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /**
     * Runs the real supervisord in the foreground on a config in {@code dir} and returns what
     * follows {@code Error: } when it refuses the config; fails when it does not exit with 2.
     */
    static String supervisordError(Path dir, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(ReferencePython.SUPERVISORD.toString()));
        command.addAll(args);
        command.add("-n");
        Command.Result r = Command.of(command).directory(dir).onlyEnv(env).timeout(Duration.ofSeconds(30)).run();
        if (r.exitCode() != 2 || !r.err().startsWith("Error: ")) {
            throw new IllegalStateException("supervisord did not refuse the config: rc=" + r.exitCode() + " "
                    + r.err());
        }
        String text = r.err().substring("Error: ".length());
        return text.substring(0, text.lastIndexOf("\nFor help, use "));
    }

    @Test
    void everyErrorMatchesTheRealSupervisord() throws Exception {
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        CASES.entrySet().parallelStream().forEach(c -> {
            try {
                String mismatch = compare(c.getKey(), c.getValue());
                if (mismatch != null) {
                    mismatches.add(mismatch);
                }
            } catch (Exception | AssertionError e) {
                mismatches.add(c.getKey() + ": " + e);
            }
        });
        assertEquals(List.of(), mismatches);
    }

    private static String compare(String name, String text) throws Exception {
        Path dir = Files.createTempDirectory("cfgerr");
        try {
            Files.writeString(dir.resolve("bad.conf"), text.startsWith("!") ? text.substring(1) : text);
            extraFiles(name, dir);
            Map<String, String> env = environment(dir);
            String expected = supervisordError(dir, List.of("-c", "bad.conf"), env);
            ConfigLoader loader = new ConfigLoader(env, dir, ConfigLoader.nodeName());
            String actual;
            try {
                loader.read(Path.of("bad.conf"), Overrides.none());
                actual = "(accepted)";
            } catch (ConfigException e) {
                actual = e.getMessage();
            }
            return expected.equals(actual) ? null
                    : name + "\n  supervisord: " + expected + "\n  ours:        " + actual;
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void missingConfigFileMatchesTheRealSupervisord() throws Exception {
        Path dir = Files.createTempDirectory("cfgerr");
        try {
            Map<String, String> env = environment(dir);
            String expected = supervisordError(dir, List.of("-c", "missing.conf"), env);
            ConfigException e = assertThrows(ConfigException.class,
                    () -> new ConfigLoader(env, dir, "n").read(Path.of("missing.conf"), Overrides.none()));
            assertEquals(expected, e.getMessage());
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void commandLineValuesAreCheckedLikeTheFile() {
        Overrides badLevel = new Overrides(null, null, null, null, null, null, null, null, "loud", null, null, null,
                null, null, null, null);
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), Path.of("/"), "n").read(Path.of("/nonexistent.conf"), badLevel));
        assertEquals("bad logging level name 'loud'", e.getMessage());
    }
}
