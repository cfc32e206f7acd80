package supervisor.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The methods a server offers, by full name ({@code namespace.method}), and the dispatch rules
 * supervisord applies to them. The {@code system} namespace (listMethods, methodHelp,
 * methodSignature, multicall) is built in.
 *
 * <p>Dispatch rules: a name with other than exactly two dot-separated parts, a method part
 * starting with {@code _}, or an unknown name is a bare UNKNOWN_METHOD; a parameter count outside
 * the registered range is a bare INCORRECT_PARAMETERS.
 *
 * <p>Thread safety: registration and calls may happen from any thread; the usual pattern is to
 * register everything at startup.
 */
public final class RpcRegistry {
    /** Use as maxArgs for a method that takes any number of trailing parameters. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** Code point order, as Python sorts strings (String.compareTo compares UTF-16 units). */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    record Registered(int minArgs, int maxArgs, String doc, RpcMethod method) {
    }

    private final Map<String, Registered> methods = new ConcurrentHashMap<>();
    /** Calls of registered methods by the name called (inside system.multicall too); unknown names are not kept. */
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    /** The faults those calls answered with, by method and fault name. */
    private final Map<MethodFault, LongAdder> faults = new ConcurrentHashMap<>();

    /** A registered method and the name of a fault it answered with (the number for a code supervisord lacks). */
    public record MethodFault(String method, String fault) {
    }

    public RpcRegistry() {
        SystemMethods.install(this);
    }

    /**
     * Offers {@code method} as {@code fullName}.
     *
     * @param doc the text system.methodHelp returns verbatim; its {@code @param <type> <name>} and
     *     {@code @return <type>} lines make system.methodSignature's answer. null reads as "None".
     * @throws IllegalArgumentException if the name is not addressable or already taken, or the
     *     argument range is empty
     */
    public void register(String fullName, int minArgs, int maxArgs, String doc, RpcMethod method) {
        checkAddressable(fullName);
        if (minArgs < 0 || maxArgs < minArgs) {
            throw new IllegalArgumentException("bad argument range " + minArgs + ".." + maxArgs + " for " + fullName);
        }
        add(fullName, new Registered(minArgs, maxArgs, doc == null ? "None" : doc, method));
    }

    /** Offers an already registered method under a second name (listed, with the same doc). */
    public void alias(String aliasName, String targetName) {
        checkAddressable(aliasName);
        Registered target = methods.get(targetName);
        if (target == null) {
            throw new IllegalArgumentException("no method " + targetName + " to alias as " + aliasName);
        }
        add(aliasName, target);
    }

    private void add(String name, Registered registered) {
        if (methods.putIfAbsent(name, registered) != null) {
            throw new IllegalArgumentException("method already registered: " + name);
        }
    }

    private static void checkAddressable(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty() || parts[1].startsWith("_")) {
            throw new IllegalArgumentException("not an addressable method name: " + name);
        }
    }

    /** Every registered name, aliases and system.* included, in code point order. */
    public List<String> methodNames() {
        List<String> names = new ArrayList<>(methods.keySet());
        names.sort(CODE_POINT_ORDER);
        return names;
    }

    /** The documentation of a registered name, or null. */
    public String doc(String fullName) {
        Registered r = methods.get(fullName);
        return r == null ? null : r.doc();
    }

    /** How often each registered method was called since this registry was made, by name, sorted. */
    public Map<String, Long> callCounts() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((name, n) -> counts.put(name, n.sum()));
        return counts;
    }

    /** How often each registered method answered with each fault, by method then fault name. */
    public Map<MethodFault, Long> faultCounts() {
        Map<MethodFault, Long> counts = new TreeMap<>(
                Comparator.comparing(MethodFault::method).thenComparing(MethodFault::fault));
        faults.forEach((key, n) -> counts.put(key, n.sum()));
        return counts;
    }

    /**
     * Calls a method by the dispatch rules. The future completes with the method's value, or
     * exceptionally with its RpcFault or other exception (never wrapped in CompletionException).
     * For a deferred method it completes on the thread that completes the method's stage.
     */
    public CompletableFuture<Object> call(String methodName, List<?> params) {
        Object result;
        try {
            result = invoke(methodName, params);
        } catch (Exception | StackOverflowError e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!(result instanceof CompletionStage<?> stage)) {
            return CompletableFuture.completedFuture(result);
        }
        CompletableFuture<Object> answer = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                answer.complete(value);
            } else {
                answer.completeExceptionally(Futures.cause(error));
            }
        });
        return answer;
    }

    /** Resolves and runs a method; returns its raw result, a value or a CompletionStage. */
    Object invoke(String methodName, Object params) throws Exception {
        Registered target = resolve(methodName);
        calls.computeIfAbsent(methodName, k -> new LongAdder()).increment();
        Object result;
        try {
            if (!(params instanceof List<?> list)) {
                // supervisord unpacks params with *; a non-sequence is a TypeError there
                throw new RpcFault(FaultCode.INCORRECT_PARAMETERS);
            }
            if (list.size() < target.minArgs() || list.size() > target.maxArgs()) {
                throw new RpcFault(FaultCode.INCORRECT_PARAMETERS);
            }
            result = target.method().invoke(new Args(list));
        } catch (RpcFault fault) {
            countFault(methodName, fault);
            throw fault;
        }
        if (result instanceof CompletionStage<?> stage) {
            // a deferred fault is counted when it comes; the caller's answer is the stage itself
            stage.whenComplete((value, error) -> {
                if (error != null && Futures.cause(error) instanceof RpcFault fault)
                    countFault(methodName, fault);
            });
        }
        return result;
    }

    private void countFault(String methodName, RpcFault fault) {
        String name = fault.code() == null ? Integer.toString(fault.faultCode()) : fault.code().name();
        faults.computeIfAbsent(new MethodFault(methodName, name), k -> new LongAdder()).increment();
    }

    private Registered resolve(String methodName) {
        int dot = methodName.indexOf('.');
        if (dot < 0 || methodName.indexOf('.', dot + 1) >= 0 || methodName.startsWith("_", dot + 1)) {
            throw new RpcFault(FaultCode.UNKNOWN_METHOD);
        }
        Registered target = methods.get(methodName);
        if (target == null) {
            throw new RpcFault(FaultCode.UNKNOWN_METHOD);
        }
        return target;
    }
}
