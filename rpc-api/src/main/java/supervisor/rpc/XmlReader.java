package supervisor.rpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import supervisor.rpc.XmlElements.Element;
import supervisor.rpc.XmlElements.EndHandler;
import supervisor.rpc.XmlElements.XmlSyntaxException;

/**
 * The reader behind {@link XmlElements}: one pass over a decoded body, without recursion, that
 * builds the elements and hands each to the handler at its end tag. It accepts what supervisord's
 * parser (expat in namespace mode, through xml.etree) accepts and refuses what it refuses, with
 * one exception made for safety: every DOCTYPE is refused, so no entity other than the five
 * predefined ones can exist and nothing is ever declared, expanded or read from anywhere.
 *
 * <p>The input holds only XML characters (XmlElements checks that while decoding); this class
 * checks the rest: the XML declaration, comments, processing instructions, CDATA sections,
 * references, names, attributes, namespace declarations, matching end tags and what may stand
 * outside the root element.
 */
final class XmlReader {
    private static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
    private static final String XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
    private static final String[] ENTITIES = {"lt;", "gt;", "amp;", "apos;", "quot;"};
    private static final char[] ENTITY_CHARS = {'<', '>', '&', '\'', '"'};

    private final char[] in;
    private final int end;
    private final EndHandler handler;
    private final Footprint footprint;
    private int pos;

    /** The open elements, innermost last, with where each one's raw name lies (for its end tag). */
    private Element[] open = new Element[8];
    private int[] openNameFrom = new int[8];
    private int[] openNameTo = new int[8];
    /** How long {@code shadowed} was before each open element's own declarations. */
    private int[] openBindings = new int[8];
    private int depth;

    /**
     * The namespace of each prefix in scope ("" for the default namespace), and what each
     * declaration replaced (prefix, then the previous URI or null), innermost last, to be put back
     * at its element's end. A map rather than a search: a hostile body may declare many.
     */
    private Map<String, String> namespaces;
    private List<String> shadowed;

    /** Element names already made, by a hash of their characters (see {@link #name}). */
    private final String[] names = new String[64];

    /**
     * True while the innermost open element has no child: its character data is then its text.
     * The text is one slice of the input ({@code textFrom} to {@code textTo}) until a reference, a
     * line end or a second piece of data makes it a copy in {@code textBuilder}.
     */
    private boolean collecting;
    private int textFrom = -1;
    private int textTo;
    private boolean textBuilt;
    private StringBuilder textBuilder;
    /** What {@code textBuilder} has been counted as. */
    private long builderBytes;

    /** Where the XML declaration's last pseudo-attribute name and value lie. */
    private int pseudoNameFrom;
    private int pseudoNameTo;
    private int pseudoValueFrom;
    private int pseudoValueTo;

    XmlReader(char[] in, EndHandler handler, Footprint footprint) {
        this.in = in;
        this.end = in.length;
        this.handler = handler;
        this.footprint = footprint;
    }

    /** Reads the whole document; returns the root element. */
    Element read() throws XmlSyntaxException {
        skipMisc();
        if (startsWith("<!DOCTYPE", pos)) {
            throw error("DOCTYPE declarations are not accepted");
        }
        if (pos == end) {
            throw error("no root element");
        }
        if (in[pos] != '<') {
            throw error("text before the root element");
        }
        Element root = startTag();
        while (depth > 0) {
            if (pos == end) {
                throw error("unclosed element");
            } else if (in[pos] != '<') {
                characters();
            } else {
                switch (pos + 1 < end ? in[pos + 1] : 0) {
                    case '/' -> endTag();
                    case '?' -> processingInstruction();
                    case '!' -> {
                        if (startsWith("<!--", pos)) {
                            comment();
                        } else if (startsWith("<![CDATA[", pos)) {
                            cdata();
                        } else {
                            throw error("unexpected '<!'");
                        }
                    }
                    default -> startTag();
                }
            }
        }
        skipMisc();
        if (pos != end) {
            throw error("junk after the root element");
        }
        return root;
    }

    /** Skips white space, comments and processing instructions, all that may stand around the root. */
    private void skipMisc() throws XmlSyntaxException {
        while (true) {
            skipSpace();
            if (startsWith("<?", pos)) {
                processingInstruction();
            } else if (startsWith("<!--", pos)) {
                comment();
            } else {
                return;
            }
        }
    }

    // ---- elements

    private Element startTag() throws XmlSyntaxException {
        int nameFrom = ++pos;
        int colon = qName();
        int nameTo = pos;
        int bindingsBefore = shadowed == null ? 0 : shadowed.size();
        Set<String> attributes = null;
        List<String> prefixedAttributes = null;
        long attributeBytes = 0;
        boolean empty;
        while (true) {
            boolean spaced = skipSpace();
            if (pos == end) {
                throw error("unclosed start tag");
            }
            char c = in[pos];
            if (c == '>' || startsWith("/>", pos)) {
                empty = c == '/';
                pos += empty ? 2 : 1;
                break;
            }
            if (!spaced) {
                throw error("malformed start tag");
            }
            int attributeFrom = pos;
            int attributeColon = qName();
            String name = string(attributeFrom, pos);
            skipSpace();
            expect('=');
            skipSpace();
            String value = attributeValue();
            // dropped with the tag, but a tag may hold any number of them
            long cost = Footprint.string(name.length()) + Footprint.MAP_ENTRY + 2 * Footprint.string(value.length());
            footprint.add(cost);
            attributeBytes += cost;
            if (attributes == null) {
                attributes = new HashSet<>();
            }
            if (!attributes.add(name)) {
                throw error("duplicate attribute " + name);
            }
            // Only namespace declarations mean anything here; other attributes are checked and dropped.
            if (name.equals("xmlns")) {
                bind("", value);
            } else if (attributeColon == attributeFrom + 5 && name.startsWith("xmlns:")) {
                bind(name.substring(6), value);
            } else if (attributeColon >= 0) {
                if (prefixedAttributes == null) {
                    prefixedAttributes = new ArrayList<>();
                }
                prefixedAttributes.add(name);
            }
        }
        // A tag's own declarations apply to its name and attributes, wherever they stand in it.
        Element element = new Element(tagOf(nameFrom, colon, nameTo));
        if (prefixedAttributes != null) {
            checkPrefixedAttributes(prefixedAttributes);
        }
        footprint.free(attributeBytes);
        push(element, nameFrom, nameTo, bindingsBefore);
        if (empty) {
            endElement();
        }
        return element;
    }

    private void push(Element element, int nameFrom, int nameTo, int bindingsBefore) throws XmlSyntaxException {
        if (depth == XmlElements.MAX_DEPTH) {
            throw error("elements nested deeper than " + XmlElements.MAX_DEPTH);
        }
        footprint.add(Footprint.ELEMENT);
        if (depth > 0) {
            Element parent = open[depth - 1];
            if (collecting) {
                parent.text = takeText();
            }
            footprint.add(parent.children.isEmpty() ? Footprint.SLOT + Footprint.LIST : Footprint.SLOT);
            parent.add(element);
        }
        if (depth == open.length) {
            int n = Math.min(depth * 2, XmlElements.MAX_DEPTH);
            open = Arrays.copyOf(open, n);
            openNameFrom = Arrays.copyOf(openNameFrom, n);
            openNameTo = Arrays.copyOf(openNameTo, n);
            openBindings = Arrays.copyOf(openBindings, n);
        }
        open[depth] = element;
        openNameFrom[depth] = nameFrom;
        openNameTo[depth] = nameTo;
        openBindings[depth] = bindingsBefore;
        depth++;
        collecting = true;
    }

    /** An end tag must repeat the start tag's raw name, prefix included. */
    private void endTag() throws XmlSyntaxException {
        int nameFrom = openNameFrom[depth - 1];
        int length = openNameTo[depth - 1] - nameFrom;
        pos += 2;
        for (int i = 0; i < length; i++, pos++) {
            if (pos == end || in[pos] != in[nameFrom + i]) {
                throw error("end tag does not match <" + string(nameFrom, nameFrom + length) + ">");
            }
        }
        skipSpace();
        expect('>');
        endElement();
    }

    private void endElement() throws XmlSyntaxException {
        Element element = open[--depth];
        open[depth] = null;
        if (collecting) {
            element.text = takeText();
        }
        collecting = false; // whatever follows is the tail of a child of the parent
        while (shadowed != null && shadowed.size() > openBindings[depth]) {
            String previous = shadowed.removeLast();
            String prefix = shadowed.removeLast();
            footprint.free(Footprint.binding(prefix, namespaces.get(prefix)));
            if (previous == null) {
                namespaces.remove(prefix);
            } else {
                namespaces.put(prefix, previous);
            }
        }
        List<Element> children = element.children;
        handler.end(element);
        if (element.children != children) {
            footprint.free(dropped(children));
        }
    }

    /**
     * What the elements of a list a handler has let go held: each one, its slot, and the lists
     * below it that no handler had let go of before. Their strings are not counted back, as they
     * may live on in the value that replaced them. Each element is let go once, so the walks of a
     * whole document look at each element at most once; most let go only leaves.
     */
    private static long dropped(List<Element> children) {
        long bytes = 0;
        List<List<Element>> lists = null;
        for (List<Element> list = children; list != null; list = lists == null || lists.isEmpty() ? null : lists.removeLast()) {
            bytes += Footprint.LIST;
            for (int i = 0, n = list.size(); i < n; i++) {
                List<Element> below = list.get(i).children;
                bytes += Footprint.ELEMENT + Footprint.SLOT;
                if (!below.isEmpty()) {
                    if (lists == null) {
                        lists = new ArrayList<>();
                    }
                    lists.add(below);
                }
            }
        }
        return bytes;
    }

    // ---- namespaces, as expat's namespace mode and ElementTree name things

    /** ElementTree's name: {@code {uri}local} in a namespace, else the local name. */
    private String tagOf(int nameFrom, int colon, int nameTo) throws XmlSyntaxException {
        if (colon < 0 && namespaces == null) {
            return name(nameFrom, nameTo); // the usual case: no namespace anywhere
        }
        String uri = colon < 0 ? defaultNamespace() : namespaceOf(string(nameFrom, colon));
        String local = string(colon < 0 ? nameFrom : colon + 1, nameTo);
        String tag = uri == null ? local : "{" + uri + "}" + local;
        footprint.add(Footprint.string(tag.length()));
        return tag;
    }

    /**
     * The name at {@code from}, shared with the elements before it that have the same name: a
     * body repeats a few names many times, and a copy for every element would cost more memory
     * than the element itself.
     */
    private String name(int from, int to) throws XmlSyntaxException {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + in[i];
        }
        int slot = (hash ^ hash >>> 16) & (names.length - 1);
        String known = names[slot];
        if (known != null && known.length() == to - from && startsWith(known, from)) {
            return known;
        }
        footprint.add(Footprint.string(to - from));
        return names[slot] = string(from, to);
    }

    /** Expat's checks of a declaration (its addBinding). */
    private void bind(String prefix, String uri) throws XmlSyntaxException {
        if (!prefix.isEmpty() && uri.isEmpty()) {
            throw error("a namespace prefix cannot be undeclared");
        }
        if (prefix.equals("xmlns")) {
            throw error("the prefix xmlns cannot be declared");
        }
        if (prefix.equals("xml") != uri.equals(XML_NAMESPACE) || uri.equals(XMLNS_NAMESPACE)) {
            throw error("reserved namespace prefix or name");
        }
        if (uri.indexOf('}') >= 0) {
            // expat refuses its namespace separator (ElementTree's "}") inside a namespace name
            throw error("'}' in a namespace name");
        }
        if (namespaces == null) {
            namespaces = new HashMap<>();
            shadowed = new ArrayList<>();
        }
        footprint.add(Footprint.binding(prefix, uri));
        shadowed.add(prefix);
        shadowed.add(namespaces.put(prefix, uri));
    }

    private String defaultNamespace() {
        String uri = namespaces == null ? null : namespaces.get("");
        return uri == null || uri.isEmpty() ? null : uri;
    }

    private String namespaceOf(String prefix) throws XmlSyntaxException {
        String uri = prefix.equals("xml") ? XML_NAMESPACE : namespaces == null ? null : namespaces.get(prefix);
        if (uri == null) {
            throw error("unbound namespace prefix " + prefix);
        }
        return uri;
    }

    /** Prefixes must be bound, and two attributes may not have the same namespace and local name. */
    private void checkPrefixedAttributes(List<String> names) throws XmlSyntaxException {
        Set<String> expanded = new HashSet<>();
        for (String name : names) {
            int colon = name.indexOf(':');
            if (!expanded.add(namespaceOf(name.substring(0, colon)) + "}" + name.substring(colon + 1))) {
                throw error("duplicate attribute " + name);
            }
        }
    }

    // ---- character data

    /** Text up to the next tag, references resolved; "]]>" may not appear in it. */
    private void characters() throws XmlSyntaxException {
        int from = pos;
        while (pos < end) {
            char c = in[pos];
            if (c == '<') {
                break;
            } else if (c == '&') {
                addLines(from, pos);
                addChar(reference());
                from = pos;
            } else if (c == ']' && startsWith("]]>", pos)) {
                throw error("']]>' in text");
            } else {
                pos++;
            }
        }
        addLines(from, pos);
    }

    private void cdata() throws XmlSyntaxException {
        int from = pos + "<![CDATA[".length();
        int close = indexOf("]]>", from);
        if (close < 0) {
            throw error("unclosed CDATA section");
        }
        addLines(from, close);
        pos = close + 3;
    }

    /** A comment may not hold "--" (nor end in "--->"), as XML and expat say. */
    private void comment() throws XmlSyntaxException {
        int dashes = indexOf("--", pos + 4);
        if (dashes < 0) {
            throw error("unclosed comment");
        }
        pos = dashes + 2;
        expect('>');
    }

    /**
     * A processing instruction is ignored, but its target must be a name without a colon, and
     * {@code xml} in any case is reserved: in lower case it is the XML declaration, allowed only
     * at the very start.
     */
    private void processingInstruction() throws XmlSyntaxException {
        int start = pos;
        pos += 2;
        int target = pos;
        ncName();
        if (pos - target == 3 && (in[target] | 0x20) == 'x' && (in[target + 1] | 0x20) == 'm'
                && (in[target + 2] | 0x20) == 'l') {
            if (start != 0 || !startsWith("xml", target)) {
                throw error("reserved processing instruction target");
            }
            xmlDeclaration();
            return;
        }
        if (!startsWith("?>", pos)) {
            if (!skipSpace()) {
                throw error("malformed processing instruction");
            }
            int close = indexOf("?>", pos);
            if (close < 0) {
                throw error("unclosed processing instruction");
            }
            pos = close;
        }
        pos += 2;
    }

    /**
     * The XML declaration as expat reads it: {@code version} (any value of letters, digits and
     * {@code ._-}), then optionally {@code encoding} (a name starting with a letter) and
     * {@code standalone} ({@code yes} or {@code no}), in that order. The body is UTF-8 whatever
     * the encoding says, as supervisord's parser is given text already decoded.
     */
    private void xmlDeclaration() throws XmlSyntaxException {
        int close = indexOf("?>", pos);
        if (close < 0) {
            throw error("unclosed XML declaration");
        }
        boolean more = pseudoAttribute(close);
        if (!more || !pseudoNameIs("version")) {
            throw error("XML declaration without version");
        }
        more = pseudoAttribute(close);
        if (more && pseudoNameIs("encoding")) {
            if (pseudoValueFrom == pseudoValueTo || !isAsciiLetter(in[pseudoValueFrom])) {
                throw error("malformed encoding name");
            }
            more = pseudoAttribute(close);
        }
        if (more && pseudoNameIs("standalone")) {
            if (!pseudoValueIs("yes") && !pseudoValueIs("no")) {
                throw error("standalone must be yes or no");
            }
            more = pseudoAttribute(close);
        }
        if (more) {
            throw error("malformed XML declaration");
        }
        pos = close + 2;
    }

    /** Reads {@code S name S? = S? 'value'} of the declaration; false at its end. */
    private boolean pseudoAttribute(int close) throws XmlSyntaxException {
        boolean spaced = skipSpace();
        if (pos == close) {
            return false;
        }
        if (!spaced) {
            throw error("malformed XML declaration");
        }
        pseudoNameFrom = pos;
        while (pos < close && in[pos] != '=' && !isSpace(in[pos])) {
            pos++;
        }
        pseudoNameTo = pos;
        skipSpace();
        if (pos == close || in[pos] != '=') {
            throw error("malformed XML declaration");
        }
        pos++;
        skipSpace();
        char quote = pos < close ? in[pos] : 0;
        if (quote != '\'' && quote != '"') {
            throw error("malformed XML declaration");
        }
        pseudoValueFrom = ++pos;
        while (pos < close && in[pos] != quote) {
            char c = in[pos++];
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-') {
                throw error("malformed XML declaration");
            }
        }
        if (pos == close) {
            throw error("malformed XML declaration");
        }
        pseudoValueTo = pos++;
        return true;
    }

    private boolean pseudoNameIs(String name) {
        return pseudoNameTo - pseudoNameFrom == name.length() && startsWith(name, pseudoNameFrom);
    }

    private boolean pseudoValueIs(String value) {
        return pseudoValueTo - pseudoValueFrom == value.length() && startsWith(value, pseudoValueFrom);
    }

    /**
     * A quoted attribute value, references resolved and white space characters made spaces as
     * XML says (a line end counts once); only namespace declarations use the result.
     */
    private String attributeValue() throws XmlSyntaxException {
        char quote = pos < end ? in[pos] : 0;
        if (quote != '\'' && quote != '"') {
            throw error("attribute value without quotes");
        }
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos == end) {
                throw error("unclosed attribute value");
            }
            char c = in[pos];
            if (c == quote) {
                pos++;
                return value.toString();
            } else if (c == '<') {
                throw error("'<' in an attribute value");
            } else if (c == '&') {
                value.appendCodePoint(reference());
            } else {
                value.append(isSpace(c) ? ' ' : c);
                pos += c == '\r' && pos + 1 < end && in[pos + 1] == '\n' ? 2 : 1;
            }
        }
    }

    /**
     * A reference at {@code &}: one of the five predefined entities, or a character reference
     * (decimal, or hex after a lower-case x) to an XML character. There is no other entity.
     */
    private int reference() throws XmlSyntaxException {
        for (int i = 0; i < ENTITIES.length; i++) {
            if (startsWith(ENTITIES[i], pos + 1)) {
                pos += 1 + ENTITIES[i].length();
                return ENTITY_CHARS[i];
            }
        }
        if (!startsWith("#", pos + 1)) {
            throw error("unknown entity or malformed reference");
        }
        pos += 2;
        int radix = 10;
        if (startsWith("x", pos)) {
            radix = 16;
            pos++;
        }
        int from = pos;
        int value = 0;
        for (int digit; pos < end && (digit = digit(in[pos], radix)) >= 0; pos++) {
            value = value * radix + digit;
            if (value > Character.MAX_CODE_POINT) {
                throw error("character reference out of range");
            }
        }
        if (pos == from) {
            throw error("malformed character reference");
        }
        expect(';');
        if (!XmlChars.isXmlChar(value)) {
            throw error("reference to a character that XML does not allow");
        }
        return value;
    }

    // ---- the text being collected

    /** Adds input text, with expat's line-end normalisation: "\r\n" and a lone "\r" become "\n". */
    private void addLines(int from, int to) {
        int run = from;
        for (int i = from; i < to; i++) {
            if (in[i] == '\r') {
                addText(run, i);
                addChar('\n');
                if (i + 1 < to && in[i + 1] == '\n') {
                    i++;
                }
                run = i + 1;
            }
        }
        addText(run, to);
    }

    private void addText(int from, int to) {
        if (!collecting || from == to) {
            return;
        }
        if (textBuilt) {
            textBuilder.append(in, from, to - from);
        } else if (textFrom < 0) {
            textFrom = from;
            textTo = to;
        } else {
            buildText().append(in, from, to - from);
        }
    }

    private void addChar(int c) {
        if (collecting) {
            (textBuilt ? textBuilder : buildText()).appendCodePoint(c);
        }
    }

    /** Moves the text so far into the builder. */
    private StringBuilder buildText() {
        if (textBuilder == null) {
            textBuilder = new StringBuilder();
        }
        textBuilder.setLength(0);
        if (textFrom >= 0) {
            textBuilder.append(in, textFrom, textTo - textFrom);
        }
        textBuilt = true;
        return textBuilder;
    }

    /** The text collected (null when there was none, as ElementTree has it), and a fresh start. */
    private String takeText() throws XmlSyntaxException {
        String text;
        if (textBuilt) {
            // the builder is kept for the next text: counted once, at the largest it has grown to
            long builder = 2L * textBuilder.capacity();
            if (builder > builderBytes) {
                footprint.add(builder - builderBytes);
                builderBytes = builder;
            }
            footprint.add(Footprint.string(textBuilder.length()));
            text = textBuilder.toString();
        } else if (textFrom >= 0) {
            footprint.add(Footprint.string(textTo - textFrom));
            text = string(textFrom, textTo);
        } else {
            text = null;
        }
        textFrom = -1;
        textBuilt = false;
        return text;
    }

    // ---- lexical pieces

    /** A name, or prefix:local; returns the colon's index, -1 without one. */
    private int qName() throws XmlSyntaxException {
        ncName();
        if (pos == end || in[pos] != ':') {
            return -1;
        }
        int colon = pos++;
        ncName();
        return colon;
    }

    /** A name without a colon. */
    private void ncName() throws XmlSyntaxException {
        if (pos == end || !XmlNames.isNameStart(in[pos])) {
            throw error("name expected");
        }
        do {
            pos++;
        } while (pos < end && XmlNames.isNameChar(in[pos]));
    }

    private boolean startsWith(String s, int at) {
        if (at + s.length() > end) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (in[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code s} next starts at or after {@code from}, or -1. */
    private int indexOf(String s, int from) {
        char first = s.charAt(0);
        for (int i = from; i + s.length() <= end; i++) {
            if (in[i] == first && startsWith(s, i)) {
                return i;
            }
        }
        return -1;
    }

    private String string(int from, int to) {
        return new String(in, from, to - from);
    }

    private void expect(char c) throws XmlSyntaxException {
        if (pos == end || in[pos] != c) {
            throw error("'" + c + "' expected");
        }
        pos++;
    }

    /** Skips XML white space; says whether there was any. */
    private boolean skipSpace() {
        int from = pos;
        while (pos < end && isSpace(in[pos])) {
            pos++;
        }
        return pos > from;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** An ASCII digit's value in the radix (10 or 16), or -1. */
    private static int digit(char c, int radix) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        return radix == 16 && lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    private XmlSyntaxException error(String what) {
        return new XmlSyntaxException(what + " at character " + pos);
    }
}
