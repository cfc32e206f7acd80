package supervisor.config;

import java.nio.file.Path;

/** Reads supervisord.conf (and its {@code [include]} files) into a {@link Config}. */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Loads and validates the whole configuration.
     *
     * @param configFile the main file, as given on the command line or found by search
     * @param overrides  command-line values for {@code [supervisord]} keys
     * @throws ConfigException with supervisord's message for any error
     */
    public static Config load(Path configFile, Overrides overrides) throws ConfigException {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
