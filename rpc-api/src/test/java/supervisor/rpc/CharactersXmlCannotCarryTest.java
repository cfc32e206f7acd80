package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import supervisor.testing.Json;
import supervisor.testing.ReferencePython;

/**
 * What the server sends for the characters XML 1.0 cannot carry (the C0 controls but tab, LF
 * and CR; U+FFFE and U+FFFF), which a child's output brings into log slices: each stands in as
 * one character a client can read, every other character goes as it is, and the answer is
 * well-formed whatever the text, so that Python's xmlrpc.client reads it.
 */
class CharactersXmlCannotCarryTest {

    /** Every code point but the surrogates, in order: the whole range a String can carry. */
    private static final String EVERY_CHARACTER = everyCharacter();

    private static String everyCharacter() {
        StringBuilder s = new StringBuilder();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                s.appendCodePoint(cp);
            }
        }
        return s.toString();
    }

    /** The documented mapping, stated on its own: Control Pictures for C0 controls, U+FFFD for U+FFFE/U+FFFF. */
    private static int standIn(int cp) {
        if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
            return 0x2400 + cp;
        }
        return cp == 0xFFFE || cp == 0xFFFF ? 0xFFFD : cp;
    }

    private static String standIns(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().map(CharactersXmlCannotCarryTest::standIn).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The text of the one {@code <string>} in a response. */
    private static String stringIn(byte[] response) {
        String xml = new String(response, StandardCharsets.UTF_8);
        int from = xml.indexOf("<string>") + "<string>".length();
        return xml.substring(from, xml.indexOf("</string>", from));
    }

    @Test
    void eachCharacterXmlCannotCarryHasItsStandIn() {
        for (int c = 0; c < 0x20; c++) {
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            String expected = String.valueOf((char) (0x2400 + c));
            assertEquals(expected, stringIn(XmlRpcCodec.encodeResponse(String.valueOf((char) c))), "U+" + Integer.toHexString(c));
        }
        assertEquals("\u2400", stringIn(XmlRpcCodec.encodeResponse("\u0000")), "NUL is SYMBOL FOR NULL");
        assertEquals("\u241b[31mred\u241b[0m", stringIn(XmlRpcCodec.encodeResponse("\u001b[31mred\u001b[0m")));
        assertEquals("\u241f", stringIn(XmlRpcCodec.encodeResponse("\u001f")));
        assertEquals("\ufffd", stringIn(XmlRpcCodec.encodeResponse("\ufffe")));
        assertEquals("\ufffd", stringIn(XmlRpcCodec.encodeResponse("\uffff")));
        assertEquals("a\u2400b\ufffd\u2401\u2402 &amp; \ud83d\ude00",
                stringIn(XmlRpcCodec.encodeResponse("a\u0000b\uffff\u0001\u0002 & \ud83d\ude00")));
    }

    @Test
    void theCharactersAroundThemGoAsTheyAre() {
        for (String s : List.of("\t", "\n", "\r", " ", "\u007f", "\u0080", "\u0085", "\u009f", "\u00a0", "\ud7ff",
                "\ue000", "\ufdd0", "\ufffd", "\ud800\udc00", "\ud83f\udffe", "\ud83f\udfff", "\udbff\udfff", "\u2400")) {
            assertEquals(s, stringIn(XmlRpcCodec.encodeResponse(s)), () -> "U+" + Integer.toHexString(s.codePointAt(0)));
        }
    }

    /** Byte for byte: every allowed character as its UTF-8, only {@code & < >} escaped. */
    @Test
    void everyOtherCharacterIsWrittenUnchanged() {
        StringBuilder allowed = new StringBuilder();
        EVERY_CHARACTER.codePoints().filter(cp -> standIn(cp) == cp).forEach(allowed::appendCodePoint);
        String expected = allowed.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        assertEquals(expected, stringIn(XmlRpcCodec.encodeResponse(allowed.toString())));
    }

    /** A string of every character, and the same in a struct member's name, a nested array and a fault. */
    @Test
    void pythonsClientReadsEveryAnswer() {
        String controls = EVERY_CHARACTER.substring(0, 0x40) + "\ufffe\uffff end";
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put(controls, List.of(List.of(controls)));
        List<byte[]> bodies = List.of(
                XmlRpcCodec.encodeResponse(EVERY_CHARACTER),
                XmlRpcCodec.encodeResponse(struct),
                XmlRpcCodec.encodeFault(2, "FAILED: " + controls),
                XmlRpcCodec.encodeResponse(List.of("name\u0007", Map.of("spawnerr", "\u0000\u001b"))));
        List<String> read = ReferencePython.runLines("""
                import json, sys
                import xmlrpc.client
                for line in sys.stdin:
                    try:
                        (value,), _ = xmlrpc.client.loads(bytes.fromhex(line))
                    except xmlrpc.client.Fault as f:
                        value = [f.faultCode, f.faultString]
                    except Exception as e:
                        value = 'ERROR %s: %s' % (type(e).__name__, e)
                    print(json.dumps(value))
                """, bodies);
        assertEquals(bodies.size(), read.size(), () -> "one line per answer: " + read);
        // expat reads a CR as a line end (LF), as it does in supervisord's answers
        String sent = standIns(controls).replace("\r", "\n");
        assertSameText(standIns(EVERY_CHARACTER).replace("\r", "\n"), Json.parse(read.get(0)));
        assertEquals(Map.of(sent, List.of(List.of(sent))), Json.parse(read.get(1)));
        assertEquals(List.of(2L, "FAILED: " + sent), Json.parse(read.get(2)));
        assertEquals(List.of("name\u2407", Map.of("spawnerr", "\u2400\u241b")), Json.parse(read.get(3)));
    }

    /** Equal texts, or a message naming the first character that differs (not a megabyte of text). */
    private static void assertSameText(String expected, Object actual) {
        if (!(actual instanceof String text)) {
            throw new AssertionError("expected a string, got " + String.valueOf(actual).substring(0, 200));
        }
        int i = 0;
        while (i < expected.length() && i < text.length() && expected.charAt(i) == text.charAt(i)) {
            i++;
        }
        int at = i;
        assertEquals(expected.length(), i, () -> "first difference at char " + at + ": expected U+"
                + (at < expected.length() ? Integer.toHexString(expected.codePointAt(at)) : "(end)") + ", got U+"
                + (at < text.length() ? Integer.toHexString(text.codePointAt(at)) : "(end)"));
        assertEquals(expected.length(), text.length(), "length");
    }

    /** A request goes as the caller wrote it or not at all: a stand-in would change the data (sendProcessStdin). */
    @Test
    void aCallCarryingSuchACharacterIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XmlRpcCodec.encodeCall("supervisor.sendProcessStdin", List.of("cat", "\u0003")));
        assertEquals("text cannot be sent in XML 1.0 (character U+0003)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeCall("a.b", List.of(Map.of("\uffff", 1))));
        assertArrayEquals(utf8("<?xml version='1.0'?>\n<methodCall>\n<methodName>a.b</methodName>\n<params>\n"
                        + "<param>\n<value><string>\t\r\n\u007f\ufffd</string></value>\n</param>\n</params>\n</methodCall>\n"),
                XmlRpcCodec.encodeCall("a.b", List.of("\t\r\n\u007f\ufffd")));
    }

    /** Long text where the first stand-in comes late, and runs of them back to back, as log slices have. */
    @Test
    void longTextKeepsEveryByteAroundTheStandIns() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String line = "line " + i + " é <&> \u0000\u0000\u001b[0m\t\uffff\r\n";
            text.append(line);
            expected.writeBytes(utf8(standIns(line).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")));
        }
        String plain = "x".repeat(100_000);
        assertEquals(new String(expected.toByteArray(), StandardCharsets.UTF_8),
                stringIn(XmlRpcCodec.encodeResponse(text.toString())));
        assertEquals(plain + "\u2401", stringIn(XmlRpcCodec.encodeResponse(plain + "\u0001")));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
