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
 * <p>Limiting: Jetty also tells of every HTTP connection it opens and closes. One opened past
 * the cap makes room by closing those the rule picks ({@link ConnectionLimit#toClose}); the
 * first time in a while, the activity log says so, once. {@link #closeTimedOut} closes those
 * that never sent a request; the servers call it every second.
 */
final class AcceptedConnections implements SelectorManager.AcceptListener, Connection.Listener {
    private final Set<SelectableChannel> open = ConcurrentHashMap.newKeySet();
    /** Past this many, channels closed without Jetty telling (none in practice) are dropped. */
    private volatile int sweepAt = 1024;

    private final ConnectionLimit limit;
    private final ActivityLog log;
    /** Each HTTP connection open, with when it was opened (System.nanoTime). */
    private final Map<HttpConnection, Long> connections = new ConcurrentHashMap<>();
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
        if (!(connection instanceof HttpConnection http))
            return;
        connections.put(http, System.nanoTime());
        if (connections.size() > limit.cap())
            makeRoom();
    }

    @Override
    public void onClosed(Connection connection) {
        connections.remove(connection);
    }

    private void makeRoom() {
        List<HttpConnection> closing;
        synchronized (this) {
            List<ConnectionLimit.Waiting<HttpConnection>> waiting = new ArrayList<>();
            int count = survey(waiting);
            closing = limit.toClose(waiting, count);
            if (closing.isEmpty())
                return;
            if (!capReported) {
                capReported = true;
                log.warn("too many HTTP connections open (" + count + ", the most kept is " + limit.cap()
                        + "): closing the ones idle longest without a request");
            }
        }
        closing.forEach(c -> c.getEndPoint().close());
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
