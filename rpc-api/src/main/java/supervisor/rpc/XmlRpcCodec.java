package supervisor.rpc;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * {@code xmlrpc.client.dumps} writes. Client side: {@link #encodeCall} and {@link #decodeResponse}.
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
     *     a DOCTYPE or entity declaration, an unconvertible value, a missing or empty methodName
     */
    public static XmlRpcCall decodeCall(byte[] body) throws BadRequestException {
        return CallReader.read(body);
    }

    /**
     * Python's {@code dumps((value,), methodresponse=True)}.
     *
     * @throws IllegalArgumentException if the value cannot be encoded (the server answers 500)
     */
    public static byte[] encodeResponse(Object value) {
        StringBuilder out = new StringBuilder(256).append(XML_DECLARATION).append("<methodResponse>\n<params>\n<param>\n");
        new ValueWriter(out).write(value);
        out.append("</param>\n</params>\n</methodResponse>\n");
        return utf8(out);
    }

    /** Python's {@code dumps(Fault(faultCode, faultString))}. */
    public static byte[] encodeFault(int faultCode, String faultString) {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("faultCode", faultCode);
        struct.put("faultString", faultString);
        StringBuilder out = new StringBuilder(256).append(XML_DECLARATION).append("<methodResponse>\n<fault>\n");
        new ValueWriter(out).write(struct);
        out.append("</fault>\n</methodResponse>\n");
        return utf8(out);
    }

    public static byte[] encodeFault(RpcFault fault) {
        return encodeFault(fault.faultCode(), fault.faultString());
    }

    /**
     * Python's {@code dumps(tuple(params), methodName)}. Like Python, the method name is
     * written as given, unescaped.
     *
     * @throws IllegalArgumentException if a parameter cannot be encoded
     */
    public static byte[] encodeCall(String methodName, List<?> params) {
        StringBuilder out = new StringBuilder(256).append(XML_DECLARATION)
                .append("<methodCall>\n<methodName>").append(methodName).append("</methodName>\n<params>\n");
        ValueWriter writer = new ValueWriter(out);
        for (Object param : params) {
            out.append("<param>\n");
            writer.write(param);
            out.append("</param>\n");
        }
        out.append("</params>\n</methodCall>\n");
        return utf8(out);
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

    /**
     * Strict: a lone surrogate cannot be sent, as Python's encoder refuses it too. The encoder
     * works on an array, its fast path, rather than char by char through the text.
     */
    private static byte[] utf8(CharSequence text) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text.toString().toCharArray()));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text cannot be encoded as UTF-8 (lone surrogate)", e);
        }
    }
}
