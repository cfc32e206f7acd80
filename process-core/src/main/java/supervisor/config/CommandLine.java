package supervisor.config;

/**
 * The command-line side of {@code [supervisord]}: converts the {@link Overrides} (checked
 * before the file is read, as supervisord checks option arguments first) and lays them over
 * the file's values.
 */
final class CommandLine {
    private final Overrides o;
    private final Integer umask;
    private final String directory;
    private final String logfile;
    private final Long logfileMaxbytes;
    private final Integer logfileBackups;
    private final LogLevel loglevel;
    private final String pidfile;
    private final String childlogdir;
    private final Integer minfds;
    private final Integer minprocs;
    private final ParseState st;

    CommandLine(Overrides o, ParseState st) throws ConfigException {
        this.o = o;
        this.st = st;
        umask = o.umask() == null ? null : Datatypes.octal(o.umask());
        directory = o.directory() == null ? null : st.existingDirectory(o.directory());
        logfile = o.logfile() == null ? null : st.existingDirpath(o.logfile());
        logfileMaxbytes = o.logfileMaxbytes() == null ? null : Datatypes.byteSize(o.logfileMaxbytes());
        logfileBackups = o.logfileBackups() == null ? null : Datatypes.integer(o.logfileBackups());
        loglevel = o.loglevel() == null ? null : Datatypes.logLevel(o.loglevel());
        pidfile = o.pidfile() == null ? null : st.existingDirpath(o.pidfile());
        childlogdir = o.childlogdir() == null ? null : st.existingDirectory(o.childlogdir());
        minfds = o.minfds() == null ? null : Datatypes.integer(o.minfds());
        minprocs = o.minprocs() == null ? null : Datatypes.integer(o.minprocs());
    }

    private static <T> T pick(T commandLine, T file) {
        return commandLine != null ? commandLine : file;
    }

    SupervisordConfig apply(ConfigLoader.SupervisordSection f) throws ConfigException {
        String user = pick(o.user(), f.user());
        if (user != null) {
            UserDb.uidOf(user);
        }
        String log = pick(logfile, f.logfile());
        if (!log.equals("syslog")) {
            log = st.normalize(log);
        }
        String pid = st.normalize(pick(pidfile, f.pidfile()));
        return new SupervisordConfig(
                log,
                pick(logfileMaxbytes, f.logfileMaxbytes()),
                pick(logfileBackups, f.logfileBackups()),
                pick(loglevel, f.loglevel()),
                pid,
                pick(umask, f.umask()),
                pick(o.nodaemon(), f.nodaemon()),
                pick(o.silent(), f.silent()),
                pick(minfds, f.minfds()),
                pick(minprocs, f.minprocs()),
                pick(o.nocleanup(), f.nocleanup()),
                pick(childlogdir, f.childlogdir()),
                user,
                pick(directory, f.directory()),
                pick(o.stripAnsi(), f.stripAnsi()),
                f.environment(),
                pick(o.identifier(), f.identifier()));
    }
}
