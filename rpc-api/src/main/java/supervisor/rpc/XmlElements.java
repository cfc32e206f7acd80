package supervisor.rpc;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A hardened XML reader that hands each element to a callback when the element ends, with its
 * children already handled: the same shape as ElementTree's {@code iterparse}, on which both
 * supervisord's unmarshaller and this package's decoders are modelled.
 *
 * <p>The parsing is our own ({@link XmlReader}), not the JDK's StAX parser, whose set-up per
 * document cost more than the rest of an XML-RPC call. It accepts and refuses what supervisord's
 * parser (expat through xml.etree) does, checked against it by {@code XmlReaderMatchesExpatTest},
 * and is hardened by construction: the body is decoded as strict UTF-8 by us (any {@code
 * encoding=} in the XML declaration is ignored, as supervisord ignores it); any DOCTYPE is refused
 * (expat accepts internal ones and their entity declarations: ours is the one deliberate
 * difference), so the only entities are the five predefined ones and character references to XML
 * characters; nothing is ever read from the file system or the network; nesting deeper than
 * {@link #MAX_DEPTH} is refused as soon as it is seen; and the reader keeps no recursion, so
 * work and memory grow with the body's size and nothing else.
 */
final class XmlElements {
    /**
     * Deeper documents are refused (HTTP 400). Python sets no limit; this one is far beyond what
     * any client sends (a multicall of structs of arrays is about 15 deep) and keeps hostile
     * nesting from costing memory or stack.
     */
    static final int MAX_DEPTH = 256;

    /**
     * One element. {@code text} is the raw text before the first child until a handler replaces it.
     * Most elements are leaves, or lose their children as soon as they end: a list is made only
     * for an element that gets a child, and let go when its children are dropped, so that a body
     * of many small elements costs little more than the elements themselves.
     */
    static final class Element {
        private static final List<Element> NONE = List.of();

        final String tag;
        Object text;
        /** Read-only for handlers; the shared empty list until the first child. */
        List<Element> children = NONE;

        Element(String tag) {
            this.tag = tag;
        }

        void add(Element child) {
            if (children == NONE) {
                children = new ArrayList<>(2);
            }
            children.add(child);
        }

        /** Drops the children and sets the element's value, like ElementTree's clear() then text=. */
        void replaceWith(Object value) {
            children = NONE;
            text = value;
        }
    }

    @FunctionalInterface
    interface EndHandler {
        void end(Element element) throws XmlSyntaxException;
    }

    /** The body is not XML we accept; the message says why. */
    static class XmlSyntaxException extends Exception {
        XmlSyntaxException(String message) {
            super(message);
        }

        XmlSyntaxException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private XmlElements() {
    }

    /** Parses {@code body}, calling {@code handler} at every end tag; returns the root element. */
    static Element parse(byte[] body, EndHandler handler) throws XmlSyntaxException {
        return parse(body, handler, Footprint.unlimited());
    }

    /**
     * {@link #parse(byte[], EndHandler)}, within a memory limit.
     *
     * @throws Footprint.Exceeded as soon as what is built would pass the footprint's limit
     */
    static Element parse(byte[] body, EndHandler handler, Footprint footprint) throws XmlSyntaxException {
        return new XmlReader(decode(body), handler, footprint).read();
    }

    /**
     * Strict UTF-8, whatever the XML declaration says (supervisord's parser is handed text its
     * server decoded as UTF-8), and nothing but XML characters: expat refuses the others wherever
     * they stand, so the reader need not look for them.
     */
    private static char[] decode(byte[] body) throws XmlSyntaxException {
        // the usual call is ASCII: widened as it is checked
        char[] text = new char[body.length];
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                if (b >= 0) {
                    throw new XmlSyntaxException("control character " + b + " is not XML");
                }
                return decodeNonAscii(body);
            }
            text[i] = (char) b;
        }
        return text;
    }

    private static char[] decodeNonAscii(byte[] body) throws XmlSyntaxException {
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new XmlSyntaxException("body is not valid UTF-8", e);
        }
        // a UTF-8 byte order mark is allowed before the document, as expat allows it
        if (decoded.hasRemaining() && decoded.get(decoded.position()) == '\uFEFF') {
            decoded.get();
        }
        char[] text = new char[decoded.remaining()];
        decoded.get(text);
        // Strict decoding leaves only whole surrogate pairs, which are XML characters.
        for (char c : text) {
            if (!Character.isSurrogate(c) && !XmlChars.isXmlChar(c)) {
                throw new XmlSyntaxException("character U+" + Integer.toHexString(c) + " is not XML");
            }
        }
        return text;
    }
}
