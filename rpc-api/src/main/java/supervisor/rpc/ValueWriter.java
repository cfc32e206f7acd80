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
 * one {@code <value>} per line, only {@code & < >} escaped, no {@code <nil/>}. Strings and
 * member names, the one way text gets into a message, go through {@link Utf8Builder#escaped},
 * which keeps them well-formed (see {@link XmlChars}).
 *
 * <p>Unencodable values (null, an integer outside 32 bits, a non-string struct key, a cyclic
 * container, an unknown type) throw {@link IllegalArgumentException}; the server then answers
 * HTTP 500, as supervisord does when its marshaller raises.
 */
final class ValueWriter {
    private static final Base64.Encoder BASE64_LINES = Base64.getMimeEncoder(76, new byte[] {'\n'});

    private final Utf8Builder out;
    /** The containers being written, outermost first: a value met again inside itself is a cycle. */
    private final List<Object> open = new ArrayList<>();

    ValueWriter(Utf8Builder out) {
        this.out = out;
    }

    void write(Object value) {
        switch (value) {
            case null -> throw new IllegalArgumentException("cannot marshal None (null)");
            case Boolean b -> out.ascii("<value><boolean>").ascii(b ? '1' : '0').ascii("</boolean></value>\n");
            case Integer i -> writeInt(i);
            case Long l -> writeInt(checkedInt(BigInteger.valueOf(l)));
            case Short s -> writeInt(s);
            case Byte b -> writeInt(b);
            case BigInteger big -> writeInt(checkedInt(big));
            case Double d -> writeDouble(d);
            case Float f -> writeDouble(f);
            case String s -> out.ascii("<value><string>").escaped(s).ascii("</string></value>\n");
            case byte[] bytes -> writeBase64(bytes);
            case LocalDateTime t -> out.ascii("<value><dateTime.iso8601>")
                    .ascii(IsoDateTime.format(t)).ascii("</dateTime.iso8601></value>\n");
            case List<?> list -> writeArray(list, list);
            case Object[] array -> writeArray(array, List.of(array));
            case Map<?, ?> map -> writeStruct(map);
            default -> throw new IllegalArgumentException("cannot marshal " + value.getClass().getName());
        }
    }

    private void writeInt(int i) {
        out.ascii("<value><int>").number(i).ascii("</int></value>\n");
    }

    private static int checkedInt(BigInteger value) {
        if (value.bitLength() > 31) {
            throw new IllegalArgumentException("int exceeds XML-RPC limits: " + value);
        }
        return value.intValue();
    }

    private void writeDouble(double d) {
        out.ascii("<value><double>").ascii(PyFloat.repr(d)).ascii("</double></value>\n");
    }

    private void writeBase64(byte[] bytes) {
        out.ascii("<value><base64>\n");
        if (bytes.length > 0) {
            // Python's base64.encodebytes ends every line, the last one included, with a newline.
            out.ascii(BASE64_LINES.encodeToString(bytes)).ascii('\n');
        }
        out.ascii("</base64></value>\n");
    }

    private void writeArray(Object identity, List<?> items) {
        enter(identity);
        out.ascii("<value><array><data>\n");
        for (Object item : items) {
            write(item);
        }
        out.ascii("</data></array></value>\n");
        open.removeLast();
    }

    private void writeStruct(Map<?, ?> map) {
        enter(map);
        out.ascii("<value><struct>\n");
        for (Map.Entry<?, ?> member : map.entrySet()) {
            out.ascii("<member>\n");
            if (!(member.getKey() instanceof String name)) {
                throw new IllegalArgumentException("dictionary key must be string: " + member.getKey());
            }
            out.ascii("<name>").escaped(name).ascii("</name>\n");
            write(member.getValue());
            out.ascii("</member>\n");
        }
        out.ascii("</struct></value>\n");
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
}
