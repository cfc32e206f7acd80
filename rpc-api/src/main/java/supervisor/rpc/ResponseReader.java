package supervisor.rpc;

import java.io.IOException;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import supervisor.python.PyFloat;
import supervisor.python.PyInt;
import supervisor.rpc.XmlElements.Element;
import supervisor.rpc.XmlElements.XmlSyntaxException;

/**
 * Decodes a methodResponse by the usual client rules (those of Python's xmlrpc.client), for
 * our own client: typed values become String, Integer (Long or BigInteger when larger),
 * Boolean, Double, byte[], LocalDateTime, null, List and Map (member order kept); untyped
 * values are strings. A fault is thrown as {@link RpcFault}.
 */
final class ResponseReader {
    private static final Pattern ISO8601 = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})");

    private ResponseReader() {
    }

    /** The single result value (null when the response carries no param). */
    static Object read(byte[] body) throws IOException {
        Element root;
        try {
            root = XmlElements.parse(body, element -> { });
        } catch (XmlSyntaxException e) {
            throw new IOException("malformed XML-RPC response: " + e.getMessage(), e);
        }
        if (!root.tag.equals("methodResponse")) {
            throw new IOException("not a methodResponse: <" + root.tag + ">");
        }
        Element fault = child(root, "fault");
        if (fault != null) {
            throw faultOf(valueOf(required(fault, "value")));
        }
        Element params = required(root, "params");
        Element param = child(params, "param");
        return param == null ? null : valueOf(required(param, "value"));
    }

    private static RpcFault faultOf(Object struct) throws IOException {
        if (struct instanceof Map<?, ?> map
                && map.get("faultCode") instanceof Integer code
                && map.get("faultString") instanceof String text) {
            return new RpcFault(code, text);
        }
        throw new IOException("malformed fault: " + struct);
    }

    private static Object valueOf(Element value) throws IOException {
        Element typed = value.children.isEmpty() ? null : value.children.getFirst();
        if (typed == null) {
            return text(value);
        }
        String text = text(typed);
        try {
            return switch (typed.tag) {
                case "string" -> text;
                case "int", "i4", "i8", "i1", "i2", "biginteger" ->
                        PyInt.narrowest(new BigInteger(text.strip()));
                case "boolean" -> switch (text) {
                    case "0" -> false;
                    case "1" -> true;
                    default -> throw new IOException("bad boolean value: " + text);
                };
                case "double", "float" -> PyFloat.parse(text);
                case "nil" -> null;
                case "base64" -> CallReader.decodeBase64Leniently(text);
                case "dateTime.iso8601" -> dateTime(text);
                case "array" -> array(required(typed, "data"));
                case "struct" -> struct(typed);
                default -> throw new IOException("unknown value type <" + typed.tag + ">");
            };
        } catch (NumberFormatException | XmlSyntaxException | java.time.DateTimeException e) {
            throw new IOException("bad <" + typed.tag + "> value: " + text, e);
        }
    }

    private static List<Object> array(Element data) throws IOException {
        List<Object> items = new ArrayList<>(data.children.size());
        for (Element value : data.children) {
            items.add(valueOf(value));
        }
        return items;
    }

    private static Map<String, Object> struct(Element struct) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Element member : struct.children) {
            map.put(text(required(member, "name")), valueOf(required(member, "value")));
        }
        return map;
    }

    private static LocalDateTime dateTime(String text) throws IOException {
        Matcher m = ISO8601.matcher(text.strip());
        if (!m.matches()) {
            throw new IOException("bad dateTime.iso8601 value: " + text);
        }
        return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6)));
    }

    private static String text(Element e) {
        return e.text == null ? "" : (String) e.text;
    }

    private static Element child(Element parent, String tag) {
        for (Element c : parent.children) {
            if (c.tag.equals(tag)) {
                return c;
            }
        }
        return null;
    }

    private static Element required(Element parent, String tag) throws IOException {
        Element c = child(parent, tag);
        if (c == null) {
            throw new IOException("<" + parent.tag + "> without <" + tag + ">");
        }
        return c;
    }
}
