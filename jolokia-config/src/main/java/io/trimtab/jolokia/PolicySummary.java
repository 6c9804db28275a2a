package io.trimtab.jolokia;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Says in one line what a policy Jolokia has already accepted allows and denies. */
final class PolicySummary {

    private PolicySummary() {
    }

    static String of(String xml, String source) {
        Document doc = parse(xml);
        List<String> origins = texts(doc, "cors", "allow-origin");
        origins.remove("none");
        return "Jolokia access policy " + source
                + ": HTTP " + orAll(texts(doc, "http", "method"))
                + "; commands " + orAll(texts(doc, "commands", "command"))
                + "; also allowed on " + orNone(texts(doc, "allow", "name"))
                + "; denied on " + orNone(texts(doc, "deny", "name"))
                + "; CORS origins " + orNone(origins)
                + (doc.getElementsByTagName("strict-checking").getLength() > 0 ? " (strict)" : "");
    }

    /** Text of every {@code child} element inside any {@code parent} element. */
    private static List<String> texts(Document doc, String parent, String child) {
        List<String> texts = new ArrayList<>();
        NodeList parents = doc.getElementsByTagName(parent);
        for (int i = 0; i < parents.getLength(); i++) {
            NodeList children = ((Element) parents.item(i)).getElementsByTagName(child);
            for (int j = 0; j < children.getLength(); j++) {
                texts.add(children.item(j).getTextContent().trim());
            }
        }
        return texts;
    }

    private static String orAll(List<String> values) {
        return values.isEmpty() ? "all" : String.join(", ", values);
    }

    private static String orNone(List<String> values) {
        return values.isEmpty() ? "none" : "[" + String.join(", ", values) + "]";
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot summarize the access policy: " + e.getMessage(), e);
        }
    }
}
