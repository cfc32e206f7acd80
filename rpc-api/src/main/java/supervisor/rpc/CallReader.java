package supervisor.rpc;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import supervisor.python.PyFloat;
import supervisor.python.PyInt;
import supervisor.rpc.XmlElements.Element;
import supervisor.rpc.XmlElements.XmlSyntaxException;

/**
 * Decodes a methodCall by supervisord's own lenient rules (its {@code loads}, not Python's
 * standard unmarshaller): each known element is turned into a value when it ends, unknown
 * elements keep their raw text, and the root element's name is not checked.
 *
 * <ul>
 *   <li>{@code <boolean>} is true only for the text {@code 1};</li>
 *   <li>untyped {@code <value>text</value>} and {@code <string>} are strings, empty ones {@code ""};</li>
 *   <li>{@code <base64>} is decoded and then read as UTF-8 text: the server sees a string;</li>
 *   <li>{@code <i8>}, {@code <nil/>} and other unknown types give their raw text, or null;</li>
 *   <li>{@code <params>} may be absent; the last {@code <methodName>} and {@code <params>} win.</li>
 * </ul>
 * Whatever makes supervisord's unmarshaller raise makes this one throw BadRequestException.
 */
final class CallReader implements XmlElements.EndHandler {
    private final Footprint footprint;
    private String methodName;
    private List<Object> params;

    private CallReader(Footprint footprint) {
        this.footprint = footprint;
    }

    /**
     * @throws RequestTooLargeException when the call would take more memory than a body of its
     *     size may (see {@link Footprint})
     */
    static XmlRpcCall read(byte[] body) throws BadRequestException {
        return read(body, Footprint.ofCall(body.length));
    }

    static XmlRpcCall read(byte[] body, Footprint footprint) throws BadRequestException {
        CallReader reader = new CallReader(footprint);
        try {
            XmlElements.parse(body, reader, reader.footprint);
            if (reader.params != null) {
                // the call keeps a copy of its parameters
                reader.footprint.add(list(reader.params.size()));
            }
        } catch (Footprint.Exceeded e) {
            throw new RequestTooLargeException(e.getMessage(), e);
        } catch (XmlSyntaxException e) {
            throw new BadRequestException(e.getMessage(), e);
        }
        if (reader.methodName == null || reader.methodName.isEmpty()) {
            throw BadRequestException.noMethodName();
        }
        return new XmlRpcCall(reader.methodName, reader.params == null ? List.of() : reader.params);
    }

    @Override
    public void end(Element e) throws XmlSyntaxException {
        try {
            switch (e.tag) {
                case "int", "i4" -> e.replaceWith(PyInt.valueOf(rawText(e)));
                case "boolean" -> e.replaceWith("1".equals(e.text));
                case "string" -> e.replaceWith(e.text == null ? "" : e.text);
                case "double" -> e.replaceWith(PyFloat.parse(rawText(e)));
                case "dateTime.iso8601" -> e.replaceWith(IsoDateTime.parse(rawText(e)));
                case "base64" -> e.replaceWith(base64Text(e.text == null ? "" : (String) e.text));
                case "array", "param" -> e.replaceWith(first(e).text);
                case "data" -> e.replaceWith(texts(e.children));
                case "struct" -> e.replaceWith(struct(e));
                case "value" -> e.replaceWith(e.children.isEmpty() ? (e.text == null ? "" : e.text) : e.children.getFirst().text);
                case "methodName" -> methodName = (String) e.text;
                case "params" -> params = texts(e.children);
                default -> {
                    // unknown elements (<i8>, <nil/>, <name>, <member>, the root...) keep their raw text
                }
            }
        } catch (IllegalArgumentException e1) { // includes NumberFormatException
            throw new XmlSyntaxException("unmarshallable <" + e.tag + ">: " + e1.getMessage(), e1);
        }
    }

    private static String rawText(Element e) throws XmlSyntaxException {
        if (e.text == null) {
            throw new XmlSyntaxException("<" + e.tag + "> has no text");
        }
        return (String) e.text;
    }

    private static Element first(Element e) throws XmlSyntaxException {
        if (e.children.isEmpty()) {
            throw new XmlSyntaxException("<" + e.tag + "> has no child element");
        }
        return e.children.getFirst();
    }

    private List<Object> texts(List<Element> elements) throws XmlSyntaxException {
        footprint.add(list(elements.size()));
        List<Object> values = new ArrayList<>(elements.size());
        for (Element child : elements) {
            values.add(child.text);
        }
        return values;
    }

    /** Each member must have exactly two children, taken as name and value whatever their tags. */
    private Map<String, Object> struct(Element e) throws XmlSyntaxException {
        footprint.add(Footprint.MAP + (long) Footprint.MAP_ENTRY * e.children.size());
        Map<String, Object> map = new LinkedHashMap<>();
        for (Element member : e.children) {
            if (member.children.size() != 2) {
                throw new XmlSyntaxException("struct member needs a name and a value");
            }
            Object key = member.children.get(0).text;
            map.put(keyOf(key), member.children.get(1).text);
        }
        return map;
    }

    /**
     * A name is normally raw text. A typed element in its place gives a non-string key in
     * supervisord; here it becomes its text form so that structs stay Map&lt;String,Object&gt;.
     */
    private static String keyOf(Object key) {
        return switch (key) {
            case null -> "";
            case String s -> s;
            default -> String.valueOf(key);
        };
    }

    /** An array list of {@code size} values. */
    private static long list(int size) {
        return Footprint.LIST + 4L * size;
    }

    /** Python's decodebytes (lenient base64), then strict UTF-8: the server sees text. */
    private String base64Text(String text) throws XmlSyntaxException {
        // the decoded text, at most three quarters of the base64 text, as a string of its own
        footprint.add(Footprint.string(text.length() * 3 / 4));
        byte[] bytes = decodeBase64Leniently(text);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new XmlSyntaxException("base64 content is not UTF-8 text", e);
        }
    }

    /**
     * binascii's non-strict a2b_base64: characters outside the alphabet are skipped, a pad that
     * completes a quantum ends the input, a stray pad is skipped, an unfinished quantum is an error.
     */
    static byte[] decodeBase64Leniently(String text) throws XmlSyntaxException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() * 3 / 4);
        int quadPos = 0;
        int pads = 0;
        int left = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                if (quadPos >= 2 && quadPos + ++pads >= 4) {
                    return out.toByteArray();
                }
                continue;
            }
            int v = sextet(c);
            if (v < 0) {
                continue;
            }
            pads = 0;
            switch (quadPos) {
                case 0 -> {
                    left = v;
                    quadPos = 1;
                }
                case 1 -> {
                    out.write((left << 2) | (v >> 4));
                    left = v & 0x0f;
                    quadPos = 2;
                }
                case 2 -> {
                    out.write((left << 4) | (v >> 2));
                    left = v & 0x03;
                    quadPos = 3;
                }
                default -> {
                    out.write((left << 6) | v);
                    quadPos = 0;
                }
            }
        }
        if (quadPos != 0) {
            throw new XmlSyntaxException("incorrect base64 padding");
        }
        return out.toByteArray();
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        } else if (c == '+') {
            return 62;
        } else if (c == '/') {
            return 63;
        }
        return -1;
    }
}
