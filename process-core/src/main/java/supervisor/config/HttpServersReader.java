package supervisor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import supervisor.python.PyStr;

/**
 * The {@code [inet_http_server]} and {@code [unix_http_server]} sections, read inet first as
 * supervisord reads them (so the same error comes first) and listed unix first.
 */
final class HttpServersReader {
    private final ParseState st;

    HttpServersReader(ParseState st) {
        this.st = st;
    }

    List<HttpServerConfig> read() throws ConfigException {
        List<HttpServerConfig> inet = new ArrayList<>();
        for (String section : st.parser.sections()) {
            if (section.startsWith("inet_http_server")) {
                inet.add(inet(section));
            }
        }
        List<HttpServerConfig> all = new ArrayList<>();
        for (String section : st.parser.sections()) {
            if (section.startsWith("unix_http_server")) {
                all.add(unix(section));
            }
        }
        all.addAll(inet);
        return all;
    }

    private HttpServerConfig inet(String section) throws ConfigException {
        String[] auth = credentials(section);
        String port = st.get(section, "port", null, Map.of());
        if (port == null) {
            throw new ConfigException("section [" + section + "] has no port value");
        }
        Datatypes.InetAddress address = Datatypes.inetAddress(port);
        return new HttpServerConfig(section, HttpServerConfig.Family.INET, null, 0, -1, -1,
                address.host(), address.port(), auth[0], auth[1]);
    }

    private HttpServerConfig unix(String section) throws ConfigException {
        String file = st.get(section, "file", null, st.hereOnly());
        if (file == null) {
            throw new ConfigException("section [" + section + "] has no file value");
        }
        file = st.normalize(PyStr.strip(file));
        String[] auth = credentials(section);
        int[] chown = {-1, -1};
        String chownValue = st.get(section, "chown", null, Map.of());
        if (chownValue != null) {
            try {
                chown = ParseState.userGroup(chownValue);
            } catch (ConfigException e) {
                throw new ConfigException("Invalid sockchown value " + chownValue);
            }
        }
        int chmod = 0700;
        String chmodValue = st.get(section, "chmod", null, Map.of());
        if (chmodValue != null) {
            try {
                chmod = Datatypes.octal(chmodValue);
            } catch (ConfigException e) {
                throw new ConfigException("Invalid chmod value " + chmodValue);
            }
        }
        return new HttpServerConfig(section, HttpServerConfig.Family.UNIX, file, chmod, chown[0], chown[1],
                null, 0, auth[0], auth[1]);
    }

    /** username and password: both or neither. */
    private String[] credentials(String section) throws ConfigException {
        String username = st.get(section, "username", null, Map.of());
        String password = st.get(section, "password", null, Map.of());
        if ((username == null) != (password == null)) {
            throw new ConfigException("Section [" + section + "] contains incomplete authentication: If a "
                    + "username or a password is specified, both the username and password must be specified");
        }
        return new String[] {username, password};
    }
}
