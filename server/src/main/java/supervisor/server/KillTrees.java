package supervisor.server;

import java.io.IOException;
import java.nio.file.Path;

import supervisor.config.SupervisordConfig;
import supervisor.logging.ActivityLog;
import supervisor.posix.Cgroup;
import supervisor.posix.CgroupTree;
import supervisor.posix.Orphans;
import supervisor.posix.Posix;
import supervisor.posix.ProcessTree;
import supervisor.posix.TrackedTree;

/**
 * The two extensions about a program's descendants (beyond.md), for one life of the daemon.
 *
 * <p>{@code [supervisord] subreaper} (default: on when the daemon is PID 1): the daemon becomes
 * the reaper of orphaned descendants and reaps them ({@link Orphans}), logging each as
 * supervisord logs a child it did not start: {@code reaped unknown pid N (exit status 0)}. As PID 1
 * the kernel hands it every orphan anyway, so they are reaped even with {@code subreaper=false},
 * as supervisord 4.2.5 reaps them.
 *
 * <p>{@code kill_tree}: the trees of the programs that ask for it, made when such a program is
 * first spawned. A cgroup v2 per program where the daemon may create one (in a directory
 * {@code supervisord-PID} in its own cgroup), else descendant tracking, which also makes the daemon
 * a subreaper (unless {@code subreaper=false}) so that orphaned descendants stay within reach. The
 * system property {@code supervisor.killTree=tracking} forces tracking (to test it where cgroups
 * are writable).
 */
final class KillTrees implements ProcessTree.Factory, AutoCloseable {
    private final ActivityLog log;
    private final Boolean subreaper;
    private Orphans orphans;
    private boolean decided;
    private Path cgroups;

    private KillTrees(SupervisordConfig sd, ActivityLog log) {
        this.log = log;
        this.subreaper = sd.subreaper();
    }

    /** Becomes a subreaper now where the config (or being PID 1) says so. */
    static KillTrees start(SupervisordConfig sd, ActivityLog log) {
        KillTrees trees = new KillTrees(sd, log);
        boolean pid1 = Posix.getpid() == 1;
        if (sd.subreaper() != null ? sd.subreaper() : pid1) {
            trees.becomeSubreaper();
        } else if (pid1) {
            trees.reapOrphans();
        }
        return trees;
    }

    private synchronized void becomeSubreaper() {
        if (!Orphans.becomeSubreaper()) {
            log.warn("could not become a subreaper: orphaned processes go to init");
            return;
        }
        reapOrphans();
    }

    private synchronized void reapOrphans() {
        if (orphans == null) {
            orphans = new Orphans((pid, status) -> log.info("reaped unknown pid " + pid + " (" + status.describe() + ")"));
        }
    }

    @Override
    public synchronized ProcessTree of(String namespec) {
        if (!decided) {
            decided = true;
            if (!"tracking".equals(System.getProperty("supervisor.killTree"))) {
                cgroups = Cgroup.createDaemonDirectory();
            }
            if (cgroups != null) {
                log.info("kill_tree: each program's processes are kept in a cgroup under " + cgroups);
            } else {
                log.info("kill_tree: no cgroup v2 this daemon may write to: descendants are tracked");
                if (!Boolean.FALSE.equals(subreaper)) {
                    becomeSubreaper();
                }
            }
        }
        if (cgroups != null) {
            try {
                return CgroupTree.in(cgroups, namespec);
            } catch (IOException e) {
                log.warn("kill_tree: could not make a cgroup for " + namespec + " (" + e.getMessage()
                        + "): its descendants are tracked");
            }
        }
        return new TrackedTree();
    }

    @Override
    public synchronized void close() {
        if (orphans != null) {
            orphans.close();
            orphans = null;
        }
        if (cgroups != null) {
            Cgroup.removeEmpty(cgroups);
        }
    }
}
