package supervisor.server.http;

import java.nio.channels.SelectableChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.util.IO;

/**
 * Every connection the servers accepted and have not closed yet, so that stopping them closes
 * each one: a client gets its answer or sees its connection closed, never silence.
 *
 * <p>Jetty alone does not promise that. A connector's selector keeps accepting while the server
 * stops (a unix connector until its selector is stopped), and a connection accepted in the last
 * moment can be handed to a selector that has already closed its connections, or has stopped
 * altogether: nothing reads it and nothing closes it, and the client waits with its request
 * unread for as long as the daemon lives (a restart makes a new server; the socket stays in the
 * process). Jetty tells each connector's selector manager of every channel it accepts and every
 * one it closes; what is still here once the server has stopped is closed by {@link #closeAll}.
 */
final class AcceptedConnections implements SelectorManager.AcceptListener {
    private final Set<SelectableChannel> open = ConcurrentHashMap.newKeySet();
    /** Past this many, channels closed without Jetty telling (none in practice) are dropped. */
    private volatile int sweepAt = 1024;

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
