package supervisor.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one load shares between its readers: the parsed ini, the {@code ENV_*} expansions
 * (the process environment, later extended by {@code [supervisord] environment=}), the
 * main file's directory and the deferred log lines. One per load, single-threaded.
 */
final class ParseState {
    final IniParser parser = new IniParser();
    final Map<String, Object> environExpansions = new LinkedHashMap<>();
    final Map<String, String> environ;
    final Path cwd;
    final String nodeName;
    final String configFile;
    final String here;
    final List<String> warnings = new ArrayList<>();
    final List<String> infos = new ArrayList<>();

    ParseState(Map<String, String> environ, Path cwd, String nodeName, String configFile) {
        this.environ = environ;
        this.cwd = cwd;
        this.nodeName = nodeName;
        this.configFile = configFile;
        this.here = PyPath.abspath(PyPath.dirname(configFile), cwd);
        environ.forEach((k, v) -> environExpansions.put("ENV_" + k, v));
    }

    String home() {
        return environ.get("HOME");
    }

    /**
     * supervisord's {@code saneget}: the raw value or {@code fallback}, then (when
     * {@code expand}) %-expanded with the ENV_* names plus {@code names}.
     */
    String get(String section, String key, String fallback, boolean expand, Map<String, ?> names)
            throws ConfigException {
        String value = parser.get(section, key);
        if (value == null) {
            value = fallback;
        }
        if (expand && value != null) {
            Map<String, Object> combined = new LinkedHashMap<>(environExpansions);
            combined.putAll(names);
            value = Expansion.expand(value, combined, section + "." + key);
        }
        return value;
    }

    String get(String section, String key, String fallback, Map<String, ?> names) throws ConfigException {
        return get(section, key, fallback, true, names);
    }

    /** Names every expansion of a section value gets besides ENV_*: just {@code here}. */
    Map<String, Object> hereOnly() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("here", here);
        return m;
    }

    /** supervisord's {@code normalize_path}. */
    String normalize(String path) {
        return PyPath.normalize(path, cwd, home());
    }

    /** {@code existing_dirpath}, from this load's directory and HOME. */
    String existingDirpath(String v) throws ConfigException {
        return Datatypes.existingDirpath(v, cwd, home());
    }

    /** {@code existing_directory}, from this load's directory and HOME. */
    String existingDirectory(String v) throws ConfigException {
        return Datatypes.existingDirectory(v, cwd, home());
    }

    /** {@code colon_separated_user_group}: "uid:gid" ids; gid -1 when only a user is named. */
    static int[] userGroup(String arg) throws ConfigException {
        int colon = arg.indexOf(':');
        if (colon < 0) {
            return new int[] {UserDb.uidOf(arg), -1};
        }
        return new int[] {UserDb.uidOf(arg.substring(0, colon)), UserDb.gidOf(arg.substring(colon + 1))};
    }
}
