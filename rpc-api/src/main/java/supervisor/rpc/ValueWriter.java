package supervisor.rpc;

import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import supervisor.python.PyFloat;

/**
 * Writes values the way Python's {@code xmlrpc.client.Marshaller} does, character for character:
 * one {@code <value>} per line, only {@code & < >} escaped, no {@code <nil/>}.
 *
 * <p>Unencodable values (null, an integer outside 32 bits, a non-string struct key, a cyclic
 * container, an unknown type) throw {@link IllegalArgumentException}; the server then answers
 * HTTP 500, as supervisord does when its marshaller raises.
 */
final class ValueWriter {
    private static final Base64.Encoder BASE64_LINES = Base64.getMimeEncoder(76, new byte[] {'\n'});

    private final StringBuilder out;
    /** The containers being written, outermost first: a value met again inside itself is a cycle. */
    private final List<Object> open = new ArrayList<>();

    ValueWriter(StringBuilder out) {
        this.out = out;
    }

    void write(Object value) {
        switch (value) {
            case null -> throw new IllegalArgumentException("cannot marshal None (null)");
            case Boolean b -> out.append("<value><boolean>").append(b ? '1' : '0').append("</boolean></value>\n");
            case Integer i -> writeInt(i);
            case Long l -> writeInt(checkedInt(BigInteger.valueOf(l)));
            case Short s -> writeInt(s);
            case Byte b -> writeInt(b);
            case BigInteger big -> writeInt(checkedInt(big));
            case Double d -> writeDouble(d);
            case Float f -> writeDouble(f);
            case String s -> out.append("<value><string>").append(escape(s)).append("</string></value>\n");
            case byte[] bytes -> writeBase64(bytes);
            case LocalDateTime t -> out.append("<value><dateTime.iso8601>")
                    .append(IsoDateTime.format(t)).append("</dateTime.iso8601></value>\n");
            case List<?> list -> writeArray(list, list);
            case Object[] array -> writeArray(array, List.of(array));
            case Map<?, ?> map -> writeStruct(map);
            default -> throw new IllegalArgumentException("cannot marshal " + value.getClass().getName());
        }
    }

    private void writeInt(int i) {
        out.append("<value><int>").append(i).append("</int></value>\n");
    }

    private static int checkedInt(BigInteger value) {
        if (value.bitLength() > 31) {
            throw new IllegalArgumentException("int exceeds XML-RPC limits: " + value);
        }
        return value.intValue();
    }

    private void writeDouble(double d) {
        out.append("<value><double>").append(PyFloat.repr(d)).append("</double></value>\n");
    }

    private void writeBase64(byte[] bytes) {
        out.append("<value><base64>\n");
        if (bytes.length > 0) {
            // Python's base64.encodebytes ends every line, the last one included, with a newline.
            out.append(BASE64_LINES.encodeToString(bytes)).append('\n');
        }
        out.append("</base64></value>\n");
    }

    private void writeArray(Object identity, List<?> items) {
        enter(identity);
        out.append("<value><array><data>\n");
        for (Object item : items) {
            write(item);
        }
        out.append("</data></array></value>\n");
        open.removeLast();
    }

    private void writeStruct(Map<?, ?> map) {
        enter(map);
        out.append("<value><struct>\n");
        for (Map.Entry<?, ?> member : map.entrySet()) {
            out.append("<member>\n");
            if (!(member.getKey() instanceof String name)) {
                throw new IllegalArgumentException("dictionary key must be string: " + member.getKey());
            }
            out.append("<name>").append(escape(name)).append("</name>\n");
            write(member.getValue());
            out.append("</member>\n");
        }
        out.append("</struct></value>\n");
        open.removeLast();
    }

    private void enter(Object container) {
        // nesting is shallow (a few levels), so a linear look beats hashing every container
        for (Object o : open) {
            if (o == container) {
                throw new IllegalArgumentException("cannot marshal recursive containers");
            }
        }
        open.add(container);
    }

    /** Exactly Python's xml escaping for the marshaller: quotes stay raw. */
    static String escape(String s) {
        if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
