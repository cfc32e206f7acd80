package supervisor.server.http;

import java.util.Comparator;
import java.util.List;

/**
 * How many connections the HTTP servers keep open, and which ones they close: the rule, apart
 * from the bookkeeping in {@link AcceptedConnections}.
 *
 * <p>Every connection costs a file descriptor, and so does every pipe to a child and every log
 * file. supervisord keeps no count: a client that opens connections until the daemon's open
 * files limit is reached leaves it unable to accept supervisorctl (it spins on a listener it
 * cannot accept from) or to spawn a program (no descriptors for its pipes). Here the servers keep
 * at most {@link #cap} connections, a quarter of the open files (at least 256) left for the rest
 * of the daemon, and past that close the connections that have waited longest without asking
 * for anything. A connection whose request is being answered (a call waiting for a program to
 * start, a {@code tail -f}) is never closed: it has been let in, and its client is waiting.
 *
 * <p>Who goes first: a connection that has never sent a complete request (a client that
 * connected and went silent, or sent half a request line) before one kept alive after an answer
 * (supervisorctl's shell keeps its connection between commands), and within each, the one idle
 * longest. A new client has been idle for no time at all, so a flood of silent connections
 * closes its own oldest members, not supervisorctl. Separately, a connection that has sent no
 * complete request {@link #requestTimeoutMillis} after it was opened is closed: no real client
 * takes that long to say its first line, and a silent one should not wait for a flood to go.
 */
record ConnectionLimit(int cap, long requestTimeoutMillis) {
    /** Descriptors always left for children's pipes, log files and the JVM, however low the limit. */
    static final int LEAST_RESERVE = 256;
    /** Real clients hold a few connections each; past this many, connections cost heap for nothing. */
    static final int MOST_CONNECTIONS = 4096;
    /** How long a connection may stay open without sending a complete request. */
    static final long REQUEST_TIMEOUT_MILLIS = 30_000;

    ConnectionLimit {
        if (cap < 1)
            throw new IllegalArgumentException("cap " + cap);
    }

    /** The limit for a daemon allowed {@code openFiles} descriptors (RLIMIT_NOFILE; -1 for none). */
    static ConnectionLimit forOpenFiles(long openFiles) {
        long files = openFiles < 0 ? Long.MAX_VALUE : openFiles;
        long reserve = Math.max(LEAST_RESERVE, files / 4);
        long cap = Math.min(MOST_CONNECTIONS, files - reserve);
        return new ConnectionLimit((int) Math.max(16, cap), REQUEST_TIMEOUT_MILLIS);
    }

    /**
     * An open connection with no request being answered: what the rule may close.
     *
     * @param answered    whether it has sent a complete request before (it is kept alive since)
     * @param idleMillis  how long since anything was read from or written to it
     * @param openMillis  how long since it was accepted
     */
    record Waiting<C>(C connection, boolean answered, long idleMillis, long openMillis) {
    }

    private static final Comparator<Waiting<?>> FIRST_TO_CLOSE = Comparator
            .comparing((Waiting<?> w) -> w.answered())
            .thenComparing(Comparator.comparingLong((Waiting<?> w) -> w.idleMillis()).reversed());

    /**
     * Which connections to close when {@code open} are open: none up to the cap; past it, enough
     * to get a thirty-second of the cap below it (so that a flood does not look at every
     * connection for each one it adds), first to close first. Fewer when not enough are waiting.
     */
    <C> List<C> toClose(List<Waiting<C>> waiting, int open) {
        if (open <= cap)
            return List.of();
        int target = cap - cap / 32;
        return waiting.stream().sorted(FIRST_TO_CLOSE).limit(open - target).map(Waiting::connection).toList();
    }

    /** Whether {@code w} has been open too long without sending a complete request. */
    boolean timedOut(Waiting<?> w) {
        return !w.answered() && w.openMillis() >= requestTimeoutMillis;
    }
}
