package supervisor.rpc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import supervisor.python.PyInt;

/**
 * The positional parameters of one call, with conversions that follow what supervisord's Python
 * code does with its arguments.
 *
 * <p>Where supervisord's method would crash with a non-fault exception on a wrongly typed
 * argument (an int where a process name is expected, a non-numeric offset), supervisord answers
 * HTTP 500. These accessors throw {@code RpcFault(INCORRECT_PARAMETERS)} instead: still an
 * error for every client (supervisorctl reports both the same way), but a readable one.
 */
public final class Args {
    private final List<Object> values;

    public Args(List<?> values) {
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static Args of(Object... values) {
        return new Args(Arrays.asList(values));
    }

    public int size() {
        return values.size();
    }

    /** Whether a parameter was sent at this position. */
    public boolean has(int index) {
        return index >= 0 && index < values.size();
    }

    /** The raw value (may be null for {@code <nil/>}); an absent one is INCORRECT_PARAMETERS. */
    public Object get(int index) {
        if (!has(index)) {
            throw new RpcFault(FaultCode.INCORRECT_PARAMETERS);
        }
        return values.get(index);
    }

    /** All parameters, unmodifiable. */
    public List<Object> asList() {
        return values;
    }

    /** A parameter that must be a string. */
    public String string(int index) {
        if (get(index) instanceof String s) {
            return s;
        }
        throw new RpcFault(FaultCode.INCORRECT_PARAMETERS);
    }

    /**
     * A flag such as {@code wait}: the default when absent, else the value's Python truth
     * (supervisord only tests {@code if wait:}), so "false" as a string is true, 0 is false.
     */
    public boolean bool(int index, boolean defaultValue) {
        return has(index) ? truth(values.get(index)) : defaultValue;
    }

    /**
     * A number such as an offset or a length, converted as Python's {@code int()} would: an
     * integer, a boolean (0/1), a double (truncated) or a numeric string. Anything else, or a
     * value outside 32 bits, is INCORRECT_PARAMETERS.
     */
    public int integer(int index) {
        Object value = get(index);
        try {
            Number n = switch (value) {
                case Integer i -> i;
                case Long l -> l;
                case BigInteger b -> b;
                case Boolean b -> b ? 1 : 0;
                case Double d when Double.isFinite(d) -> (long) d.doubleValue();
                case String s -> PyInt.valueOf(s);
                case null, default -> throw new RpcFault(FaultCode.INCORRECT_PARAMETERS);
            };
            if (n instanceof Integer i) {
                return i;
            }
            if (n instanceof Long l && l == l.intValue()) {
                return l.intValue();
            }
        } catch (NumberFormatException e) {
            // falls through to the fault
        }
        throw new RpcFault(FaultCode.INCORRECT_PARAMETERS);
    }

    /** Python's truth value of a decoded XML-RPC value. */
    static boolean truth(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case Integer i -> i != 0;
            case Long l -> l != 0;
            case BigInteger b -> b.signum() != 0;
            case Double d -> d != 0.0;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case byte[] b -> b.length > 0;
            default -> true;
        };
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
