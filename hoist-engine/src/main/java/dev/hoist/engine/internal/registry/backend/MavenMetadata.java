package dev.hoist.engine.internal.registry.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the version list of a Maven repository's {@code maven-metadata.xml} with the JDK's parser,
 * hardened against XML external entities: a document with a DOCTYPE is refused outright, and
 * external DTDs, schemas and XInclude are off.
 */
final class MavenMetadata {
  private MavenMetadata() {}

  /**
   * The {@code versioning/versions/version} entries, in document order.
   *
   * @throws IllegalArgumentException for a malformed document, one with a DOCTYPE, or one whose
   *     root is not {@code metadata}
   */
  static List<String> versions(byte[] xml) {
    Document doc;
    try {
      doc = builder().parse(new ByteArrayInputStream(xml));
    } catch (SAXException e) {
      throw new IllegalArgumentException(
          "not well-formed XML, or it has a DOCTYPE (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable (" + e.getMessage() + ")");
    }
    Element root = doc.getDocumentElement();
    if (!"metadata".equals(root.getTagName())) {
      throw new IllegalArgumentException(
          "the root element is <" + root.getTagName() + ">, not <metadata>");
    }
    List<String> out = new ArrayList<>();
    for (Element versioning : children(root, "versioning")) {
      for (Element versions : children(versioning, "versions")) {
        for (Element v : children(versions, "version")) {
          String text = v.getTextContent().strip();
          if (!text.isEmpty()) out.add(text);
        }
      }
    }
    return out;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) out.add(e);
    }
    return out;
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", e);
    }
  }
}
