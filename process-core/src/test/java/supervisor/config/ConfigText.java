package supervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a config from its text, so that each key test shows only the text and what it expects of it. */
final class ConfigText {
    /** The {@code [supervisord]} lines the key tests start from: its files in the config's directory. */
    static final String SUPERVISORD = """
            [supervisord]
            logfile=%(here)s/sd.log
            pidfile=%(here)s/sd.pid
            childlogdir=%(here)s
            """;

    private ConfigText() {
    }

    /** The config {@code text} as test.conf in a new directory that is deleted after the load. */
    static Config load(String text) throws Exception {
        Path dir = Files.createTempDirectory("config");
        try {
            return load(dir, text);
        } finally {
            ConfigErrorsTest.deleteTree(dir);
        }
    }

    /** The config {@code text} written as test.conf in {@code dir} and loaded from there. */
    static Config load(Path dir, String text) throws Exception {
        Files.writeString(dir.resolve("test.conf"), text);
        return new ConfigLoader(ConfigErrorsTest.environment(dir), dir, "n").read(Path.of("test.conf"), Overrides.none());
    }

    /** The message the load of {@code text} fails with, or "(accepted)". */
    static String error(String text) throws Exception {
        try {
            load(text);
            return "(accepted)";
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }
}
