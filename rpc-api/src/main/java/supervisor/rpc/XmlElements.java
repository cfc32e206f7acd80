package supervisor.rpc;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A hardened XML reader that hands each element to a callback when the element ends, with its
 * children already handled: the same shape as ElementTree's {@code iterparse}, on which both
 * supervisord's unmarshaller and this package's decoders are modelled.
 *
 * <p>Hardening: the body is decoded as strict UTF-8 by us (any {@code encoding=} in the XML
 * declaration is ignored, as supervisord ignores it), DTD support and external entities are
 * switched off, the resolver refuses everything, and any DOCTYPE or entity reference ends the
 * parse with an error, and so does nesting deeper than {@link #MAX_DEPTH}. Nothing is ever read
 * from the file system or the network.
 */
final class XmlElements {
    /**
     * Deeper documents are refused (HTTP 400). Python sets no limit; this one is far beyond what
     * any client sends (a multicall of structs of arrays is about 15 deep) and keeps hostile
     * nesting from costing memory or stack.
     */
    static final int MAX_DEPTH = 256;

    /** One element. {@code text} is the raw text before the first child until a handler replaces it. */
    static final class Element {
        final String tag;
        Object text;
        final List<Element> children = new ArrayList<>();
        private StringBuilder rawText;

        Element(String tag) {
            this.tag = tag;
        }

        /** Drops the children and sets the element's value, like ElementTree's clear() then text=. */
        void replaceWith(Object value) {
            children.clear();
            text = value;
        }
    }

    @FunctionalInterface
    interface EndHandler {
        void end(Element element) throws XmlSyntaxException;
    }

    /** The body is not XML we accept; the message says why. */
    static final class XmlSyntaxException extends Exception {
        XmlSyntaxException(String message) {
            super(message);
        }

        XmlSyntaxException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * One hardened factory per thread: making one costs more than parsing a call, and the JDK's
     * factory reuses its reader, so it is not shared between threads.
     */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(XmlElements::newFactory);

    private XmlElements() {
    }

    /** Parses {@code body}, calling {@code handler} at every end tag; returns the root element. */
    static Element parse(byte[] body, EndHandler handler) throws XmlSyntaxException {
        String text = decodeUtf8(body);
        XMLStreamReader reader;
        try {
            reader = FACTORY.get().createXMLStreamReader(new StringReader(text));
        } catch (XMLStreamException e) {
            throw new XmlSyntaxException("unparseable XML: " + e.getMessage(), e);
        }
        try {
            return walk(reader, handler);
        } catch (XMLStreamException | RuntimeException e) {
            // The JDK parser reports some malformations as unchecked exceptions.
            throw new XmlSyntaxException("unparseable XML: " + e.getMessage(), e);
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing was opened that needs closing
            }
        }
    }

    private static Element walk(XMLStreamReader reader, EndHandler handler)
            throws XMLStreamException, XmlSyntaxException {
        Deque<Element> open = new ArrayDeque<>();
        Element root = null;
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD ->
                        throw new XmlSyntaxException("DOCTYPE declarations are not accepted");
                case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                        throw new XmlSyntaxException("entity references are not accepted");
                case XMLStreamConstants.START_ELEMENT -> {
                    Element element = new Element(tagOf(reader));
                    Element parent = open.peek();
                    if (parent != null) {
                        parent.children.add(element);
                    } else {
                        root = element;
                    }
                    open.push(element);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    Element current = open.peek();
                    // ElementTree's text is what comes before the first child; comments do not split it.
                    if (current != null && current.children.isEmpty()) {
                        if (current.rawText == null) {
                            current.rawText = new StringBuilder();
                        }
                        current.rawText.append(reader.getTextCharacters(), reader.getTextStart(),
                                reader.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Element element = open.pop();
                    element.text = element.rawText == null ? null : element.rawText.toString();
                    element.rawText = null;
                    handler.end(element);
                }
                default -> {
                    // comments, processing instructions, document start/end: no meaning here
                }
            }
        }
        if (root == null) {
            throw new XmlSyntaxException("no root element");
        }
        return root;
    }

    /** ElementTree names namespaced elements {@code {uri}local}; so do we, so they match no rule. */
    private static String tagOf(XMLStreamReader reader) {
        String uri = reader.getNamespaceURI();
        String local = reader.getLocalName();
        return uri == null || uri.isEmpty() ? local : "{" + uri + "}" + local;
    }

    private static String decodeUtf8(byte[] body) throws XmlSyntaxException {
        if (isAscii(body)) {
            // the usual call: nothing to check, and the JDK copies ASCII at memory speed
            return new String(body, StandardCharsets.ISO_8859_1);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            // A UTF-8 byte order mark is harmless to expat; the JDK reader wants it gone.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new XmlSyntaxException("body is not valid UTF-8", e);
        }
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    private static XMLInputFactory newFactory() {
        // The JDK's own implementation, whatever else is on the class path: its hardening
        // properties are the ones set (and tested) here.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty("jdk.xml.maxElementDepth", MAX_DEPTH);
        // the factory belongs to one thread: let it reset its last reader instead of building a new one
        factory.setProperty("reuse-instance", true);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are refused: " + systemId);
        });
        return factory;
    }
}
