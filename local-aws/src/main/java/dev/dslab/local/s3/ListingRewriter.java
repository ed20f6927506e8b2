package dev.dslab.local.s3;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Turns S3Proxy's ListBucketResult (ListObjects v1 and v2) into the listing a lagging replica would give:
 * keys it has not seen created are left out, keys it has not seen deleted are still listed, keys it has
 * not seen overwritten show their old ETag, size and date. A key a delimiter would fold into a common
 * prefix, or that belongs on another page, is not added.
 */
final class ListingRewriter {

    private static final DateTimeFormatter LIST_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private ListingRewriter() {
    }

    /**
     * @param listing the emulator's answer
     * @param seen    key → the state this listing sees instead of the current one
     * @param query   the listing request's parameters
     * @return the rewritten document, or empty when the answer is not a listing this can rewrite
     */
    static Optional<byte[]> rewrite(byte[] listing, Map<String, StoredResponse> seen, Map<String, String> query) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(listing));
        } catch (Exception notXml) {
            return Optional.empty();
        }
        Element root = document.getDocumentElement();
        if (!"ListBucketResult".equals(root.getLocalName())) {
            return Optional.empty();
        }
        boolean urlEncoded = "url".equalsIgnoreCase(childText(root, "EncodingType").orElse(""));
        List<Element> contents = children(root, "Contents");
        boolean truncated = "true".equals(childText(root, "IsTruncated").orElse("false"));
        String lastListed = contents.isEmpty() ? null : keyOf(contents.get(contents.size() - 1), urlEncoded);
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.getOrDefault("delimiter", "");
        String after = query.containsKey("start-after") ? query.get("start-after") : query.getOrDefault("marker", "");

        for (Map.Entry<String, StoredResponse> entry : seen.entrySet()) {
            String key = entry.getKey();
            StoredResponse state = entry.getValue();
            Element listed = contents.stream().filter(element -> key.equals(keyOf(element, urlEncoded))).findFirst().orElse(null);
            if (!state.exists()) {
                if (listed != null) {
                    root.removeChild(listed);
                    contents.remove(listed);
                }
                continue;
            }
            if (listed != null) {
                describe(listed, state);
                continue;
            }
            boolean onThisPage = key.compareTo(after) > 0 && !query.containsKey("continuation-token")
                    && (!truncated || lastListed == null || key.compareTo(lastListed) < 0);
            boolean foldedIntoPrefix = !delimiter.isEmpty() && key.substring(prefix.length()).contains(delimiter);
            if (onThisPage && !foldedIntoPrefix) {
                Element added = contents.isEmpty() ? newContents(document, root) : (Element) contents.get(0).cloneNode(true);
                setChild(added, "Key", urlEncoded ? URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20") : key);
                describe(added, state);
                Element next = contents.stream().filter(element -> keyOf(element, urlEncoded).compareTo(key) > 0).findFirst().orElse(null);
                Node before = next != null ? next : contents.isEmpty() ? firstChild(root, "CommonPrefixes") : contents.get(contents.size() - 1).getNextSibling();
                root.insertBefore(added, before);
                contents.add(next == null ? contents.size() : contents.indexOf(next), added);
            }
        }
        childElement(root, "KeyCount").ifPresent(count ->
                count.setTextContent(Integer.toString(contents.size() + children(root, "CommonPrefixes").size())));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(listing.length + 512);
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return Optional.of(out.toByteArray());
        } catch (Exception unwritable) {
            return Optional.empty();
        }
    }

    /** Writes the state's ETag, size and date into a Contents element. */
    private static void describe(Element contents, StoredResponse state) {
        state.header("ETag").ifPresent(etag -> setChild(contents, "ETag", etag));
        setChild(contents, "Size", Integer.toString(state.body().length));
        state.header("Last-Modified").ifPresent(date -> {
            try {
                setChild(contents, "LastModified", LIST_DATE.format(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)));
            } catch (DateTimeParseException unreadable) {
                // keep the listed date: the SDK parses it and nothing else depends on it
            }
        });
    }

    private static Element newContents(Document document, Element root) {
        Element contents = document.createElementNS(root.getNamespaceURI(), "Contents");
        for (String name : List.of("Key", "LastModified", "ETag", "Size")) {
            contents.appendChild(document.createElementNS(root.getNamespaceURI(), name));
        }
        Element storageClass = document.createElementNS(root.getNamespaceURI(), "StorageClass");
        storageClass.setTextContent("STANDARD");
        contents.appendChild(storageClass);
        return contents;
    }

    private static String keyOf(Element contents, boolean urlEncoded) {
        String key = childText(contents, "Key").orElse("");
        return urlEncoded ? S3Request.decode(key) : key;
    }

    private static void setChild(Element parent, String name, String text) {
        Element child = childElement(parent, name).orElseGet(() -> {
            Element created = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), name);
            parent.appendChild(created);
            return created;
        });
        child.setTextContent(text);
    }

    private static Node firstChild(Element parent, String name) {
        return childElement(parent, name).orElse(null);
    }

    private static Optional<String> childText(Element parent, String name) {
        return childElement(parent, name).map(Node::getTextContent);
    }

    private static Optional<Element> childElement(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }
}
