package supervisor.rpc;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The XML-RPC wire format, both directions, as plain Java values.
 *
 * <p>Value model: String, Integer (Long/Short/Byte/BigInteger also encode when they fit in
 * 32 signed bits), Boolean, Double (Float encodes too), {@code List<Object>} (or Object[]),
 * {@code Map<String,Object>} (iteration order is member order: use LinkedHashMap), byte[]
 * (base64) and LocalDateTime (dateTime.iso8601). null cannot be encoded.
 *
 * <p>Server side: {@link #decodeCall} reads a methodCall by supervisord's lenient rules;
 * {@link #encodeResponse} and {@link #encodeFault} write exactly the bytes Python's
 * {@code xmlrpc.client.dumps} writes, but for the characters XML 1.0 cannot carry: Python copies
 * them and its own parser refuses the answer, ours sends a stand-in for each ({@link XmlChars}).
 * Client side: {@link #encodeCall} (which refuses such characters) and {@link #decodeResponse}.
 *
 * <p>All methods are static, stateless and safe from any thread.
 */
public final class XmlRpcCodec {
    private static final String XML_DECLARATION = "<?xml version='1.0'?>\n";

    private XmlRpcCodec() {
    }

    /**
     * Decodes a request body (see {@link CallReader} for supervisord's rules).
     *
     * @throws BadRequestException for anything supervisord answers with HTTP 400: malformed XML,
     *     a DOCTYPE or entity declaration, an unconvertible value, a missing or empty methodName;
     *     and {@link RequestTooLargeException} (HTTP 413) for a body that would take more memory
     *     to decode than a body of its size may (see {@link Footprint})
     */
    public static XmlRpcCall decodeCall(byte[] body) throws BadRequestException {
        return CallReader.read(body);
    }

    /**
     * Python's {@code dumps((value,), methodresponse=True)}, with a stand-in for each character
     * XML 1.0 cannot carry (log slices bring them from a child's output).
     *
     * @throws IllegalArgumentException if the value cannot be encoded (the server answers 500)
     */
    public static byte[] encodeResponse(Object value) {
        Utf8Builder out = Utf8Builder.response(512).ascii(XML_DECLARATION).ascii("<methodResponse>\n<params>\n<param>\n");
        new ValueWriter(out).write(value);
        return out.ascii("</param>\n</params>\n</methodResponse>\n").toByteArray();
    }

    /** Python's {@code dumps(Fault(faultCode, faultString))}, with stand-ins as in {@link #encodeResponse}. */
    public static byte[] encodeFault(int faultCode, String faultString) {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("faultCode", faultCode);
        struct.put("faultString", faultString);
        Utf8Builder out = Utf8Builder.response(256).ascii(XML_DECLARATION).ascii("<methodResponse>\n<fault>\n");
        new ValueWriter(out).write(struct);
        return out.ascii("</fault>\n</methodResponse>\n").toByteArray();
    }

    public static byte[] encodeFault(RpcFault fault) {
        return encodeFault(fault.faultCode(), fault.faultString());
    }

    /**
     * Python's {@code dumps(tuple(params), methodName)}. Like Python, the method name is
     * written as given, unescaped.
     *
     * @throws IllegalArgumentException if a parameter cannot be encoded, a string with a
     *     character XML 1.0 cannot carry included (a stand-in would change what is sent)
     */
    public static byte[] encodeCall(String methodName, List<?> params) {
        Utf8Builder out = Utf8Builder.call(256).ascii(XML_DECLARATION)
                .ascii("<methodCall>\n<methodName>").text(methodName).ascii("</methodName>\n<params>\n");
        ValueWriter writer = new ValueWriter(out);
        for (Object param : params) {
            out.ascii("<param>\n");
            writer.write(param);
            out.ascii("</param>\n");
        }
        return out.ascii("</params>\n</methodCall>\n").toByteArray();
    }

    /**
     * Reads a methodResponse: returns its value, or throws the fault it carries.
     *
     * @throws RpcFault when the response is a fault
     * @throws IOException when the body is not a well-formed methodResponse
     */
    public static Object decodeResponse(byte[] body) throws IOException {
        return ResponseReader.read(body);
    }
}
