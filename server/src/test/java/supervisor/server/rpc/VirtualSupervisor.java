package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import supervisor.config.Config;
import supervisor.config.ConfigException;
import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.config.ProcessConfig;
import supervisor.logging.ActivityLog;
import supervisor.process.ManualLoop;
import supervisor.process.Namespec;
import supervisor.process.Programs;
import supervisor.process.ScriptedHost;
import supervisor.process.Subprocess;
import supervisor.process.Supervisor;
import supervisor.rpc.Futures;
import supervisor.rpc.RpcFault;
import supervisor.rpc.RpcRegistry;
import supervisor.rpc.XmlRpcCodec;

/**
 * A supervisor on virtual time ({@link ManualLoop}, children on paper in a {@link ScriptedHost})
 * with the real {@code supervisor.*} namespace in a real registry: tests call methods as the
 * HTTP layer does and let the loop work with {@code loop.runReady()} and {@code loop.advance(ms)}.
 */
final class VirtualSupervisor {
    static final String IDENTIFIER = "rpctest";

    final ManualLoop loop = new ManualLoop();
    final ScriptedHost host = new ScriptedHost();
    final Supervisor supervisor;
    final RpcRegistry registry = new RpcRegistry();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    /** What the next reloadConfig reads: a config, or a ConfigException to throw. */
    private Object nextConfig;

    /**
     * Starts a supervisor of these groups, as supervisord does at start-up (autostart
     * processes are spawned before this returns).
     *
     * @param activityLog the activity log file, or null for a log with no file (logfile=syslog)
     */
    VirtualSupervisor(Path activityLog, GroupConfig... groups) {
        ActivityLog log;
        try {
            log = activityLog == null ? ActivityLog.console(LogLevel.DEBUG, logBytes)
                    : ActivityLog.open(activityLog.toString(), 0, 0, LogLevel.DEBUG, logBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Config config = Programs.config(Programs.supervisord(IDENTIFIER), List.of(groups));
        nextConfig = config;
        supervisor = new Supervisor(config, log, loop, loop, host);
        new SupervisorNamespace(supervisor, this::reread).registerInto(registry);
        loop.execute(supervisor::start);
        loop.runReady();
    }

    private Config reread() throws ConfigException {
        if (nextConfig instanceof ConfigException e) {
            throw e;
        }
        return (Config) nextConfig;
    }

    /** The configuration file as the next reloadConfig finds it. */
    void configFileHolds(GroupConfig... groups) {
        nextConfig = Programs.config(Programs.supervisord(IDENTIFIER), List.of(groups));
    }

    /** The configuration file no longer parses: the next reloadConfig fails with this. */
    void configFileBroken(ConfigException e) {
        nextConfig = e;
    }

    /** Calls {@code supervisor.<method>} as the HTTP layer does, without letting the loop run. */
    CompletableFuture<Object> submit(String method, Object... params) {
        return registry.call("supervisor." + method, List.of(params));
    }

    /** Calls {@code supervisor.<method>} and lets the loop run what is ready (no time passes). */
    CompletableFuture<Object> call(String method, Object... params) {
        CompletableFuture<Object> f = submit(method, params);
        loop.runReady();
        return f;
    }

    /** The value a call answers with at once. */
    Object answer(String method, Object... params) {
        return valueOf(call(method, params));
    }

    /** The value of a call that has answered. */
    static Object valueOf(CompletableFuture<Object> f) {
        assertTrue(f.isDone(), "answered");
        if (f.isCompletedExceptionally()) {
            fail("answered with " + Futures.cause(f.exceptionNow()));
        }
        return f.join();
    }

    /** Asserts that a call has answered with this fault. */
    static void assertFault(int faultCode, String faultString, CompletableFuture<Object> f) {
        assertTrue(f.isDone(), "answered");
        assertTrue(f.isCompletedExceptionally(), () -> "a fault, not " + f.join());
        RpcFault fault = assertInstanceOf(RpcFault.class, Futures.cause(f.exceptionNow()));
        assertEquals(faultString, fault.faultString());
        assertEquals(faultCode, fault.faultCode());
    }

    static void assertPending(CompletableFuture<Object> f) {
        assertFalse(f.isDone(), () -> "still waiting, but answered " + (f.isCompletedExceptionally()
                ? Futures.cause(f.exceptionNow()) : f.join()));
    }

    /**
     * Asserts that a value goes on the wire as the expected one would: the same types, the same
     * struct members in the same order.
     */
    static void assertWire(Object expected, Object actual) {
        assertEquals(new String(XmlRpcCodec.encodeResponse(expected), StandardCharsets.UTF_8),
                new String(XmlRpcCodec.encodeResponse(actual), StandardCharsets.UTF_8));
    }

    /** A struct from member names and values, in that order. */
    static Map<String, Object> struct(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /** A result struct of the group and all calls. */
    static Map<String, Object> result(String name, String group, int status, String description) {
        return struct("name", name, "group", group, "status", status, "description", description);
    }

    static Map<String, Object> ok(String name, String group) {
        return result(name, group, 80, "OK");
    }

    /** A process with supervisord's defaults ({@link Programs#program}) changed by {@code change}. */
    static ProcessConfig program(String name, Consumer<Programs.Edit> change) {
        return Programs.program(name, p -> Programs.edit(p, change));
    }

    /** {@code [program:name]}: a group of one process of that name, priority 999. */
    static GroupConfig programGroup(String name, Consumer<Programs.Edit> change) {
        return Programs.group(name, 999, program(name, change));
    }

    /** The names of the processes spawned so far, in spawn order. */
    List<String> spawnedNames() {
        return host.spawned.stream().map(r -> r.env().get("SUPERVISOR_PROCESS_NAME")).toList();
    }

    /** The process a namespec names. */
    Subprocess process(String namespec) {
        Subprocess p = supervisor.process(Namespec.parse(namespec));
        assertTrue(p != null, "no process " + namespec);
        return p;
    }

    int pid(String namespec) {
        return process(namespec).pid();
    }

    /** Everything the activity log has said. */
    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** How many times the activity log has said this. */
    int logCount(String text) {
        String all = log();
        int n = 0;
        for (int at = all.indexOf(text); at >= 0; at = all.indexOf(text, at + text.length())) {
            n++;
        }
        return n;
    }
}
