package supervisor.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import supervisor.config.ConfigException;
import supervisor.config.ConfigLoader;
import supervisor.config.Datatypes;
import supervisor.config.HttpServerConfig;
import supervisor.config.Overrides;
import supervisor.config.UserDb;

/** From the command line to what the config loader needs. */
final class Options {
    private Options() {
    }

    /** A check of one option's value, throwing supervisord's reason. */
    private interface Check {
        void check(String value) throws ConfigException;
    }

    private static final Map<String, Check> CHECKS = Map.ofEntries(
            Map.entry("umask", Datatypes::octal),
            Map.entry("directory", Datatypes::existingDirectory),
            Map.entry("logfile", Datatypes::existingDirpath),
            Map.entry("logfile_maxbytes", Datatypes::byteSize),
            Map.entry("logfile_backups", Datatypes::integer),
            Map.entry("loglevel", Datatypes::logLevel),
            Map.entry("pidfile", Datatypes::existingDirpath),
            Map.entry("childlogdir", Datatypes::existingDirectory),
            Map.entry("minfds", Datatypes::integer),
            Map.entry("minprocs", Datatypes::integer));

    /** The command-line values for [supervisord] keys, each checked as supervisord checks it. */
    static Overrides overrides(Arguments cl) throws Arguments.UsageException {
        if (cl.has("user")) {
            // supervisord reports an unknown -u user bare, not as "invalid value for -u".
            try {
                UserDb.uidOf(cl.value("user"));
            } catch (ConfigException bad) {
                throw new Arguments.UsageException(bad.getMessage());
            }
        }
        for (Map.Entry<String, String> e : cl.given().entrySet()) {
            Check check = CHECKS.get(e.getKey());
            if (check != null) {
                try {
                    check.check(e.getValue());
                } catch (ConfigException bad) {
                    throw new Arguments.UsageException("invalid value for " + cl.spelling(e.getKey()) + " '"
                            + e.getValue() + "': " + bad.getMessage());
                }
            }
        }
        return new Overrides(
                flag(cl, "nodaemon"), flag(cl, "silent"), cl.value("user"), cl.value("umask"), cl.value("directory"),
                cl.value("logfile"), cl.value("logfile_maxbytes"), cl.value("logfile_backups"), cl.value("loglevel"),
                cl.value("pidfile"), cl.value("identifier"), cl.value("childlogdir"), flag(cl, "nocleanup"),
                cl.value("minfds"), flag(cl, "strip_ansi"), cl.value("minprocs"));
    }

    private static Boolean flag(Arguments cl, String name) {
        return cl.has(name) ? Boolean.TRUE : null;
    }

    /** {@code -c FILE}, or supervisord's search list relative to the launcher's folder and the cwd. */
    static Path configFile(Arguments cl, String argv0) throws ConfigException {
        String given = cl.value("configuration");
        if (given != null) {
            Path p = Path.of(given);
            if (!Files.exists(p)) {
                throw new ConfigException("could not find config file " + given);
            }
            return p;
        }
        String bindir = System.getProperty("supervisord.bindir");
        Path exeDir = bindir != null ? Path.of(bindir) : Path.of(argv0).toAbsolutePath().getParent();
        return ConfigLoader.locate(exeDir, Path.of("").toAbsolutePath());
    }

    /** The servers in the order supervisord logs them: inet sections first, then unix. */
    static List<HttpServerConfig> inetFirst(List<HttpServerConfig> servers) {
        List<HttpServerConfig> list = new ArrayList<>(servers);
        list.sort(Comparator.comparing(s -> s.family() == HttpServerConfig.Family.INET ? 0 : 1));
        return list;
    }
}
