package supervisor.compat;

import org.junit.jupiter.api.extension.RegisterExtension;

/** XmlRpc suite with the clients inside a container (unix socket through a bind mount, inet on host networking). */
class XmlRpcContainerTest extends XmlRpcSuite {

    @RegisterExtension
    static final ContainerClients CLIENTS = new ContainerClients();

    @Override
    protected CommandRunner runner() {
        return CLIENTS.container();
    }
}
