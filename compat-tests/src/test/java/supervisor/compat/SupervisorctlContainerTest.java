package supervisor.compat;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Supervisorctl suite with the clients inside a container (unix socket through a bind mount, inet on host networking). */
class SupervisorctlContainerTest extends SupervisorctlSuite {

    @RegisterExtension
    static final ContainerClients CLIENTS = new ContainerClients();

    @Override
    protected CommandRunner runner() {
        return CLIENTS.container();
    }
}
