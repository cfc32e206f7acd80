package supervisor.server;

import java.util.ArrayList;
import java.util.List;

import supervisor.config.ConfigException;
import supervisor.config.SupervisordConfig;
import supervisor.config.UserDb;
import supervisor.posix.Posix;

/**
 * What supervisord does to itself before it opens its log: become {@code user=} when started
 * as root, then raise the open-files and processes limits to {@code minfds} and {@code minprocs}.
 * Failures stop start-up with supervisord's messages; successes become INFO lines for the log.
 */
final class Privileges {
    private Privileges() {
    }

    /** Drops to {@code [supervisord] user=} if set. Returns the INFO lines to log. */
    static List<String> setUid(SupervisordConfig sd) throws Daemon.UsageError {
        List<String> infos = new ArrayList<>();
        if (sd.user() == null) {
            return infos;
        }
        int uid;
        try {
            uid = UserDb.uidOf(sd.user());
        } catch (ConfigException e) {
            throw new Daemon.UsageError(e.getMessage());
        }
        UserDb.User user = UserDb.byUid(uid);
        if (user == null) {
            throw new Daemon.UsageError("Can't find uid " + uid);
        }
        int current = Posix.getuid();
        if (current != uid) {
            if (current != 0) {
                throw new Daemon.UsageError("Can't drop privilege as nonroot user");
            }
            String error = Posix.becomeUser(user.name(), uid, user.gid());
            if (error != null) {
                throw new Daemon.UsageError(error);
            }
        }
        infos.add("Set uid to user " + uid + " succeeded");
        return infos;
    }

    /** Raises RLIMIT_NOFILE to minfds and RLIMIT_NPROC to minprocs. Returns the INFO lines to log. */
    static List<String> setRlimits(SupervisordConfig sd) throws Daemon.UsageError {
        List<String> infos = new ArrayList<>();
        raise(Posix.Rlimit.NOFILE, "RLIMIT_NOFILE", sd.minfds(), infos,
                "The minimum number of file descriptors required to run this process is %d as per the \"minfds\""
                + " command-line argument or config file setting. The current environment will only allow you to"
                + " open %d file descriptors.  Either raise the number of usable file descriptors in your"
                + " environment (see README.rst) or lower the minfds setting in the config file to allow the"
                + " process to start.");
        raise(Posix.Rlimit.NPROC, "RLIMIT_NPROC", sd.minprocs(), infos,
                "The minimum number of available processes required to run this program is %d as per the"
                + " \"minprocs\" command-line argument or config file setting. The current environment will only"
                + " allow you to open %d processes.  Either raise the number of usable processes in your"
                + " environment (see README.rst) or lower the minprocs setting in the config file to allow the"
                + " program to start.");
        return infos;
    }

    private static void raise(Posix.Rlimit which, String name, long min, List<String> infos, String failure)
            throws Daemon.UsageError {
        long[] lim = Posix.getRlimit(which);
        long soft = lim[0];
        long hard = lim[1];
        if (soft == -1 || soft >= min) {
            return;
        }
        if (hard != -1 && hard < min) {
            // Only root may raise the hard limit; anyone else fails below, as in supervisord,
            // whose message then names the wanted limit as the one allowed.
            hard = min;
        }
        if (Posix.setRlimit(which, min, hard) != 0) {
            throw new Daemon.UsageError(String.format(failure, min, hard));
        }
        infos.add("Increased " + name + " limit to " + min);
    }
}
