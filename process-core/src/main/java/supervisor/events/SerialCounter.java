package supervisor.events;

/**
 * A serial number source that starts at 0 and wraps back to 0 after the largest value, like
 * supervisord's. The global one lives as long as the daemon's OS process (it survives restarts);
 * each pool has its own. Loop thread only.
 */
public final class SerialCounter {
    private long last = -1;

    public long next() {
        last = last == Long.MAX_VALUE ? 0 : last + 1;
        return last;
    }
}
