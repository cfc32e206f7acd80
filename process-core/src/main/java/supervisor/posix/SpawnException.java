package supervisor.posix;

/**
 * The child could not be created at all (no pipes, no process): {@code errno} says why, e.g.
 * EMFILE (supervisord: "too many open files to spawn") or EAGAIN ("Too many processes in process
 * table to spawn"). Failures inside the new child (chdir, exec) are not thrown: like supervisord,
 * the child reports them on its stderr and exits 127.
 */
public class SpawnException extends Exception {
    private final int errno;

    public SpawnException(int errno, String what) {
        super(what + ": " + Posix.errnoName(errno) + " (" + Posix.strerror(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** The symbolic name supervisord prints ({@code EMFILE}). */
    public String errnoName() {
        return Posix.errnoName(errno);
    }
}
