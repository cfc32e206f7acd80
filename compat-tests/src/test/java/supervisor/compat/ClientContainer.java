package supervisor.compat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * A container holding the real Python clients, idle ({@code sleep infinity}) so that each client
 * command is an exec in it. Host networking makes 127.0.0.1 the host's loopback (the daemon's inet
 * port); the scenarios' folder is bind-mounted at the same path, so the unix socket and the config
 * file have the same paths inside as outside; the host's pid namespace lets plugins see the
 * daemon's children. Images are local only: never pulled.
 */
public final class ClientContainer implements CommandRunner, AutoCloseable {

    /** Tried in order when SUPERVISOR_CLIENT_IMAGE is not set: the pip-built image has superlance. */
    static final List<String> IMAGES = List.of("supervisor-clients:pip", "supervisor-clients:bookworm");

    private final GenericContainer<?> container;
    private final String image;

    private ClientContainer(GenericContainer<?> container, String image) {
        this.container = container;
        this.image = image;
    }

    /**
     * Skips the calling test class (with the reason) when no Docker engine answers, except on CI
     * (CI=true), where that is a failure: CI is where these suites must run.
     */
    public static void requireEngine() {
        // Only "no engine" may skip: anything that goes wrong with a reachable engine is a failure.
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        String why = "no Docker engine reachable (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + ")"
                + "; scripts/dockerd.sh start prints one to use";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true and " + why);
        }
        Assumptions.abort("container suite skipped: " + why);
    }

    /** Starts a client container that sees {@code shared} at the same path. */
    public static ClientContainer start(Path shared) {
        requireEngine();
        String image = image();
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(name -> false)
                .withNetworkMode("host")
                // The host's pid namespace: plugins such as memmon look at the daemon's children with ps.
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPidMode("host"))
                .withFileSystemBind(shared.toString(), shared.toString(), BindMode.READ_WRITE)
                .withCommand("sleep", "infinity");
        c.start();
        return new ClientContainer(c, image);
    }

    /**
     * The configured image, else the first local one of {@link #IMAGES}; with none present, the
     * rich image is built from its Dockerfile (needs a registry and a Python index).
     */
    private static String image() {
        String configured = System.getenv("SUPERVISOR_CLIENT_IMAGE");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String candidate : IMAGES) {
            if (exists(candidate)) {
                return candidate;
            }
        }
        Path dockerfile = Implementation.repoRoot().resolve("compat-tests/src/test/docker/rich/Dockerfile");
        return new ImageFromDockerfile(IMAGES.getFirst(), false).withDockerfile(dockerfile).get();
    }

    private static boolean exists(String image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public ExecResult run(Duration timeout, List<String> argv) {
        CompletableFuture<Container.ExecResult> exec = CompletableFuture.supplyAsync(() -> {
            try {
                return container.execInContainer(argv.toArray(String[]::new));
            } catch (Exception e) {
                throw new IllegalStateException("exec failed in " + image + ": " + argv, e);
            }
        }, Thread::startVirtualThread);
        try {
            Container.ExecResult r = exec.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ExecResult(argv, r.getExitCode(), r.getStdout(), r.getStderr());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " in " + image + ": " + argv);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Whether the image has superlance installed (the pip-built one does; Debian has no package). */
    public boolean hasSuperlance() {
        return run(Duration.ofSeconds(30), List.of(python(), "-c", "import superlance")).exitCode() == 0;
    }

    public String containerId() {
        return container.getContainerId();
    }

    public String imageName() {
        return image;
    }

    @Override
    public String supervisorctl() {
        return "supervisorctl";
    }

    @Override
    public String python() {
        return "python3";
    }

    @Override
    public String where() {
        return "container " + image;
    }

    @Override
    public void close() {
        container.stop();
    }
}
