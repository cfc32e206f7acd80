package supervisor.config;

/**
 * The {@code [supervisord]} values given on the command line; each field is null when the
 * option was not given. They take precedence over the config file.
 */
public record Overrides(Boolean nodaemon, Boolean silent, String user, String umask, String directory,
                        String logfile, String logfileMaxbytes, String logfileBackups, String loglevel,
                        String pidfile, String identifier, String childlogdir, Boolean nocleanup,
                        String minfds, Boolean stripAnsi, String minprocs) {

    public static Overrides none() {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
