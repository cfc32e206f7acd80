package supervisor.server.web;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads the pages as a scraper would: both servers' pages are well-formed XHTML, so they are
 * parsed as XML and only what clients look at is kept (classes, texts, link targets).
 */
final class Pages {
    private Pages() {
    }

    /** One table row of the status page. */
    record Row(String rowClass, String stateClass, String state, String description, String name, String nameHref,
               String nameTarget, List<String> actions) {
    }

    static Document parse(byte[] page) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(page));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XHTML: " + e + "\n" + new String(page), e);
        }
    }

    static List<Row> rows(byte[] page) {
        Document doc = parse(page);
        List<Row> rows = new ArrayList<>();
        NodeList bodies = doc.getElementsByTagName("tbody");
        if (bodies.getLength() == 0) {
            return rows;
        }
        for (Element tr : children((Element) bodies.item(0), "tr")) {
            List<Element> tds = children(tr, "td");
            Element state = first(tds.get(0), "span");
            Element description = first(tds.get(1), "span");
            Element name = first(tds.get(2), "a");
            List<String> actions = new ArrayList<>();
            for (Element a : descendants(tds.get(3), "a")) {
                actions.add(a.getAttribute("class").equals("hidden") ? "(hidden)"
                        : a.getAttribute("name") + " -> " + a.getAttribute("href")
                        + (a.hasAttribute("target") ? " target=" + a.getAttribute("target") : ""));
            }
            rows.add(new Row(tr.getAttribute("class"), state.getAttribute("class"), state.getTextContent(),
                    description.getTextContent(), name.getTextContent(), name.getAttribute("href"),
                    name.getAttribute("target"), actions));
        }
        return rows;
    }

    /** The text of the first element with this class, or null. */
    static String textOfClass(byte[] page, String cssClass) {
        for (Element e : descendants(parse(page).getDocumentElement(), "*")) {
            if (e.getAttribute("class").equals(cssClass)) {
                return e.getTextContent();
            }
        }
        return null;
    }

    static String text(byte[] page, String tag) {
        NodeList found = parse(page).getElementsByTagName(tag);
        return found.getLength() == 0 ? null : found.item(0).getTextContent();
    }

    /** Every link's href, in page order. */
    static List<String> hrefs(byte[] page) {
        List<String> hrefs = new ArrayList<>();
        for (Element a : descendants(parse(page).getDocumentElement(), "a")) {
            hrefs.add(a.getAttribute("href"));
        }
        return hrefs;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<Element> descendants(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        NodeList all = parent.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            found.add((Element) all.item(i));
        }
        return found;
    }

    private static Element first(Element parent, String tag) {
        List<Element> found = descendants(parent, tag);
        if (found.isEmpty()) {
            throw new AssertionError("no <" + tag + "> in a status row cell");
        }
        return found.get(0);
    }
}
