package supervisor.compat;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One client container per test class, for the suites whose clients run inside it: started
 * before the class's first scenario (skipping the class when no Docker engine answers, failing
 * on CI) and closed after its last. Register it as a static field with {@code @RegisterExtension}.
 */
final class ContainerClients implements BeforeAllCallback, AfterAllCallback {
    private ClientContainer container;

    @Override
    public void beforeAll(ExtensionContext context) {
        container = ClientContainer.start(CompatSuite.base());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (container != null) {
            container.close();
        }
    }

    ClientContainer container() {
        return container;
    }
}
