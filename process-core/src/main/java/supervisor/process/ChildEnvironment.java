package supervisor.process;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import supervisor.config.Config;
import supervisor.config.HttpServerConfig;

/**
 * The environment a child starts with: the daemon's own (less what only the daemon needs), the
 * {@code SUPERVISOR_*} variables that tell a child who it is and where its supervisor listens,
 * then {@code [supervisord] environment=} and the program's own, each winning over what came
 * before. Read at each spawn, so a reloaded configuration applies to the next start.
 */
public final class ChildEnvironment {
    private final Supplier<Config> config;
    private volatile Map<String, String> base = System.getenv();

    ChildEnvironment(Supplier<Config> config) {
        this.config = config;
    }

    /** The environment children start from instead of the daemon's own. */
    public void setBase(Map<String, String> environment) {
        this.base = Map.copyOf(environment);
    }

    /** supervisord's server URL for children: the first unix socket, else the first inet port, else null. */
    public String serverUrl() {
        for (HttpServerConfig s : config.get().httpServers()) {
            if (s.family() == HttpServerConfig.Family.UNIX) {
                return "unix://" + s.file();
            }
        }
        for (HttpServerConfig s : config.get().httpServers()) {
            return "http://" + (s.host().isEmpty() ? "localhost" : s.host()) + ":" + s.port();
        }
        return null;
    }

    /** The environment of a new child of {@code p}. */
    Map<String, String> of(Subprocess p) {
        Map<String, String> env = new HashMap<>(base);
        env.put("SUPERVISOR_ENABLED", "1");
        String url = p.config().serverurl() != null ? p.config().serverurl() : serverUrl();
        if (url != null) {
            env.put("SUPERVISOR_SERVER_URL", url);
        }
        env.put("SUPERVISOR_PROCESS_NAME", p.name());
        env.put("SUPERVISOR_GROUP_NAME", p.group().name());
        env.putAll(config.get().supervisord().environment());
        env.putAll(p.config().environment());
        return env;
    }
}
