package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.process.Programs.edit;
import static supervisor.process.Programs.group;
import static supervisor.process.Programs.program;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.events.EventType;
import supervisor.logging.ActivityLog;
import supervisor.posix.Signals;
import supervisor.posix.SpawnRequest;
import supervisor.posix.WaitStatus;

/**
 * depends_on (beyond.md) on virtual time: a process is spawned only once every process it
 * depends on is RUNNING, dependents of one dependency start in the same instant, a start request
 * starts stopped dependencies first, a FATAL dependency leaves its dependents unstarted and
 * named in their description, and stops take dependents down first.
 */
class DependsOnTest {
    private static final Pattern NAME = Pattern.compile("processname:(\\S+)");
    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    /** "STARTING b @1000": every state entered, with the virtual time. */
    private final List<String> entered = new ArrayList<>();
    private Supervisor s;
    private final long t0 = loop.monotonicMillis();

    private void start(GroupConfig... groups) {
        Config config = Programs.config(Programs.supervisord("supervisor"), List.of(groups));
        s = new Supervisor(config, ActivityLog.console(LogLevel.DEBUG, logBytes), loop, loop, host);
        s.events().subscribe(EventType.PROCESS_STATE, e -> {
            Matcher m = NAME.matcher(e.payload());
            m.find();
            entered.add(e.type().name().substring("PROCESS_STATE_".length()) + " " + m.group(1) + " @"
                    + (loop.monotonicMillis() - t0));
        });
        loop.execute(s::start);
        loop.runReady();
    }

    private static GroupConfig prog(String name, Consumer<Programs.Edit> change) {
        return group(name, 999, program(name, p -> edit(p, change)));
    }

    private static GroupConfig prog(String name, String dependsOn) {
        return prog(name, e -> e.dependsOn = dependsOn.isEmpty() ? List.of() : List.of(dependsOn.split(",")));
    }

    private Subprocess p(String name) {
        return s.process(Namespec.parse(name));
    }

    private List<String> entered(String state) {
        return entered.stream().filter(e -> e.startsWith(state + " ")).toList();
    }

    @Test
    void autostartWaitsUntilTheDependencyIsRunning() {
        start(prog("app", "db"), prog("db", ""));
        assertEquals(List.of("STARTING db @0"), entered("STARTING"));
        assertEquals(ProcessState.STOPPED, p("app").state());
        assertEquals("waiting for db (STARTING)", p("app").snapshot().waitingFor());
        loop.advance(999);
        assertEquals(ProcessState.STOPPED, p("app").state());
        loop.advance(1);
        assertEquals(List.of("RUNNING db @1000", "STARTING app @1000"),
                entered.stream().filter(e -> e.endsWith("@1000")).toList(), "spawned in the instant db is RUNNING");
        assertNull(p("app").snapshot().waitingFor());
        loop.advance(1000);
        assertEquals(ProcessState.RUNNING, p("app").state());
    }

    @Test
    void independentBranchesStartInTheSameInstant() {
        // db <- (api, worker) <- web; cache alone: four spawns at three instants, not one by one
        start(prog("web", "api,worker"), prog("api", "db"), prog("worker", "db"), prog("db", ""), prog("cache", ""));
        loop.advance(3000);
        assertEquals(List.of("STARTING cache @0", "STARTING db @0", "STARTING api @1000", "STARTING worker @1000",
                "STARTING web @2000"), entered("STARTING"));
        assertEquals(5, entered("RUNNING").size());
    }

    @Test
    void aDependencyAsAWholeGroupWaitsForEveryMember() {
        GroupConfig workers = new GroupConfig("w", GroupConfig.Kind.PROGRAM, 999, List.of(
                program("w_0", p -> edit(p, e -> e.startsecs = 1)), program("w_1", p -> edit(p, e -> e.startsecs = 3))),
                null, null);
        start(workers, prog("lb", "w"));
        loop.advance(2000);
        assertEquals(ProcessState.STOPPED, p("lb").state());
        assertEquals("waiting for w:w_1 (STARTING)", p("lb").snapshot().waitingFor());
        loop.advance(1000);
        assertEquals(List.of("STARTING w_0 @0", "STARTING w_1 @0", "STARTING lb @3000"), entered("STARTING"));
    }

    @Test
    void aStartRequestStartsStoppedDependenciesFirst() {
        start(prog("a", e -> e.autostart = false),
                prog("b", e -> {
                    e.autostart = false;
                    e.dependsOn = List.of("a");
                }),
                prog("c", e -> {
                    e.autostart = false;
                    e.dependsOn = List.of("b");
                }));
        assertEquals(List.of(), entered);
        assertEquals(List.of("a", "b", "c"), s.dependencies().startChain(List.of(p("c"))).stream()
                .map(Subprocess::name).toList());
        List<Subprocess> now = s.dependencies().start(List.of(p("c")));
        assertEquals(List.of(p("a")), now, "only a can be spawned at once");
        assertTrue(s.dependencies().isWaiting(p("b")) && s.dependencies().isWaiting(p("c")));
        loop.advance(3000);
        assertEquals(List.of("STARTING a @0", "STARTING b @1000", "STARTING c @2000"), entered("STARTING"));
        assertFalse(s.dependencies().isWaiting(p("c")));
    }

    @Test
    void aRunningDependencyIsNotStartedAgain() {
        start(prog("a", ""), prog("b", e -> {
            e.autostart = false;
            e.dependsOn = List.of("a");
        }));
        loop.advance(1000);
        assertEquals(List.of(p("b")), s.dependencies().startChain(List.of(p("b"))));
        assertEquals(List.of(p("b")), s.dependencies().start(List.of(p("b"))));
    }

    @Test
    void aFatalDependencyLeavesItsDependentsUnstartedAndNamedInTheirDescription() {
        host.behave(new ScriptedHost.Behaviour() {
            @Override
            public int spawnErrno(SpawnRequest request) {
                return request.argv().contains("db") ? 2 : 0; // ENOENT for db, every time
            }
        });
        start(prog("db", e -> {
            e.command = "/bin/sleep db";
            e.startretries = 1;
        }), prog("app", "db"), prog("web", "app"));
        loop.advance(60_000);
        assertEquals(ProcessState.FATAL, p("db").state());
        assertEquals(ProcessState.STOPPED, p("app").state());
        assertEquals(ProcessState.STOPPED, p("web").state());
        assertEquals("waiting for db (FATAL)", p("app").snapshot().waitingFor());
        assertEquals("waiting for app (STOPPED)", p("web").snapshot().waitingFor());
        assertTrue(entered.stream().noneMatch(e -> e.contains(" app ") || e.contains(" web ")), entered.toString());
        assertTrue(host.spawned.isEmpty(), "db never spawned, and nothing else was");
    }

    @Test
    void aCrashedDependencyHoldsTheAutorestartOfItsDependent() {
        start(prog("db", ""), prog("app", "db"));
        loop.advance(2000);
        int db = p("db").pid();
        int app = p("app").pid();
        host.exit(db, WaitStatus.exited(1));
        host.exit(app, WaitStatus.exited(1));
        loop.runReady();
        assertEquals(ProcessState.STARTING, p("db").state(), "autorestarted at once");
        assertEquals(ProcessState.EXITED, p("app").state(), "held until db is RUNNING again");
        loop.advance(1000);
        assertEquals(ProcessState.STARTING, p("app").state());
    }

    @Test
    void aBackoffRetryWaitsForTheDependencyAndKeepsItsState() {
        start(prog("db", e -> e.autorestart = supervisor.config.AutoRestart.NEVER), prog("app", e -> {
            e.dependsOn = List.of("db");
            e.startsecs = 5;
        }));
        loop.advance(1000);
        host.exit(p("db").pid(), WaitStatus.exited(0));
        host.exit(p("app").pid(), WaitStatus.exited(1)); // too quickly: BACKOFF, a retry in 1 s
        loop.runReady();
        assertEquals(ProcessState.EXITED, p("db").state());
        assertEquals(ProcessState.BACKOFF, p("app").state());
        loop.advance(10_000);
        assertEquals(ProcessState.BACKOFF, p("app").state(), "the retry waits, it does not count as one");
        assertEquals("waiting for db (EXITED)", p("app").snapshot().waitingFor());
        s.dependencies().start(List.of(p("db")));
        loop.advance(1000);
        assertEquals(ProcessState.STARTING, p("app").state(), "retried once db is RUNNING");
        assertEquals(List.of("STARTING db @0", "STARTING app @1000", "STARTING db @11000", "STARTING app @12000"),
                entered("STARTING"));
    }

    @Test
    void aHealthRestartWaitsForTheDependency() {
        start(prog("db", ""), prog("app", e -> {
            e.dependsOn = List.of("db");
            e.health = new supervisor.check.Liveness(new supervisor.check.Check.Tcp("127.0.0.1", 8080), 10, 1);
        }));
        loop.advance(2000);
        p("db").stop();
        host.exit(p("db").pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        loop.advance(10_000);
        host.lastProbe().answer().complete(false); // one failure restarts it
        loop.runReady();
        host.exit(p("app").pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        loop.advance(5000);
        assertEquals(ProcessState.STOPPED, p("app").state(), "the restart's start waits for db");
        assertEquals("waiting for db (STOPPED)", p("app").snapshot().waitingFor());
        s.dependencies().start(List.of(p("db")));
        loop.advance(1000);
        assertEquals(ProcessState.STARTING, p("app").state());
    }

    @Test
    void shutdownStopsDependentsBeforeTheirDependenciesWhateverTheirPriorities() {
        // by priority db (900) would go before app (100); app depends on db, so app goes first
        start(group("db", 900, program("db", p -> p)),
                group("app", 100, program("app", p -> edit(p, e -> e.dependsOn = List.of("db")))));
        loop.advance(2000);
        int db = p("db").pid();
        int app = p("app").pid();
        s.shutdown();
        loop.runReady();
        assertEquals(List.of(new ScriptedHost.Kill(app, Signals.SIGTERM)), host.kills);
        assertEquals(ProcessState.RUNNING, p("db").state());
        loop.advance(5000);
        assertEquals(1, host.kills.size(), "db waits for app to be gone");
        host.exit(app, WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(List.of(new ScriptedHost.Kill(app, Signals.SIGTERM), new ScriptedHost.Kill(db, Signals.SIGTERM)),
                host.kills);
        host.exit(db, WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertTrue(s.stopped().isDone());
    }

    @Test
    void aStopOfSeveralWaitsForEachDependentInTheSet() {
        start(prog("db", ""), prog("app", "db"), prog("other", ""));
        loop.advance(2000);
        List<Subprocess> all = List.of(p("db"), p("app"), p("other"));
        assertEquals(List.of(p("app"), p("db"), p("other")), s.dependencies().graph().stopOrder(all));
        CompletableFuture<Void> db = s.dependencies().afterDependents(p("db"), all);
        assertTrue(s.dependencies().afterDependents(p("app"), all).isDone());
        assertTrue(s.dependencies().afterDependents(p("other"), all).isDone());
        assertTrue(s.dependencies().afterDependents(p("db"), List.of(p("db"))).isDone(), "app is not being stopped");
        assertFalse(db.isDone());
        p("app").stop();
        host.exit(p("app").pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertTrue(db.isDone());
    }

    @Test
    void aStopEndsAWaitToStart() {
        start(prog("db", e -> e.autostart = false), prog("app", "db"));
        assertTrue(s.dependencies().isWaiting(p("app")));
        s.dependencies().cancel(p("app"));
        assertNull(p("app").snapshot().waitingFor());
        s.dependencies().start(List.of(p("db")));
        loop.advance(5000);
        assertEquals(ProcessState.STOPPED, p("app").state(), "nothing waits to start app any more");
    }

    @Test
    void nothingIsStartedOnceTheSupervisorIsGoingDown() {
        start(prog("db", ""), prog("app", "db"));
        s.shutdown();
        loop.advance(1000);
        host.exit(p("db").pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.advance(5000);
        assertEquals(List.of("STARTING db @0"), entered("STARTING"));
        assertFalse(s.dependencies().isWaiting(p("app")));
    }
}
