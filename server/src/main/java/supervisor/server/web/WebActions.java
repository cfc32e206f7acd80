package supervisor.server.web;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import supervisor.rpc.FaultCode;
import supervisor.rpc.RpcFault;
import supervisor.rpc.RpcRegistry;

/**
 * The status page's actions, run through the XML-RPC methods so that they behave exactly like
 * the API (and wait like it: a start completes when the process is RUNNING or has failed).
 * Each action completes with the message the next page shows; faults become supervisord's
 * messages. An action that is not one of the page's fails with {@link UnknownAction}.
 */
final class WebActions {

    /** An action supervisord's page would not know what to do with (it answers HTTP 500). */
    static final class UnknownAction extends RuntimeException {
        UnknownAction(String action) {
            super("unknown web action: " + action, null, false, false);
        }
    }

    /** The rolling restart of the extension namespace, registered beside supervisor.* by the daemon. */
    private static final String RESTART_PROCESSES = "supervisor_ext.restartProcesses";

    private final RpcRegistry rpc;
    private final Supplier<ZonedDateTime> now;

    WebActions(RpcRegistry rpc, Supplier<ZonedDateTime> now) {
        this.rpc = rpc;
        this.now = now;
    }

    /**
     * @param action   never null or empty
     * @param namespec the process the action is for, or null
     */
    CompletableFuture<String> run(String action, String namespec) {
        switch (action) {
            case "refresh" -> {
                return CompletableFuture.completedFuture("Page refreshed at " + ctime());
            }
            case "stopall" -> {
                return rpc.call("supervisor.stopAllProcesses", List.of())
                        .thenApply(done -> "All stopped at " + ctime());
            }
            case "restartall" -> {
                // supervisord's page makes a stop-all and a start-all call; one rolling restart
                // does what they do, and keeps to restart_parallelism where it is set
                CompletableFuture<?> restart = rpc.methodNames().contains(RESTART_PROCESSES)
                        ? rpc.call(RESTART_PROCESSES, List.of(List.of("all")))
                        : multicall(call("supervisor.stopAllProcesses"), call("supervisor.startAllProcesses"));
                return restart.thenApply(done -> "All restarted at " + ctime());
            }
            default -> {
                if (namespec == null) {
                    return CompletableFuture.failedFuture(new UnknownAction(action));
                }
                // Whether the process exists is asked first, as supervisord does, so an unknown
                // name is reported the same way whatever the action.
                return rpc.call("supervisor.getProcessInfo", List.of(namespec)).handle((info, failure) -> {
                    if (failure instanceof RpcFault f && f.code() == FaultCode.BAD_NAME) {
                        return CompletableFuture.completedFuture("No such process named " + namespec);
                    }
                    return onProcess(action, namespec);
                }).thenCompose(message -> message);
            }
        }
    }

    private CompletableFuture<String> onProcess(String action, String namespec) {
        return switch (action) {
            case "start" -> rpc.call("supervisor.startProcess", List.of(namespec)).handle((ok, failure) ->
                    failure == null ? "Process " + namespec + " started"
                            : "ERROR: Process " + namespec + ": " + startFailure(failure));
            case "stop" -> rpc.call("supervisor.stopProcess", List.of(namespec)).handle((ok, failure) ->
                    failure == null ? "Process " + namespec + " stopped" : unexpected(failure));
            // one multicall, as supervisord does: a stop or start that fails is not reported
            case "restart" -> multicall(call("supervisor.stopProcess", namespec), call("supervisor.startProcess", namespec))
                    .thenApply(results -> "Process " + namespec + " restarted");
            case "clearlog" -> rpc.call("supervisor.clearProcessLogs", List.of(namespec)).handle((ok, failure) ->
                    failure == null ? "Log for " + namespec + " cleared" : unexpected(failure));
            default -> CompletableFuture.failedFuture(new UnknownAction(action));
        };
    }

    /** Why a start failed, in the words of supervisord's page. */
    private static String startFailure(Throwable failure) {
        if (!(failure instanceof RpcFault f)) {
            throw asUnchecked(failure);
        }
        if (f.code() == null) {
            return unexpected(f);
        }
        return switch (f.code()) {
            case NO_FILE -> "no such file";
            case NOT_EXECUTABLE -> "file not executable";
            case ALREADY_STARTED -> "already started";
            case SPAWN_ERROR -> "spawn error";
            case ABNORMAL_TERMINATION -> "abnormal termination";
            default -> unexpected(f);
        };
    }

    /** A fault the page has no words for; anything else than a fault is a server error. */
    private static String unexpected(Throwable failure) {
        if (!(failure instanceof RpcFault f)) {
            throw asUnchecked(failure);
        }
        return "unexpected rpc fault [" + f.faultCode() + "] " + f.faultString();
    }

    private static RuntimeException asUnchecked(Throwable failure) {
        return failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
    }

    private static Map<String, Object> call(String method, Object... params) {
        return Map.of("methodName", method, "params", List.of(params));
    }

    @SafeVarargs
    private CompletableFuture<Object> multicall(Map<String, Object>... calls) {
        return rpc.call("system.multicall", List.of(List.of((Object[]) calls)));
    }

    private String ctime() {
        return WebText.ctime(now.get());
    }
}
