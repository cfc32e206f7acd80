package supervisor.compat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Supervisorctl suite with the clients inside a container (unix socket through a bind mount, inet on host networking). */
class SupervisorctlContainerTest extends SupervisorctlSuite {

    private static ClientContainer container;

    @BeforeAll
    static void startContainer() {
        container = ClientContainer.start(base());
    }

    @AfterAll
    static void stopContainer() {
        if (container != null) {
            container.close();
        }
    }

    @Override
    protected CommandRunner runner() {
        return container;
    }
}
