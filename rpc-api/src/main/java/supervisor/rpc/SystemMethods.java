package supervisor.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code system} namespace: introspection and multicall, over whatever the registry holds.
 * Docs are laid out like Python docstrings (see {@link Docstring}) because clients show methodHelp
 * text as is.
 */
final class SystemMethods {
    private static final String LIST_METHODS_DOC = Docstring.of(
            "List the names of all methods this server offers, system methods included.",
            "",
            "@return array result  The method names (strings), sorted");
    private static final String METHOD_HELP_DOC = Docstring.of(
            "Give the documentation text of one method.",
            "",
            "@param string name  The full method name, e.g. supervisor.getState",
            "@return string result  The documentation of that method");
    private static final String METHOD_SIGNATURE_DOC = Docstring.of(
            "Describe a method's signature as an array of type names: the",
            "return type first, then the type of each parameter in order.",
            "",
            "@param string name  The full method name",
            "@return array result  The type names, e.g. [boolean, string, boolean]");
    private static final String MULTICALL_DOC = Docstring.of(
            "Run several calls in one request, strictly one after the other,",
            "and answer with one entry per call: the value the call returned, or a",
            "struct {faultCode: int, faultString: string} when it failed.",
            "",
            "@param array calls  Structs {methodName: string, params: array}",
            "@return array result  One result per call, in call order");

    private final RpcRegistry registry;

    private SystemMethods(RpcRegistry registry) {
        this.registry = registry;
    }

    static void install(RpcRegistry registry) {
        SystemMethods system = new SystemMethods(registry);
        registry.register("system.listMethods", 0, 0, LIST_METHODS_DOC, args -> registry.methodNames());
        registry.register("system.methodHelp", 1, 1, METHOD_HELP_DOC, system::methodHelp);
        registry.register("system.methodSignature", 1, 1, METHOD_SIGNATURE_DOC, system::methodSignature);
        registry.register("system.multicall", 1, 1, MULTICALL_DOC, system::multicall);
    }

    private Object methodHelp(Args args) {
        String doc = args.get(0) instanceof String name ? registry.doc(name) : null;
        if (doc == null) {
            throw new RpcFault(FaultCode.SIGNATURE_UNSUPPORTED);
        }
        return doc;
    }

    private Object methodSignature(Args args) {
        String doc = args.get(0) instanceof String name ? registry.doc(name) : null;
        List<String> signature = doc == null ? null : DocTags.signature(doc);
        if (signature == null) {
            throw new RpcFault(FaultCode.SIGNATURE_UNSUPPORTED);
        }
        return new ArrayList<Object>(signature);
    }

    /**
     * Runs the calls in order. A deferred call delays the ones after it: the rest continue when
     * its stage completes, on the completing thread; nothing waits on a thread meanwhile.
     * Successful entries are the bare values, as supervisord 4.2.5 answers (not the one-element
     * arrays of the usual multicall convention).
     */
    private Object multicall(Args args) {
        if (!(args.get(0) instanceof List<?> calls)) {
            throw new RpcFault(FaultCode.INCORRECT_PARAMETERS);
        }
        // supervisord crashes (HTTP 500) on a non-struct entry only when it reaches it, after
        // running the entries before it; refusing the whole batch up front has no side effects.
        for (Object call : calls) {
            if (!(call instanceof Map<?, ?>)) {
                throw new RpcFault(FaultCode.INCORRECT_PARAMETERS);
            }
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        runFrom(calls, 0, new ArrayList<>(calls.size()), done);
        return done.isDone() ? done.join() : done;
    }

    private void runFrom(List<?> calls, int first, List<Object> results, CompletableFuture<Object> done) {
        for (int i = first; i < calls.size(); i++) {
            CompletableFuture<Object> entry = runOne((Map<?, ?>) calls.get(i));
            if (!entry.isDone()) {
                int next = i + 1;
                entry.whenComplete((value, error) -> {
                    results.add(value);
                    runFrom(calls, next, results, done);
                });
                return;
            }
            results.add(entry.join());
        }
        done.complete(results);
    }

    /** One entry's result: never fails, faults and errors become fault structs. */
    private CompletableFuture<Object> runOne(Map<?, ?> call) {
        Object name = call.get("methodName");
        Object params = call.containsKey("params") ? call.get("params") : List.of();
        Object result;
        try {
            if (name == null) {
                throw new RpcFault(FaultCode.INCORRECT_PARAMETERS, "No methodName");
            }
            if (!(name instanceof String methodName)) {
                throw new RpcFault(FaultCode.INCORRECT_PARAMETERS);
            }
            if (methodName.equals("system.multicall")) {
                throw new RpcFault(FaultCode.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
            }
            result = registry.invoke(methodName, params);
        } catch (Exception e) {
            return CompletableFuture.completedFuture(faultStruct(e));
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.toCompletableFuture()
                    .handle((value, error) -> error == null ? value : faultStruct(Futures.cause(error)));
        }
        return CompletableFuture.completedFuture(result);
    }

    private static Map<String, Object> faultStruct(Throwable error) {
        RpcFault fault = error instanceof RpcFault f
                ? f
                // same shape as supervisord's "FAILED: <class 'X'>:message"
                : new RpcFault(FaultCode.FAILED, "<class '" + error.getClass().getName() + "'>:"
                        + (error.getMessage() == null ? "" : error.getMessage()));
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("faultCode", fault.faultCode());
        struct.put("faultString", fault.faultString());
        return struct;
    }
}
