package supervisor.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import supervisor.testing.Json;

/**
 * One scenario run: a started supervisord, the place its clients run (host or container), and the
 * transcript of every client step, normalised. Scenarios drive everything through here, so every
 * step they take is part of what gets compared between implementations.
 */
public final class Session {

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private final Supervisord daemon;
    private final CommandRunner runner;
    private final Transcript transcript = new Transcript();
    private final Path rpcScript;

    public Session(Supervisord daemon, CommandRunner runner) {
        this.daemon = daemon;
        this.runner = runner;
        this.rpcScript = installRpcScript(daemon.conf().dir());
    }

    private static Path installRpcScript(Path dir) {
        // Copied into the config folder, which containers see at the same path.
        Path target = dir.resolve("rpc_client.py");
        try (InputStream in = Session.class.getResourceAsStream("/rpc_client.py")) {
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    public Supervisord daemon() {
        return daemon;
    }

    public SupervisorConf conf() {
        return daemon.conf();
    }

    public Transcript transcript() {
        return transcript;
    }

    /** {@code supervisorctl -c <conf> [-u user -p password] args...}: the unix socket, as a configured user would. */
    public ExecResult ctl(String... args) {
        return ctlWith(credentials(), args);
    }

    /** {@code supervisorctl -c <conf> <options> args...} with exactly the given options (e.g. -s, -u, -p). */
    public ExecResult ctlWith(List<String> options, String... args) {
        List<String> argv = new ArrayList<>(List.of(runner.supervisorctl(), "-c", conf().file().toString()));
        argv.addAll(options);
        argv.addAll(Arrays.asList(args));
        ExecResult r = runner.run(CLIENT_TIMEOUT, argv);
        record(options, args, r.stdout(), r);
        return r;
    }

    /** {@code supervisorctl -c <conf> args...} reading {@code input} from stdin: the interactive shell. */
    public ExecResult ctlInput(String input, String... args) {
        List<String> argv = new ArrayList<>(List.of(runner.supervisorctl(), "-c", conf().file().toString()));
        argv.addAll(credentials());
        argv.addAll(Arrays.asList(args));
        ExecResult r = runner.run(CLIENT_TIMEOUT, argv, input);
        transcript.add(normalize("$ printf " + Normalizer.quoted(input) + " | supervisorctl " + String.join(" ", args)
                + "\n" + r.stdout() + (r.stderr().isEmpty() ? "" : "[stderr] " + r.stderr()) + "[exit " + r.exitCode() + "]"));
        return r;
    }

    /** Any command line of the client's machine, its output recorded (e.g. supervisorctl under timeout). */
    public ExecResult exec(List<String> argv) {
        ExecResult r = runner.run(CLIENT_TIMEOUT, argv);
        transcript.add(normalize("$ " + String.join(" ", argv).replace(runner.supervisorctl(), "supervisorctl") + "\n"
                + r.stdout() + (r.stderr().isEmpty() ? "" : "[stderr] " + r.stderr()) + "[exit " + r.exitCode() + "]"));
        return r;
    }

    /** The supervisorctl this session's clients run. */
    public String supervisorctl() {
        return runner.supervisorctl();
    }

    /**
     * Like {@link #ctl}, but the transcript keeps only the command and its exit status: for
     * output that cannot match between two daemons byte for byte (the activity log, with its
     * timestamps) and for polling, whose number of rounds varies. Assert on the result instead.
     */
    public ExecResult ctlUnrecorded(String... args) {
        List<String> argv = new ArrayList<>(List.of(runner.supervisorctl(), "-c", conf().file().toString()));
        argv.addAll(credentials());
        argv.addAll(Arrays.asList(args));
        return runner.run(CLIENT_TIMEOUT, argv);
    }

    /**
     * Like {@link #ctl} for group and `all` commands, whose lines come in completion order:
     * the transcript holds them sorted, so only their content is compared.
     */
    public ExecResult ctlUnordered(String... args) {
        List<String> options = credentials();
        List<String> argv = new ArrayList<>(List.of(runner.supervisorctl(), "-c", conf().file().toString()));
        argv.addAll(options);
        argv.addAll(Arrays.asList(args));
        ExecResult r = runner.run(CLIENT_TIMEOUT, argv);
        record(options, args, r.lines().stream().sorted().map(l -> l + "\n").reduce("", String::concat), r);
        return r;
    }

    private void record(List<String> options, String[] args, String stdout, ExecResult r) {
        transcript.add(normalize("$ supervisorctl " + String.join(" ", redact(options)) + (options.isEmpty() ? "" : " ")
                + String.join(" ", args) + "\n" + stdout
                + (r.stderr().isEmpty() ? "" : "[stderr] " + r.stderr()) + "[exit " + r.exitCode() + "]"));
    }

    private List<String> credentials() {
        return conf().username() == null ? List.of() : List.of("-u", conf().username(), "-p", conf().password());
    }

    /** supervisorctl options that reach the inet port with the given credentials (null: none). */
    public List<String> inet(String username, String password) {
        List<String> options = new ArrayList<>(List.of("-s", conf().inetUrl()));
        if (username != null) {
            options.addAll(List.of("-u", username));
        }
        if (password != null) {
            options.addAll(List.of("-p", password));
        }
        return options;
    }

    private static List<String> redact(List<String> options) {
        List<String> shown = new ArrayList<>(options);
        for (int k = 0; k + 1 < shown.size(); k++) {
            if (shown.get(k).equals("-p")) {
                shown.set(k + 1, "*".repeat(shown.get(k + 1).length()));
            }
        }
        return shown;
    }

    /** One XML-RPC call from Python's xmlrpc.client. */
    public RpcReply rpc(Endpoint endpoint, String method, Object... params) {
        List<Object> call = new ArrayList<>();
        call.add(method);
        call.addAll(Arrays.asList(params));
        return rpcs(endpoint, List.of(call)).getFirst();
    }

    /** Several calls from one Python process (one proxy), in order. Each call is [method, params...]. */
    /**
     * Like {@link #rpc} for group and all calls, whose result arrays list waited-for processes in
     * completion order: the transcript holds the elements sorted, so only their content is compared.
     */
    public RpcReply rpcUnordered(Endpoint endpoint, String method, Object... params) {
        List<Object> call = new ArrayList<>();
        call.add(method);
        call.addAll(Arrays.asList(params));
        RpcReply reply = call(endpoint, List.of(call), false).getFirst();
        String content = reply.result() instanceof List<?> list
                ? list.stream().map(Json::write).sorted().toList().toString() : reply.json();
        transcript.add(normalize("> " + Json.write(call) + " via " + endpoint.label() + " (unordered)\n" + content));
        return reply;
    }

    /** Like {@link #rpc} without a transcript entry: for polling, whose number of rounds varies. */
    public RpcReply rpcUnrecorded(Endpoint endpoint, String method, Object... params) {
        List<Object> call = new ArrayList<>();
        call.add(method);
        call.addAll(Arrays.asList(params));
        return call(endpoint, List.of(call), false).getFirst();
    }

    public List<RpcReply> rpcs(Endpoint endpoint, List<List<Object>> calls) {
        return call(endpoint, calls, true);
    }

    private List<RpcReply> call(Endpoint endpoint, List<List<Object>> calls, boolean recorded) {
        List<String> argv = List.of(runner.python(), rpcScript.toString(), endpoint.url(),
                endpoint.username() == null ? "" : endpoint.username(),
                endpoint.password() == null ? "" : endpoint.password(), Json.write(calls));
        ExecResult r = runner.run(CLIENT_TIMEOUT, argv);
        if (r.exitCode() != 0) {
            throw new AssertionError("the Python client failed: " + r);
        }
        List<RpcReply> replies = r.lines().stream().map(RpcReply::parse).toList();
        if (replies.size() != calls.size()) {
            throw new AssertionError("expected " + calls.size() + " replies: " + r);
        }
        for (int k = 0; recorded && k < calls.size(); k++) {
            // The daemon's own pid is the one number no text pattern can recognise.
            String reply = calls.get(k).getFirst().equals("supervisor.getPID") && replies.get(k).result() instanceof Long
                    ? "{\"result\": <pid>}" : replies.get(k).json();
            transcript.add(normalize("> " + Json.write(calls.get(k)) + " via " + endpoint.label() + "\n" + reply));
        }
        return replies;
    }

    /** Adds an observation of the scenario's own (e.g. a derived fact) to the compared transcript. */
    public void note(String observation) {
        transcript.add("# " + normalize(observation));
    }

    public String normalize(String text) {
        return Normalizer.normalize(text, conf());
    }

    /** Waits until a process reaches a state (not part of the transcript: only the outcome matters). */
    public void awaitState(String namespec, String state) {
        daemon.awaitState(namespec, state, Duration.ofSeconds(30));
    }
}
