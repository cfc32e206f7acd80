package supervisor.server.http;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.Executor;

import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.IO;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Jetty's inet and unix connectors, asking {@link AcceptedConnections#admission} before each
 * accept. A selector accepts every connection waiting in the backlog in one go before it opens
 * any of them, so limiting what it has opened is too late: a thousand connections queued up take
 * a thousand descriptors at once, and past the open files limit the JVM can load no more classes
 * (an answer that needs one fails for as long as the daemon lives) and no program can be spawned.
 * So the count is checked before each accept: while there is no room, what waits stays in the
 * backlog (the kernel holds it, at no cost to the daemon) until the connections being closed to
 * make room are gone.
 */
final class AdmittingConnectors {
    private AdmittingConnectors() {
    }

    /** Accepts one connection if there is room, else none: a null channel ends the selector's accepting for now. */
    private static SelectableChannel admit(AcceptedConnections accepted, SelectableChannel server, Acceptor acceptor)
            throws IOException {
        switch (accepted.admission()) {
            case ADMIT:
                return acceptor.accept(server);
            case REFUSE:
                // every connection is being answered: the new one is closed at once, its descriptor with it
                IO.close(acceptor.accept(server));
                return null;
            default:
                return null;
        }
    }

    private interface Acceptor {
        SelectableChannel accept(SelectableChannel server) throws IOException;
    }

    static final class Inet extends ServerConnector {
        private final AcceptedConnections accepted;

        Inet(Server server, ConnectionFactory factory, AcceptedConnections accepted) {
            super(server, 0, 1, factory);
            this.accepted = accepted;
        }

        @Override
        protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
            // called by the super constructor: the field is read only when accepting, after start
            return new ServerConnectorManager(executor, scheduler, selectors) {
                @Override
                protected SelectableChannel doAccept(SelectableChannel server) throws IOException {
                    return admit(accepted, server, super::doAccept);
                }
            };
        }
    }

    static final class Unix extends UnixDomainServerConnector {
        private final AcceptedConnections accepted;

        Unix(Server server, ConnectionFactory factory, AcceptedConnections accepted) {
            super(server, 0, 1, factory);
            this.accepted = accepted;
        }

        @Override
        protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
            return new UnixDomainSelectorManager(executor, scheduler, selectors) {
                @Override
                protected SelectableChannel doAccept(SelectableChannel server) throws IOException {
                    return admit(accepted, server, super::doAccept);
                }
            };
        }
    }
}
