package supervisor.config;

/**
 * One {@code [unix_http_server*]} or {@code [inet_http_server*]} section.
 *
 * @param section  the section name, e.g. {@code unix_http_server}, for log lines
 * @param family   UNIX or INET
 * @param file     UNIX: the absolute socket path; else null
 * @param chmod    UNIX: the socket mode (default 0700)
 * @param chownUid UNIX: {@code chown=} user id, -1 for no change
 * @param chownGid UNIX: {@code chown=} group id, -1 for no change
 * @param host     INET: the host to bind, "" for all interfaces (from {@code *:port} or {@code :port})
 * @param port     INET: the port
 * @param username null when no authentication
 * @param password plain text or {@code {SHA}} + 40 hex digits; null when no authentication
 */
public record HttpServerConfig(String section, Family family, String file, int chmod, int chownUid,
                               int chownGid, String host, int port, String username, String password) {

    public enum Family { UNIX, INET }
}
