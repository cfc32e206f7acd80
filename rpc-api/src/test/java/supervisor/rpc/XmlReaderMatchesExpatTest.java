package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

/**
 * Our XML reader against supervisord's parser (expat through xml.etree). A few thousand bodies
 * (Python's own client's calls mutated at random from a fixed seed, and a hand-written list for
 * each rule the reader follows) go through the reference Python twice, through supervisord's
 * {@code loads} and through ElementTree's {@code iterparse} for every element's tag and text, and
 * through ours; each body must be refused by both or give the same result.
 *
 * <p>DOCTYPE is left out on purpose: expat accepts internal DTD subsets and the entities they
 * declare, ours refuses every DOCTYPE (see {@link XmlElements}). So is nesting deeper than
 * {@link XmlElements#MAX_DEPTH}, which ours refuses and expat does not; no body here comes near it.
 */
class XmlReaderMatchesExpatTest {
    private static final long SEED = 425;
    private static final int MUTANTS = 3000;

    /** Reads hex bodies, one per line; prints each end event's tag and text (hex, "-" for None), or "ERROR". */
    private static final String ELEMENTS = """
            import sys
            from io import StringIO
            from xml.etree.ElementTree import iterparse
            def hx(s): return s.encode('utf-8', 'surrogatepass').hex()
            for line in sys.stdin.read().splitlines():
                try:
                    events = []
                    for _, e in iterparse(StringIO(bytes.fromhex(line).decode('utf-8'))):
                        events.append(hx(e.tag) + '=' + ('-' if e.text is None else hx(e.text)))
                    print(' '.join(events))
                except Exception:
                    print('ERROR')
            """;

    /** The bodies Python's client sends, for values of every type; the seeds of the mutants. */
    private static final String CLIENT_DUMPS = """
            import datetime
            from xmlrpc.client import Binary, Fault, dumps
            calls = [
                ('supervisor.getProcessInfo', ('web:web_00',)),
                ('supervisor.getAllProcessInfo', ()),
                ('supervisor.startProcessGroup', ('web', True)),
                ('supervisor.readProcessStdoutLog', ('cat', -500, 0)),
                ('a.b', ('é€😀 <&> " \\' \\t\\r\\n ]]> end', '')),
                ('a.b', (-2147483648, 2147483647, 0, 1.5, -0.0, 1e300, float('inf'))),
                ('a.b', ([], {}, [1, [2, [3, {'x': []}]]], {'z': 1, 'a': {'k': 'v'}})),
                ('a.b', (Binary(b'bin\\x00ary'), b'\\xc3\\xa9', datetime.datetime(2024, 1, 2, 3, 4, 5))),
                ('system.multicall', ([{'methodName': 'supervisor.getPID', 'params': []},
                                       {'methodName': 'x.y', 'params': ['a', 1]}],)),
            ]
            bodies = [dumps(params, name) for name, params in calls]
            bodies.append(dumps((None,), 'a.b', allow_none=True))
            bodies.append(dumps(({'name': 'cat', 'pid': 12, 'description': 'pid 12'},), methodresponse=True))
            bodies.append(dumps(Fault(10, 'BAD_NAME: x')))
            for body in bodies:
                print(body.encode('utf-8').hex())
            """;

    /** Inserted anywhere by the mutations. */
    private static final List<String> TOKENS = List.of(
            "<", ">", "&", "&amp;", "&lt;", "&gt;", "&apos;", "&quot;", "&#65;", "&#x41;", "&#x1F600;",
            "&#0;", "&#xD800;", "&#xFFFE;", "&#x110000;", "&#X41;", "&#;", "&foo;", "&amp", "]]>", "]]",
            "<!-- c -->", "<!---->", "<!-- a -- b -->", "<!--->", "<![CDATA[x<y]]>", "<![CDATA[", "<![CDATA[]]>",
            "<?pi data?>", "<?pi?>", "<?xml version='1.0'?>", "<?XML x?>", "<?xml-stylesheet x?>", "<?p:i?>",
            "\r", "\r\n", "\n", "\t", " ", "'", "\"", "=", "/", ":", "<x/>", "<x>", "</x>", "<p:x/>",
            "<x xmlns='urn:a'/>", "<x xmlns:p='urn:a'><p:y/></x>", "<value>", "</value>", "<string>s</string>",
            "<int>1</int>");

    /** Characters put in place of others. */
    private static final List<String> CHARS = List.of(
            "\u0001", "\u000b", "\u007f", "\u0085", "\u00e9", "\u00b7", "\u0132", "\u0e01", "\u3005",
            "\ud83d\ude00", "\ufffe", "\ufffd", "\ufeff", "\u2028", "<", ">", "&", "'", "\"", "/", ":", " ", "-");

    /** Put after a tag's name. */
    private static final List<String> ATTRIBUTES = List.of(
            " a='1'", " a=\"1\"", " a='1' a='2'", " a='1'b='2'", " a=1", " a", " a = '1' ", " a='<'", " a='>'",
            " a='&amp;&#10;\r\n\t'", " a='&#0;'", " a='&bad;'", " 1a='1'", "/", " /", "\t", "\n",
            " xmlns='urn:a'", " xmlns=''", " xmlns:p='urn:a'", " xmlns:p=''", " p:a='1'", " xml:lang='en'",
            " xmlns:p='urn:a' p:a='1' xmlns:q='urn:a' q:a='2'", " xmlns:p='urn:a' p:a='1' a='2'",
            " xmlns:xml='urn:x'", " xmlns:xmlns='urn:x'", " xmlns='}'", " xmlns:p='a&#125;'", " xmlns:p=' a\tb '",
            " xmlns='http://www.w3.org/XML/1998/namespace'", " xmlns:p='http://www.w3.org/2000/xmlns/'");

    /** Tag names swapped in for one used in the body (start and end tags alike). */
    private static final List<String> NAMES = List.of(
            "v\u00e4lue", "ns:value", "xml:value", "xmlns:value", "VALUE", "_v", "v-a.l", "1v", "-v", ".v",
            "a:b:c", ":v", "v:", "\u0132", "a\u00b7b", "\u00b7a", "\u0e01", "a\u0e31", "\u0e31", "\u3005x",
            "x\u3005", "\u4e00", "\uf900", "\ud800\udc00", "a\u0300", "\u0300");

    /** Put before the root (in place of any declaration), or after it. */
    private static final List<String> PROLOGS = List.of(
            "", "<?xml version='1.0'?>", "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<?xml version='1.0' encoding='ISO-8859-1'?>", "<?xml version='1.0' encoding='UTF-16'?>",
            "<?xml version='1.0' encoding='bogus'?>", "<?xml version='1.0' standalone='yes'?>",
            "<?xml version='1.0' encoding='utf-8' standalone='no' ?>", "<?xml version='1.1'?>",
            "<?xml version='abc'?>", "<?xml version=''?>", "<?xml encoding='utf-8'?>",
            "<?xml version='1.0' standalone='no' encoding='utf-8'?>", "<?xml version='1.0' encoding='1x'?>",
            "<?xml version='1.0' encoding=''?>", "<?xml version='1.0' standalone='maybe'?>", "<?xml?>",
            "<?xml version='1.0'", " <?xml version='1.0'?>", "\ufeff", "\ufeff<?xml version='1.0'?>",
            "\ufeff\ufeff", "<!-- c -->", "<?pi x?>", "<?xml version='1.0'?><?xml version='1.0'?>",
            "\r\n", "x", "&amp;", "<a/>", "]]>");

    private static final Pattern TAG_NAME = Pattern.compile("<([A-Za-z][A-Za-z0-9._]*)");
    private static final Pattern DECLARATION = Pattern.compile("^<\\?xml[^>]*\\?>");

    /**
     * One edit at random, sometimes two or three: a token inserted, a span deleted or repeated, a
     * character replaced, an attribute added, a tag renamed, the prolog or epilogue changed. Half
     * the edits fall just after a tag, where text goes, so that not all of them break the body.
     */
    private static String mutate(String xml, Random random) {
        StringBuilder b = new StringBuilder(xml);
        for (int edits = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(2); edits > 0; edits--) {
            int at = random.nextInt(b.length() + 1);
            if (random.nextBoolean() && b.indexOf(">") >= 0) {
                while (at > 0 && b.charAt(at - 1) != '>') {
                    at--;
                }
            }
            int to = Math.min(b.length(), at + 1 + random.nextInt(8));
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> b.insert(at, pick(random, TOKENS));
                case 3 -> b.delete(at, to);
                case 4 -> b.insert(at, b.substring(at, to));
                case 5 -> b.replace(at, Math.min(b.length(), at + 1), pick(random, CHARS));
                case 6, 7 -> {
                    List<Integer> nameEnds = new ArrayList<>();
                    for (Matcher m = TAG_NAME.matcher(b); m.find(); ) {
                        nameEnds.add(m.end());
                    }
                    if (!nameEnds.isEmpty()) {
                        b.insert(nameEnds.get(random.nextInt(nameEnds.size())), pick(random, ATTRIBUTES));
                    }
                }
                case 8 -> {
                    Matcher m = TAG_NAME.matcher(b);
                    if (m.find(at < b.length() ? at : 0) || m.find(0)) {
                        String renamed = b.toString().replaceAll("(</?)" + Pattern.quote(m.group(1)) + "(?=[\\s/>])",
                                "$1" + Matcher.quoteReplacement(pick(random, NAMES)));
                        b.setLength(0);
                        b.append(renamed);
                    }
                }
                default -> {
                    if (random.nextBoolean()) {
                        String rest = DECLARATION.matcher(b).replaceFirst("");
                        b.setLength(0);
                        b.append(pick(random, PROLOGS)).append(rest);
                    } else {
                        b.append(pick(random, PROLOGS));
                    }
                }
            }
        }
        return b.toString();
    }

    private static String pick(Random random, List<String> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String call(String value) {
        return "<methodCall><methodName>a.b</methodName><params><param><value>" + value
                + "</value></param></params></methodCall>";
    }

    /** A case for each rule, bare or inside a call, each accepted or refused by expat. */
    private static List<String> handWritten() {
        List<String> xml = new ArrayList<>(List.of(
                // the XML declaration: only at the very start, version first, then encoding, standalone
                "<?xml version='1.0'?><a/>", " <?xml version='1.0'?><a/>", "\ufeff<?xml version='1.0'?><a/>",
                "\ufeff <?xml version='1.0'?><a/>", "<!-- c --><?xml version='1.0'?><a/>", "<?p?><?xml version='1.0'?><a/>",
                "<?xml version='2.0'?><a/>", "<?xml version='1.0.1'?><a/>", "<?xml version='1.0 '?><a/>",
                "<?xml version='a-b_c:d'?><a/>", "<?xml version='\u00e9'?><a/>", "<?xml version='1.0\"?><a/>",
                "<?xml version='1.0' encoding='a1._-'?><a/>", "<?xml version='1.0' encoding='a b'?><a/>",
                "<?xml version='1.0' encoding='a:b'?><a/>", "<?xml version='1.0' encoding='a\u00e9'?><a/>",
                "<?xml version='1.0' standalone='NO'?><a/>", "<?xml version='1.0' standalone=\"yes\"?><a/>",
                "<?xml version='1.0'encoding='utf-8'?><a/>", "<?xml version='1.0' encoding='utf-8'standalone='no'?><a/>",
                "<?xml version='1.0'\n\t\r encoding='utf-8'?><a/>", "<?xml\nversion = '1.0'?><a/>",
                "<?xml version='1.0' encoding='utf-8' encoding='utf-8'?><a/>", "<?xml version='1.0' version='1.0'?><a/>",
                "<?xml version='1.0' foo='x'?><a/>", "<?xml versionx='1.0'?><a/>", "<?xml Version='1.0'?><a/>",
                "<?xml version='1.0'? ><a/>", "<?xml version='1.0'?\n><a/>", "<?xml version='?>'?><a/>",
                "<?xml version='1.0' ?>?><a/>", "<?xml version='1.0'?>",
                "<?xml version='1.0' encoding='ISO-8859-1'?><methodCall><methodName>\u00e9.x</methodName></methodCall>",
                // processing instructions: a name without a colon; xml in any case is reserved
                "<a><?foo?></a>", "<a><?foo bar?></a>", "<a><?foo\tbar?></a>", "<a><?foo?bar?></a>", "<a><?foo:bar x?></a>",
                "<a><?xml foo?></a>", "<a><?Xml foo?></a>", "<?XML version='1.0'?><a/>", "<a><?xmlfoo bar?></a>",
                "<a><?xml-stylesheet x?></a>", "<a></a><?xml x?>", "<a><?x ??></a>", "<a><?x >?></a>", "<a><? x?></a>",
                "<a><?x y\r\nz?></a>", "<a><?p", "<a/><?p?>", "<?p?><a/>",
                // comments: no "--" inside, and they do not split text
                "<a>x<!-- c -->y</a>", "<a>x<!-- c -- d -->y</a>", "<a>x<!-- c --->y</a>", "<a>x<!---->y</a>",
                "<a>x<!--->y</a>", "<a>x<!-- - -->y</a>", "<a>x<!---a-->y</a>", "<a><!-x--></a>", "<a><!--",
                "<!-- -- --><a/>", "<a></a><!-- x -- -->", "<a><b/>x<!--c-->y</a>",
                // CDATA sections: text as it stands, line ends normalised; only inside the root
                "<a>x<![CDATA[]]>y</a>", "<a><![CDATA[]]></a>", "<a><![CDATA[]]]]></a>", "<a><![CDATA[a]]]></a>",
                "<a><![CDATA[a]]b]]></a>", "<a><![CDATA[<&>]]></a>", "<a><![CDATA[a\r\nb\rc\r]]>\nd</a>",
                "<a><![cdata[x]]></a>", "<a><![CDATA [x]]></a>", "<a><![CDATA[x", "<a/><![CDATA[]]>",
                // line ends: "\r\n" and a lone "\r" are "\n" in text, a space in attribute values
                "<a>a\r\nb\rc\r</a>", "<a>a\r\r\nb</a>", "<a>x\r<!-- -->\ny</a>", "<a>a&#13;b&#13;&#10;c</a>",
                "\r\n<a/>\r\n", "<a\rx='1'\r/>", "<a></a\r>",
                // references: the five entities, character references to XML characters, nothing else
                "<a>&lt;&gt;&amp;&apos;&quot;</a>", "<a>&#x9;&#xA;&#xD;&#x20;</a>", "<a>&#0;</a>", "<a>&#1;</a>",
                "<a>&#xFFFE;</a>", "<a>&#xFFFF;</a>", "<a>&#xD800;</a>", "<a>&#xDFFF;</a>", "<a>&#x10FFFF;</a>",
                "<a>&#x110000;</a>", "<a>&#X41;</a>", "<a>&#x;</a>", "<a>&#;</a>", "<a>&#00000000065;</a>",
                "<a>&#x0000000041;</a>", "<a>&#-1;</a>", "<a>&#x41</a>", "<a>&#xg;</a>", "<a>&#4294967361;</a>",
                "<a>&#99999999999999999999999999;</a>", "<a>& </a>", "<a>&amp</a>", "<a>&AMP;</a>", "<a>&foo;</a>",
                "<a>&lt ;</a>", "<a>&a:b;</a>", "<a>&1;</a>", "<a>&\u00e9;</a>", "<a>&am",
                // characters: XML 1.0's Char, strict UTF-8
                "<a>\u007f\u0080\u009f\u0085\u2028\ufdd0\ud83f\udffe\udbff\udfff</a>", "<a>\u0001</a>", "<a>\u000b</a>",
                "<a>\u000c</a>", "<a>\u0000</a>", "<a>\ufffe</a>", "<a>\uffff</a>", "<a/>\u0000", "<a x='\u0001'/>",
                "<a><!-- \u0001 --></a>", "<a><?p \ufffe?></a>", "<a><![CDATA[\u0001]]></a>",
                // "]]>" may not appear in text
                "<a>]]></a>", "<a>]]]></a>", "<a>]]</a>", "<a>]></a>", "<a>a>b</a>", "<a>]]&gt;</a>", "<a>]\n]></a>",
                "<a x='a]]>b'/>",
                // attributes: quoted, separated, no '<', no duplicates, checked then dropped
                "<a x='1'/>", "<a x=\"1\"/>", "<a x='1\"/>", "<a x=1/>", "<a x='1' x='2'/>", "<a x='1'y='2'/>",
                "<a x = '1' />", "<a x='<'/>", "<a x='>'/>", "<a x='&lt;'/>", "<a x='&foo;'/>", "<a x='&'/>",
                "<a x='&#0;'/>", "<a x='&#60;'/>", "<a x='a\"b'/>", "<a x=\"a'b\"/>", "<a x/>", "<a x=/>",
                "<a 1x='1'/>", "<a x='1'", "<a x='1/>", "<a x='1'></a x='1'>", "<a x='\ud83d\ude00'/>",
                "<a x='1'\n y='2'\t/>", "<a :b='1'/>", "<a b:='1'/>", "<a XMLNS='u'/>", "<a xmlnsx='u'/>",
                // namespaces: {uri}local as ElementTree names them, expat's checks of declarations
                "<a xmlns='urn:x'><b/></a>", "<a xmlns='urn:x'><b xmlns=''/></a>", "<a xmlns=''/>",
                "<p:a xmlns:p='urn:x'/>", "<p:a xmlns:p=''/>", "<p:a/>", "<a p:x='1'/>", "<a xmlns:p='urn:x' p:x='1'/>",
                "<a xmlns:p='urn:x' xmlns:q='urn:x' p:x='1' q:x='2'/>", "<a xmlns:p='urn:x' p:x='1' x='2'/>",
                "<a xmlns:p='urn:x' xmlns:p='urn:y'/>", "<a xmlns='urn:x' xmlns='urn:y'/>", "<xml:a/>",
                "<a xml:lang='en'/>", "<a xmlns:xml='http://www.w3.org/XML/1998/namespace'/>", "<a xmlns:xml='urn:x'/>",
                "<a xmlns:xml=''/>", "<a xmlns:p='http://www.w3.org/XML/1998/namespace'/>", "<a xmlns:xmlns='urn:x'/>",
                "<a xmlns:p='http://www.w3.org/2000/xmlns/'/>", "<a xmlns='http://www.w3.org/2000/xmlns/'/>",
                "<a xmlns='http://www.w3.org/XML/1998/namespace'/>", "<xmlns:a/>", "<a xmlns:='urn:x'/>",
                "<a xmlns:1='u'/>", "<a xmlns:p='a\tb\nc\r\nd&#9;e&#10;f'><p:x/></a>", "<a xmlns:p='&lt;&amp;'><p:x/></a>",
                "<a xmlns:p='}'><p:x/></a>", "<a xmlns:p='&#125;'/>", "<a xmlns='u}'/>", "<a xmlns:p='{'><p:x/></a>",
                "<a xmlns:p='\u00e9'><p:x/></a>", "<a xmlns='u'><b xmlns:p='v'><p:c/></b><p:d/></a>",
                "<a xmlns:p='u'><p:b xmlns:p='v'/><p:c/></a>", "<a xmlns='u'><b xmlns=''><c/></b><d/></a>",
                "<a b:c='1' xmlns:b='u'/>", "<p:a xmlns:p='u'></q:a>", "<p:a xmlns:p='u' xmlns:q='u'></q:a>",
                "<a xmlns:P='u'><p:b/></a>", "<a xmlns:p='http://www.w3.org/XML/1998/namespacex'><p:b/></a>",
                "<ex:methodCall xmlns:ex='urn:x'><methodName>a.b</methodName></ex:methodCall>",
                "<methodCall xmlns='urn:x'><methodName>a.b</methodName></methodCall>",
                "<methodCall xmlns=''><methodName xmlns=''>a.b</methodName></methodCall>",
                // names: XML 1.0's 4th-edition tables as expat has them, one colon at most
                "<a-b.c_d\u00b7e/>", "<_/>", "<1/>", "<-a/>", "<.a/>", "<\u00e9/>", "<a\u0300/>", "<\u0300/>", "<\u00b7/>",
                "<\u00d7/>", "<\u0132/>", "<\u0131/>", "<\u02bb/>", "<\u0e2f/>", "<\u3005/>", "<a\u3005/>", "<\u3007/>",
                "<\u4e00/>", "<\uf900/>", "<\ud800\udc00/>", "<a\ud800\udc00/>", "<a\u203f/>", "<a\u0387/>",
                "<a:b:c/>", "<:a/>", "<a:/>", "<a xmlns:a='u'><a:1/></a>", "<a xmlns:a='u'><a:\u0300/></a>",
                "<a xmlns:a-b.c='u'><a-b.c:d/></a>",
                // tags: matching end tags, white space only where XML allows it
                "<a></a >", "<a></ a>", "<a></a\n>", "< a/>", "<a />", "<a/ >", "<a\t/>", "<a></b>", "<a><b></a></b>",
                "<a></A>", "<a></ab>", "<ab></a>", "<a>", "<a", "<a><", "<a></a", "<a>x</", "<a><!x></a>", "<a><!></a>",
                // around the root: white space, comments, PIs; exactly one root; a BOM first
                "", " ", "<!-- c -->", "<a/>x", "<a/> \t\r\n", "<a/><!-- c --> <?p?>", "<a/>&amp;", "<a/>&#32;", "<a/><b/>",
                "x<a/>", "&#32;<a/>", "\ufeff<a/>", "\ufeff\ufeff<a/>", " \ufeff<a/>", "<a>\ufeff</a>",
                // text: before the first child only, None when there is none
                "<a>\t<b>x</b>\t</a>", "<a>x<b/>y<c>z</c>w</a>", "<a><b></b></a>", "<a>&#32;</a>"));
        for (String value : List.of("a\r\nb\rc", "x<!-- c -->y<?p?>z", "<![CDATA[<c>]]>&amp;&#65;&#x1F600;",
                "a]]>b", "&#0;", "<string>s</string>tail", "<string xmlns='urn:x'>s</string>",
                "<ex:int xmlns:ex='urn:x'>1</ex:int>",
                "<string><![CDATA[]]></string>", "<int><![CDATA[]]></int>", "<int>\r\n1\r\n</int>",
                "<struct><member><name><![CDATA[]]></name><value>v</value></member></struct>")) {
            xml.add(call(value));
        }
        return xml;
    }

    private static String ourElements(byte[] body) {
        List<String> events = new ArrayList<>();
        try {
            XmlElements.parse(body, e -> events.add(hex(e.tag) + "=" + (e.text == null ? "-" : hex((String) e.text))));
        } catch (XmlElements.XmlSyntaxException e) {
            return "ERROR";
        }
        return String.join(" ", events);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sameOutcomeAsSupervisordsParser() {
        List<byte[]> bodies = new ArrayList<>();
        for (String xml : handWritten()) {
            bodies.add(xml.getBytes(StandardCharsets.UTF_8));
        }
        List<String> seeds = new ArrayList<>();
        for (String hex : ReferencePython.run(CLIENT_DUMPS, "").split("\n")) {
            seeds.add(ReferencePython.unhexUtf8(hex));
            bodies.add(ReferencePython.unhex(hex));
        }
        Random random = new Random(SEED);
        for (int i = 0; i < MUTANTS; i++) {
            byte[] body = mutate(seeds.get(random.nextInt(seeds.size())), random).getBytes(StandardCharsets.UTF_8);
            if (body.length > 0 && random.nextInt(20) == 0) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256); // strict UTF-8 and control bytes
            }
            bodies.add(body);
        }
        // refused by us on purpose, and accepted by expat: see the class comment
        bodies.removeIf(body -> new String(body, StandardCharsets.UTF_8).contains("<!DOCTYPE"));

        List<String> theirLoads = ReferencePython.runLines(DecodingMatchesSupervisordTest.LOADS, bodies);
        List<String> theirElements = ReferencePython.runLines(ELEMENTS, bodies);
        assertEquals(bodies.size(), theirLoads.size());
        assertEquals(bodies.size(), theirElements.size());
        List<String> differences = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < bodies.size(); i++) {
            byte[] body = bodies.get(i);
            String loads = DecodingMatchesSupervisordTest.ours(body);
            String elements = ourElements(body);
            if (!loads.equals(theirLoads.get(i)) || !elements.equals(theirElements.get(i))) {
                differences.add(ReferencePython.literal(new String(body, StandardCharsets.UTF_8))
                        + "\n  loads:    theirs " + theirLoads.get(i) + "\n            ours   " + loads
                        + "\n  elements: theirs " + theirElements.get(i) + "\n            ours   " + elements);
            }
            refused += elements.equals("ERROR") ? 1 : 0;
        }
        assertEquals(List.of(), differences.subList(0, Math.min(10, differences.size())),
                differences.size() + " of " + bodies.size() + " bodies differ");
        // the mutants must exercise both sides of the rules, not only refusals
        assertTrue(refused > bodies.size() / 5 && refused < bodies.size() * 4 / 5,
                refused + " of " + bodies.size() + " refused");
    }

    /** Expat's name tables for every character of the Basic Multilingual Plane, as start and as later character. */
    private static final String NAME_RANGES = """
            from xml.etree.ElementTree import XMLParser
            def accepted(doc):
                parser = XMLParser()
                try:
                    parser.feed(doc)
                    parser.close()
                    return True
                except Exception:
                    return False
            def ranges(doc):
                found, start = [], None
                for c in range(0x10001):
                    ok = c < 0x10000 and not 0xD800 <= c <= 0xDFFF and accepted(doc(chr(c)))
                    if ok and start is None:
                        start = c
                    if not ok and start is not None:
                        found.append('%04X-%04X' % (start, c - 1))
                        start = None
                return ' '.join(found)
            print(ranges(lambda c: '<%s/>' % c))
            print(ranges(lambda c: '<a%sb></a%sb>' % (c, c)))
            """;

    private static String ourRanges(IntPredicate name) {
        List<String> found = new ArrayList<>();
        int start = -1;
        for (int c = 0; c <= 0x10000; c++) {
            boolean ok = c < 0x10000 && name.test(c);
            if (ok && start < 0) {
                start = c;
            }
            if (!ok && start >= 0) {
                found.add(String.format("%04X-%04X", start, c - 1));
                start = -1;
            }
        }
        return String.join(" ", found);
    }

    @Test
    void nameCharactersAreExpats() {
        List<String> theirs = ReferencePython.runLines(NAME_RANGES, List.of());
        assertEquals(ourRanges(c -> XmlNames.isNameStart((char) c)), theirs.get(0));
        assertEquals(ourRanges(c -> XmlNames.isNameChar((char) c)), theirs.get(1));
    }

    @Test
    void doctypesAreRefusedWhereExpatAcceptsThem() {
        List<String> doctypes = List.of(
                "<!DOCTYPE methodCall><methodCall><methodName>a.b</methodName></methodCall>",
                "<!DOCTYPE m [<!ENTITY name \"a.b\">]><methodCall><methodName>&name;</methodName></methodCall>",
                "<!DOCTYPE m [<!ELEMENT m ANY><!ATTLIST m a CDATA 'x'>]>"
                        + "<methodCall><methodName>a.b</methodName></methodCall>");
        List<byte[]> bodies = doctypes.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        String accepted = "s" + hex("a.b") + " []";
        assertEquals(List.of(accepted, accepted, accepted),
                ReferencePython.runLines(DecodingMatchesSupervisordTest.LOADS, bodies));
        for (byte[] body : bodies) {
            assertThrows(XmlElements.XmlSyntaxException.class, () -> XmlElements.parse(body, e -> { }));
        }
    }
}
