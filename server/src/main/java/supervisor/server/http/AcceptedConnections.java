package supervisor.server.http;

import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.IO;

import supervisor.logging.ActivityLog;

/**
 * Every connection the servers accepted and have not closed yet: so that stopping them closes
 * each one, and so that they never hold more than their {@link ConnectionLimit}.
 *
 * <p>Stopping: a client gets its answer or sees its connection closed, never silence. Jetty
 * alone does not promise that. A connector's selector keeps accepting while the server stops (a
 * unix connector until its selector is stopped), and a connection accepted in the last moment
 * can be handed to a selector that has already closed its connections, or has stopped
 * altogether: nothing reads it and nothing closes it, and the client waits with its request
 * unread for as long as the daemon lives (a restart makes a new server; the socket stays in the
 * process). Jetty tells each connector's selector manager of every channel it accepts and every
 * one it closes; what is still here once the server has stopped is closed by {@link #closeAll}.
 *
 * <p>Limiting: Jetty also tells of every HTTP connection it opens and closes. The connectors
 * ask {@link #admission} before each accept (see {@link AdmittingConnectors}); at the cap, room
 * is made by closing those the rule picks ({@link ConnectionLimit#toClose}), and the first time
 * in a while the activity log says so, once. {@link #closeTimedOut} closes those that never
 * sent a request; the servers call it every second.
 */
final class AcceptedConnections implements SelectorManager.AcceptListener, Connection.Listener {
    private final Set<SelectableChannel> open = ConcurrentHashMap.newKeySet();
    /** Past this many, channels closed without Jetty telling (none in practice) are dropped. */
    private volatile int sweepAt = 1024;

    private final ConnectionLimit limit;
    private final ActivityLog log;
    /** Each HTTP connection open, with when it was opened (System.nanoTime). */
    private final Map<HttpConnection, Long> connections = new ConcurrentHashMap<>();
    /** Those closed to make room that Jetty has not said are closed yet. */
    private final Set<HttpConnection> closing = ConcurrentHashMap.newKeySet();
    /** When connections began to wait for room (System.nanoTime), 0 when they are not waiting. */
    private long waitingSince;
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Set when the cap is reached and logged; cleared once connections are down to half of it. */
    private boolean capReported;

    AcceptedConnections(ConnectionLimit limit, ActivityLog log) {
        this.limit = limit;
        this.log = log;
    }

    @Override
    public void onAccepting(SelectableChannel channel) {
        open.add(channel);
        if (open.size() >= sweepAt) {
            open.removeIf(c -> !c.isOpen());
            sweepAt = Math.max(1024, 2 * open.size());
        }
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        open.remove(channel);
    }

    @Override
    public void onClosed(SelectableChannel channel) {
        open.remove(channel);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http)
            connections.put(http, System.nanoTime());
    }

    @Override
    public void onClosed(Connection connection) {
        connections.remove(connection);
        closing.remove(connection);
    }

    /** What a connector does with the next connection waiting to be accepted. */
    enum Admission {
        ADMIT,
        /** Leave it in the backlog: connections are being closed to make room. */
        WAIT,
        /** Accept and close it: every connection kept is being answered. */
        REFUSE
    }

    /**
     * Asked before each accept. Below the cap: admit. At it: make room, and let the connection
     * wait in the backlog until the ones closed for it are gone (a selector releases their
     * descriptors on its next round) and those accepted but not opened yet are opened (only
     * then can the rule weigh them). Refused only when nothing can be closed, or when room has
     * not come for a second.
     */
    synchronized Admission admission() {
        if (open.size() < limit.cap()) {
            waitingSince = 0;
            return Admission.ADMIT;
        }
        boolean opening = open.size() > connections.size();
        if (closing.isEmpty() && !opening && !makeRoom())
            return Admission.REFUSE;
        long now = System.nanoTime();
        if (waitingSince == 0)
            waitingSince = now;
        if (now - waitingSince < PATIENCE_NANOS)
            return Admission.WAIT;
        // Jetty says when it opens and closes each connection; should one go missing, do not wait for ever
        waitingSince = 0;
        closing.clear();
        open.removeIf(c -> !c.isOpen());
        return Admission.REFUSE;
    }

    /** Closes the connections the rule picks when past the cap; whether it closed any. */
    private boolean makeRoom() {
        List<HttpConnection> closing;
        synchronized (this) {
            List<ConnectionLimit.Waiting<HttpConnection>> waiting = new ArrayList<>();
            int count = survey(waiting);
            // the channels accepted and not opened yet count too: each holds a descriptor
            closing = limit.toClose(waiting, Math.max(count, open.size()) + 1);
            if (closing.isEmpty())
                return false;
            if (!capReported) {
                capReported = true;
                log.warn("too many HTTP connections open (" + open.size() + ", the most kept is " + limit.cap()
                        + "): closing the ones idle longest without a request");
            }
            this.closing.addAll(closing);
        }
        closing.forEach(c -> c.getEndPoint().close());
        return true;
    }

    /** Closes the connections open longer than the limit allows without sending a complete request. */
    void closeTimedOut() {
        List<HttpConnection> closing = new ArrayList<>();
        synchronized (this) {
            List<ConnectionLimit.Waiting<HttpConnection>> waiting = new ArrayList<>();
            int count = survey(waiting);
            for (ConnectionLimit.Waiting<HttpConnection> w : waiting)
                if (limit.timedOut(w))
                    closing.add(w.connection());
            if (count - closing.size() <= limit.cap() / 2)
                capReported = false;
        }
        closing.forEach(c -> c.getEndPoint().close());
    }

    /**
     * Adds to {@code waiting} the open connections with no request being answered, as the rule
     * sees them, and returns how many connections are open. One being closed no longer counts:
     * Jetty says it is closed a little later, and until then it must not make others close.
     */
    private int survey(List<ConnectionLimit.Waiting<HttpConnection>> waiting) {
        long now = System.nanoTime();
        int count = 0;
        for (Map.Entry<HttpConnection, Long> entry : connections.entrySet()) {
            HttpConnection c = entry.getKey();
            if (!c.getEndPoint().isOpen())
                continue;
            count++;
            if (c.getHttpChannel().getRequest() != null)
                continue;
            // a complete request header counts as a message in; half a request line does not
            waiting.add(new ConnectionLimit.Waiting<>(c, c.getMessagesIn() > 0, idleMillis(c),
                    TimeUnit.NANOSECONDS.toMillis(now - entry.getValue())));
        }
        return count;
    }

    private static long idleMillis(HttpConnection c) {
        return c.getEndPoint() instanceof IdleTimeout t ? t.getIdleFor() : 0;
    }

    /** How many accepted connections are not closed yet. */
    int open() {
        return open.size();
    }

    /** Closes what the stopped servers left open. */
    void closeAll() {
        for (SelectableChannel channel : open) {
            IO.close(channel);
            open.remove(channel);
        }
    }
}
