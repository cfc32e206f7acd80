package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import supervisor.testing.Json;
import supervisor.testing.ReferencePython;

/**
 * A realistic config with every section (and an include) loaded by us and by supervisord's own
 * {@code ServerOptions.realize()} in the same directory and environment; the resulting
 * settings, groups, processes, servers and parse messages must be the same.
 */
class FullConfigTest {
    private static final String DUMP = """
            import sys, json
            from supervisor.options import ServerOptions
            from supervisor import datatypes as d
            from supervisor.events import EventTypes
            o = ServerOptions()
            o.realize(['-c', sys.stdin.read().strip()])
            def lf(v):
                return 'NONE' if v is None else 'AUTO' if v is d.Automatic else v
            def ar(v):
                return {d.RestartUnconditionally: 'ALWAYS', d.RestartWhenExitUnexpected: 'UNEXPECTED'}.get(v, 'NEVER')
            def chan(p, c):
                return [lf(getattr(p, c + '_logfile')), getattr(p, c + '_logfile_maxbytes'),
                        getattr(p, c + '_logfile_backups'), getattr(p, c + '_capture_maxbytes'),
                        getattr(p, c + '_events_enabled'), getattr(p, c + '_syslog')]
            groups = []
            for g in o.process_group_configs:
                gd = {'name': g.name, 'priority': g.priority, 'processes': []}
                for p in g.process_configs:
                    gd['processes'].append({'name': p.name, 'command': p.command, 'directory': p.directory,
                        'umask': p.umask, 'priority': p.priority, 'autostart': p.autostart,
                        'autorestart': ar(p.autorestart), 'startsecs': p.startsecs, 'startretries': p.startretries,
                        'exitcodes': p.exitcodes, 'stopsignal': p.stopsignal, 'stopwaitsecs': p.stopwaitsecs,
                        'stopasgroup': p.stopasgroup, 'killasgroup': p.killasgroup, 'uid': p.uid,
                        'redirect_stderr': p.redirect_stderr, 'stdout': chan(p, 'stdout'),
                        'stderr': chan(p, 'stderr'), 'environment': p.environment, 'serverurl': p.serverurl})
                if hasattr(g, 'buffer_size'):
                    names = [k for k in vars(EventTypes) if getattr(EventTypes, k) in g.pool_events]
                    gd['listener'] = [sorted(names), g.buffer_size]
                if hasattr(g, 'socket_config'):
                    s = g.socket_config
                    owner = getattr(s, 'owner', None)
                    gd['fcgi'] = [s.url, s.backlog or 0, None if owner is None else '%d:%d' % owner,
                                  getattr(s, 'mode', None)]
                groups.append(gd)
            servers = []
            for c in sorted(o.server_configs, key=lambda c: c['section']):
                if 'file' in c:
                    servers.append([c['section'], 'UNIX', c['file'], c['chmod'], list(c['chown']),
                                    c['username'], c['password']])
                else:
                    servers.append([c['section'], 'INET', c['host'], c['port'], c['username'], c['password']])
            print(json.dumps({'logfile': o.logfile, 'pidfile': o.pidfile, 'loglevel': o.loglevel,
                'umask': o.umask, 'minfds': o.minfds, 'minprocs': o.minprocs, 'childlogdir': o.childlogdir,
                'identifier': o.identifier, 'nodaemon': bool(o.nodaemon), 'strip_ansi': bool(o.strip_ansi),
                'logfile_maxbytes': o.logfile_maxbytes, 'logfile_backups': o.logfile_backups,
                'environment': o.environment if hasattr(o, 'environment') else
                    o.configroot.supervisord.environment,
                'rpc': [name for name, f, extras in o.rpcinterface_factories],
                'groups': groups, 'servers': servers,
                'warnings': o.parse_warnings, 'infos': o.parse_infos}))
            """;

    private static Path dir;
    private static Map<String, String> env;

    @BeforeAll
    static void copyConfig() throws Exception {
        ReferencePython.assumeAvailable();
        Path source = Path.of(FullConfigTest.class.getResource("/config/full/supervisord.conf").toURI()).getParent();
        dir = Files.createTempDirectory("fullcfg").toRealPath();
        Files.createDirectories(dir.resolve("conf.d"));
        for (String f : List.of("supervisord.conf", "conf.d/extra.conf", "conf.d/b.conf")) {
            Files.copy(source.resolve(f), dir.resolve(f));
        }
        env = ConfigErrorsTest.environment(dir);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            ConfigErrorsTest.deleteTree(dir);
        }
    }

    private static Config load() throws ConfigException {
        return new ConfigLoader(env, dir, ConfigLoader.nodeName()).read(Path.of("supervisord.conf"), Overrides.none());
    }

    private static List<Object> channel(LogTarget t) {
        List<Object> c = new ArrayList<>();
        c.add(t.kind() == LogTarget.Kind.FILE ? t.path() : t.kind().name());
        c.add(t.maxBytes());
        c.add(t.backups());
        c.add(t.captureMaxBytes());
        c.add(t.eventsEnabled());
        c.add(t.syslog());
        return c;
    }

    private static String ours(Config c) {
        SupervisordConfig s = c.supervisord();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("logfile", s.logfile());
        out.put("pidfile", s.pidfile());
        out.put("loglevel", s.loglevel().value);
        out.put("umask", s.umask());
        out.put("minfds", s.minfds());
        out.put("minprocs", s.minprocs());
        out.put("childlogdir", s.childlogdir());
        out.put("identifier", s.identifier());
        out.put("nodaemon", s.nodaemon());
        out.put("strip_ansi", s.stripAnsi());
        out.put("logfile_maxbytes", s.logfileMaxbytes());
        out.put("logfile_backups", s.logfileBackups());
        out.put("environment", s.environment());
        out.put("rpc", c.supervisorRpcInterface() ? List.of("supervisor") : List.of());
        List<Object> groups = new ArrayList<>();
        for (GroupConfig g : c.groups()) {
            Map<String, Object> gd = new LinkedHashMap<>();
            gd.put("name", g.name());
            gd.put("priority", g.priority());
            List<Object> processes = new ArrayList<>();
            for (ProcessConfig p : g.processes()) {
                Map<String, Object> pd = new LinkedHashMap<>();
                pd.put("name", p.name());
                pd.put("command", p.command());
                pd.put("directory", p.directory());
                pd.put("umask", p.umask());
                pd.put("priority", p.priority());
                pd.put("autostart", p.autostart());
                pd.put("autorestart", p.autorestart().name());
                pd.put("startsecs", p.startsecs());
                pd.put("startretries", p.startretries());
                pd.put("exitcodes", p.exitcodes());
                pd.put("stopsignal", p.stopsignal());
                pd.put("stopwaitsecs", p.stopwaitsecs());
                pd.put("stopasgroup", p.stopasgroup());
                pd.put("killasgroup", p.killasgroup());
                pd.put("uid", p.uid());
                pd.put("redirect_stderr", p.redirectStderr());
                pd.put("stdout", channel(p.stdout()));
                pd.put("stderr", channel(p.stderr()));
                // supervisord hands each process the [supervisord] environment under its own
                Map<String, String> environment = new LinkedHashMap<>(s.environment());
                environment.putAll(p.environment());
                pd.put("environment", environment);
                pd.put("serverurl", p.serverurl());
                processes.add(pd);
            }
            gd.put("processes", processes);
            if (g.listener() != null) {
                gd.put("listener", List.of(g.listener().events().stream().sorted().toList(), g.listener().bufferSize()));
            }
            if (g.fcgi() != null) {
                List<Object> f = new ArrayList<>();
                f.add(g.fcgi().socket());
                f.add(g.fcgi().backlog());
                f.add(g.fcgi().socketOwner());
                f.add(g.fcgi().socketMode());
                gd.put("fcgi", f);
            }
            groups.add(gd);
        }
        out.put("groups", groups);
        List<Object> servers = new ArrayList<>();
        for (HttpServerConfig h : c.httpServers().stream().sorted(Comparator.comparing(HttpServerConfig::section)).toList()) {
            List<Object> sd = new ArrayList<>();
            sd.add(h.section());
            sd.add(h.family().name());
            if (h.family() == HttpServerConfig.Family.UNIX) {
                sd.add(h.file());
                sd.add(h.chmod());
                sd.add(List.of(h.chownUid(), h.chownGid()));
            } else {
                sd.add(h.host());
                sd.add(h.port());
            }
            sd.add(h.username());
            sd.add(h.password());
            servers.add(sd);
        }
        out.put("servers", servers);
        out.put("warnings", c.messages().stream().filter(m -> m.level() == LogLevel.WARN)
                .map(Config.ConfigMessage::text).toList());
        out.put("infos", c.messages().stream().filter(m -> m.level() == LogLevel.INFO)
                .map(Config.ConfigMessage::text).toList());
        return Json.write(out);
    }

    @Test
    void loadsAsSupervisordDoes() throws Exception {
        String expected = ReferencePython.command(DUMP).directory(dir).onlyEnv(env).stdin("supervisord.conf").output()
                .strip();
        assertEquals(expected, ours(load()));
    }

    @Test
    void groupsSortedByPriorityThenName() throws Exception {
        List<String> names = load().groups().stream().map(g -> g.priority() + ":" + g.name()).toList();
        assertEquals(List.of("-1:listener", "1:tcpfcgi", "10:bundle", "50:included", "50:web", "50:zeta",
                "999:fcgi", "999:worker"), names);
    }

    @Test
    void valuesWorthSpellingOut() throws Exception {
        Config c = load();
        GroupConfig web = c.groups().stream().filter(g -> g.name().equals("web")).findFirst().orElseThrow();
        // names sort as text, as supervisord sorts them: "10_web" before "9_web"
        assertEquals(List.of("10_web", "9_web"), web.processes().stream().map(ProcessConfig::name).toList());
        ProcessConfig nine = web.processes().get(1);
        assertEquals("/bin/sleep 9", nine.command());
        assertEquals(Map.of("LOCAL", "g 1/9", "SHARED", "prog"), nine.environment());
        assertEquals(dir + "/web-9.log", nine.stdout().path());
        assertEquals(LogTarget.Kind.NONE, nine.stderr().kind());
        assertEquals(dir + "/sd.log", c.supervisord().logfile());
        assertEquals("from-include", c.supervisord().identifier());
        GroupConfig bundle = c.groups().stream().filter(g -> g.name().equals("bundle")).findFirst().orElseThrow();
        assertEquals(GroupConfig.Kind.GROUP, bundle.kind());
        assertEquals(List.of("member2", "member"), bundle.processes().stream().map(ProcessConfig::name).toList());
        GroupConfig included = c.groups().stream().filter(g -> g.name().equals("included")).findFirst().orElseThrow();
        assertEquals(dir + "/conf.d/run.sh", included.processes().getFirst().command());
        assertTrue(c.supervisorRpcInterface());
        assertTrue(c.messages().contains(new Config.ConfigMessage(LogLevel.INFO,
                "Included extra file \"" + dir + "/conf.d/b.conf\" during parsing")));
    }

    @Test
    void commandLineOverridesTheFile() throws Exception {
        Overrides o = new Overrides(null, true, null, "077", null, "other.log", "1KB", "2", "warn", null, "cli", null,
                true, "4096", null, null);
        SupervisordConfig s = new ConfigLoader(env, dir, "n").read(Path.of("supervisord.conf"), o).supervisord();
        assertEquals(dir + "/other.log", s.logfile());
        assertEquals(0077, s.umask());
        assertEquals(1024, s.logfileMaxbytes());
        assertEquals(2, s.logfileBackups());
        assertEquals(LogLevel.WARN, s.loglevel());
        assertEquals("cli", s.identifier());
        assertEquals(4096, s.minfds());
        assertTrue(s.silent() && s.nocleanup() && s.nodaemon());
    }

    @Test
    void locateFollowsTheSearchList() throws Exception {
        Path bin = dir.resolve("prefix/bin");
        Files.createDirectories(bin);
        String system = Stream.of("/etc/supervisord.conf", "/etc/supervisor/supervisord.conf")
                .filter(f -> Files.exists(Path.of(f))).findFirst().orElse(null);
        if (system == null) {
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                    () -> ConfigLoader.locate(bin, bin));
            assertEquals("No config file found at default paths (" + dir + "/prefix/etc/supervisord.conf, " + dir
                    + "/prefix/supervisord.conf, supervisord.conf, etc/supervisord.conf, /etc/supervisord.conf, "
                    + "/etc/supervisor/supervisord.conf); use the -c option to specify a config file at a "
                    + "different path", e.getMessage());
        } else {
            assertEquals(Path.of(system), ConfigLoader.locate(bin, bin));
        }
        Files.createDirectories(bin.resolve("etc"));
        Files.writeString(bin.resolve("etc/supervisord.conf"), "");
        assertEquals(Path.of("etc/supervisord.conf"), ConfigLoader.locate(bin, bin), "relative to the current dir");
        Files.writeString(bin.resolve("supervisord.conf"), "");
        assertEquals(Path.of("supervisord.conf"), ConfigLoader.locate(bin, bin));
        Files.writeString(dir.resolve("prefix/supervisord.conf"), "");
        assertEquals(Path.of(dir + "/prefix/supervisord.conf"), ConfigLoader.locate(bin, bin));
        Files.createDirectories(dir.resolve("prefix/etc"));
        Files.writeString(dir.resolve("prefix/etc/supervisord.conf"), "");
        assertEquals(Path.of(dir + "/prefix/etc/supervisord.conf"), ConfigLoader.locate(bin, bin));
    }
}
