package supervisor.config;

import java.util.List;

/**
 * A whole parsed supervisord.conf (with its includes): what {@link ConfigLoader} returns.
 *
 * @param configFile  the main config file as given (for messages and reload)
 * @param supervisord the {@code [supervisord]} section
 * @param httpServers every {@code [unix_http_server*]} then {@code [inet_http_server*]} section
 * @param groups      the process groups sorted ascending by (priority, name)
 * @param supervisorRpcInterface true when {@code [rpcinterface:supervisor]} names the standard factory
 * @param messages    deferred log lines of the parse (warnings, "Included extra file ..."),
 *                    logged once the activity log is open
 */
public record Config(String configFile, SupervisordConfig supervisord, List<HttpServerConfig> httpServers,
                     List<GroupConfig> groups, boolean supervisorRpcInterface, List<ConfigMessage> messages) {

    /** A log line produced while parsing, logged once the activity log exists. */
    public record ConfigMessage(LogLevel level, String text) {
    }
}
