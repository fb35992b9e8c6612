package fr.dmp.ingest.format.cda;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * XML parsing for documents from outside (formats.md: DOCTYPE and external entities disabled). A
 * document with a DOCTYPE is refused before parsing: no DTD, so no entity can be declared, expanded or
 * fetched (billion laughs, XXE), and the parser itself is configured to refuse them as well.
 */
public final class SafeXml {

    private static final DocumentBuilderFactory FACTORY = factory();

    private SafeXml() {
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute("jdk.xml.entityExpansionLimit", "1000");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
        }
    }

    /** Why a document may not be parsed at all, or null. */
    public static String unsafe(byte[] bytes) {
        // the prolog ends where the root element starts; a DOCTYPE can only be before it
        java.nio.charset.Charset cs = headCharset(bytes);
        int n = Math.min(bytes.length, 64 * 1024);
        if (cs != StandardCharsets.ISO_8859_1) {
            n -= n % 2;
        }
        String head = new String(bytes, 0, n, cs);
        int root = firstElement(head);
        String prolog = root < 0 ? head : head.substring(0, root);
        if (prolog.contains("<!DOCTYPE") || prolog.contains("<!ENTITY")) {
            return "XML with a DOCTYPE or entity declaration";
        }
        if (head.contains("XInclude") || head.contains("xi:include")) {
            return "XML with an XInclude";
        }
        return null;
    }

    /**
     * The character set to look for markup in: UTF-16 by its byte order mark or, without one, by its first character
     * {@code <} (XML 1.0 appendix F), else ISO-8859-1, which reads the ASCII markup of UTF-8 and every 8-bit set.
     * Read as ISO-8859-1, a UTF-16 DOCTYPE was {@code <\0!\0D\0...}: only the parser refused it (review).
     */
    static java.nio.charset.Charset headCharset(byte[] b) {
        if (b.length >= 2) {
            int b0 = b[0] & 0xFF;
            int b1 = b[1] & 0xFF;
            if (b0 == 0xFE && b1 == 0xFF || b0 == 0 && b1 == '<') {
                return StandardCharsets.UTF_16BE;
            }
            if (b0 == 0xFF && b1 == 0xFE || b0 == '<' && b1 == 0) {
                return StandardCharsets.UTF_16LE;
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    private static int firstElement(String s) {
        for (int i = s.indexOf('<'); i >= 0 && i < s.length() - 1; i = s.indexOf('<', i + 1)) {
            char c = s.charAt(i + 1);
            if (c != '?' && c != '!') {
                return i;
            }
        }
        return -1;
    }

    /** Parses, or throws {@link SAXException} for malformed XML (and for anything unsafe that got past {@link #unsafe}). */
    public static Document parse(byte[] bytes) throws SAXException, IOException {
        DocumentBuilder builder;
        try {
            builder = FACTORY.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity refused");
        });
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return builder.parse(new ByteArrayInputStream(bytes));
    }
}
