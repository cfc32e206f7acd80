package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.server.rpc.VirtualSupervisor.assertFault;
import static supervisor.server.rpc.VirtualSupervisor.assertPending;
import static supervisor.server.rpc.VirtualSupervisor.ok;
import static supervisor.server.rpc.VirtualSupervisor.programGroup;
import static supervisor.server.rpc.VirtualSupervisor.struct;
import static supervisor.server.rpc.VirtualSupervisor.valueOf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import supervisor.posix.Signals;
import supervisor.posix.WaitStatus;
import supervisor.process.ProcessState;

/**
 * The start and stop calls with depends_on (beyond.md), on virtual time through the real
 * registry: a start starts stopped dependencies first and a waited start answers once the whole
 * chain is RUNNING, or with the fault the failing member would give; the all and group calls
 * follow the graph; stops take dependents down first; getProcessInfo names what a process waits
 * for; supervisor_ext.getDependencyGraph lists the edges.
 */
class DependsOnControlTest {
    /** db, then app (depends on db), then web (depends on app), none started automatically; other alone. */
    private static VirtualSupervisor chain() {
        return new VirtualSupervisor((Path) null,
                programGroup("db", e -> e.autostart = false),
                programGroup("app", e -> {
                    e.autostart = false;
                    e.dependsOn = List.of("db");
                }),
                programGroup("web", e -> {
                    e.autostart = false;
                    e.dependsOn = List.of("app");
                }),
                programGroup("other", e -> e.autostart = false));
    }

    @Test
    void aWaitedStartStartsTheChainAndAnswersOnceAllIsRunning() {
        VirtualSupervisor v = chain();
        CompletableFuture<Object> f = v.call("startProcess", "web", true);
        assertEquals(List.of("db"), v.spawnedNames(), "dependencies first");
        assertEquals("waiting for app (STOPPED)", infoOf(v, "web").get("description"));
        v.loop.advance(1000);
        assertEquals(List.of("db", "app"), v.spawnedNames());
        v.loop.advance(1000);
        assertEquals(List.of("db", "app", "web"), v.spawnedNames());
        assertPending(f);
        v.loop.advance(1000);
        assertEquals(Boolean.TRUE, valueOf(f));
        assertEquals(ProcessState.RUNNING, v.process("db").state());
    }

    @Test
    void anUnwaitedStartAnswersAtOnceAndTheChainGoesOn() {
        VirtualSupervisor v = chain();
        assertEquals(Boolean.TRUE, v.answer("startProcess", "app", false));
        v.loop.advance(2000);
        assertEquals(List.of("db", "app"), v.spawnedNames());
    }

    @Test
    void aFailingDependencyFailsTheWaitedStartWithItsOwnFault() {
        VirtualSupervisor v = chain();
        CompletableFuture<Object> f = v.call("startProcess", "web", true);
        v.loop.advance(500);
        v.host.exit(v.pid("db"), WaitStatus.exited(1)); // too quickly: what startProcess('db') answers
        v.loop.runReady();
        assertFault(50, "SPAWN_ERROR: db", f);
        assertEquals(ProcessState.STOPPED, v.process("web").state());
    }

    @Test
    void aDependencyThatCannotRunIsRefusedBeforeAnythingStarts() {
        VirtualSupervisor v = new VirtualSupervisor((Path) null,
                programGroup("db", e -> {
                    e.autostart = false;
                    e.command = "/nonexistent/db";
                }),
                programGroup("app", e -> {
                    e.autostart = false;
                    e.dependsOn = List.of("db");
                }));
        assertFault(20, "NO_FILE: can't find command '/nonexistent/db'", v.call("startProcess", "app", true));
        assertEquals(List.of(), v.spawnedNames());
    }

    @Test
    void startAllFollowsTheGraphAndStartsIndependentBranchesTogether() {
        VirtualSupervisor v = new VirtualSupervisor((Path) null,
                programGroup("api", e -> {
                    e.autostart = false;
                    e.dependsOn = List.of("db");
                }),
                programGroup("worker", e -> {
                    e.autostart = false;
                    e.dependsOn = List.of("db");
                }),
                programGroup("db", e -> e.autostart = false));
        CompletableFuture<Object> f = v.call("startAllProcesses", true);
        assertEquals(List.of("db"), v.spawnedNames());
        v.loop.advance(1000);
        assertEquals(List.of("db", "api", "worker"), v.spawnedNames(), "api and worker in the same instant");
        v.loop.advance(1000);
        assertEquals(List.of(ok("db", "db"), ok("api", "api"), ok("worker", "worker")), valueOf(f));
    }

    @Test
    void stopAllStopsDependentsBeforeTheirDependencies() {
        VirtualSupervisor v = chain();
        v.call("startProcess", "web", true);
        v.loop.advance(3000);
        int db = v.pid("db");
        int app = v.pid("app");
        int web = v.pid("web");
        CompletableFuture<Object> f = v.call("stopAllProcesses", true);
        assertEquals(List.of(web), v.host.kills.stream().map(k -> k.pid()).toList());
        v.host.exit(web, WaitStatus.killed(Signals.SIGTERM));
        v.loop.runReady();
        assertEquals(List.of(web, app), v.host.kills.stream().map(k -> k.pid()).toList());
        v.host.exit(app, WaitStatus.killed(Signals.SIGTERM));
        v.loop.runReady();
        assertEquals(List.of(web, app, db), v.host.kills.stream().map(k -> k.pid()).toList());
        v.host.exit(db, WaitStatus.killed(Signals.SIGTERM));
        v.loop.runReady();
        assertEquals(List.of(ok("web", "web"), ok("app", "app"), ok("db", "db")), valueOf(f));
    }

    @Test
    void aFatalDependencyIsNamedInTheDescriptionOfWhatWaitsForIt() {
        VirtualSupervisor v = new VirtualSupervisor((Path) null,
                programGroup("db", e -> e.startretries = 0),
                programGroup("app", e -> e.dependsOn = List.of("db")));
        v.host.exit(v.pid("db"), WaitStatus.exited(1));
        v.loop.advance(5000);
        assertEquals(ProcessState.FATAL, v.process("db").state());
        Map<?, ?> info = infoOf(v, "app");
        assertEquals("waiting for db (FATAL)", info.get("description"));
        assertEquals("STOPPED", info.get("statename"));
    }

    @Test
    void theDependencyGraphListsEdgesBothWays() {
        VirtualSupervisor v = chain();
        new ExtNamespace(v.supervisor, Path.of("/proc")).registerInto(v.registry);
        CompletableFuture<Object> f = v.registry.call("supervisor_ext.getDependencyGraph", List.of());
        v.loop.runReady();
        assertEquals(List.of(
                struct("name", "app", "group", "app", "depends_on", List.of("db:db"), "dependents", List.of("web:web")),
                struct("name", "db", "group", "db", "depends_on", List.of(), "dependents", List.of("app:app")),
                struct("name", "other", "group", "other", "depends_on", List.of(), "dependents", List.of()),
                struct("name", "web", "group", "web", "depends_on", List.of("app:app"), "dependents", List.of())),
                valueOf(f));
        assertEquals(List.of("array"),
                valueOf(v.registry.call("system.methodSignature", List.of("supervisor_ext.getDependencyGraph"))));
        List<?> names = (List<?>) valueOf(v.registry.call("system.listMethods", List.of()));
        assertTrue(names.contains("supervisor_ext.getDependencyGraph"), names::toString);
    }

    private static Map<?, ?> infoOf(VirtualSupervisor v, String name) {
        return (Map<?, ?>) v.answer("getProcessInfo", name);
    }
}
