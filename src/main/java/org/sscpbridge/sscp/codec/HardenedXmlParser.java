package org.sscpbridge.sscp.codec;

import static org.sscpbridge.sscp.codec.DecodeLimits.MALFORMED;
import static org.sscpbridge.sscp.codec.DecodeLimits.MAX_ATTRIBUTES_PER_ELEMENT;
import static org.sscpbridge.sscp.codec.DecodeLimits.MAX_ATTRIBUTE_CHARS;
import static org.sscpbridge.sscp.codec.DecodeLimits.MAX_DATAGRAM_BYTES;
import static org.sscpbridge.sscp.codec.DecodeLimits.MAX_DEPTH;
import static org.sscpbridge.sscp.codec.DecodeLimits.MAX_ELEMENTS;
import static org.sscpbridge.sscp.codec.DecodeLimits.MAX_TEXT_CHARS;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLInputFactory2;
import org.codehaus.stax2.io.Stax2ByteArraySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses well-formed XML bytes into an {@link XmlElement} tree with Woodstox, configured so that
 * nothing outside the datagram is ever read: no DTD, no external entities, tight limits.
 *
 * <p>The factories are Woodstox's, named explicitly: {@code XMLInputFactory.newInstance()} would
 * pick whatever StAX the JDK or the OSGi container offers, with unknown defaults. They are built
 * once through Jackson's {@link XmlFactory}, which leaves the shared, configured
 * {@link XMLInputFactory} for streaming reads. Thread-safe: a Woodstox factory is safe to share
 * once configured, and every parse creates its own reader.
 *
 * <p>The tree is built iteratively with an explicit stack: no recursion, so no input can exhaust
 * the Java stack. Depth, element count, attribute count and sizes are checked here as well as by
 * Woodstox.
 */
final class HardenedXmlParser {
    private static final Logger LOG = LoggerFactory.getLogger(HardenedXmlParser.class);

    /** Refuses every attempt to resolve an external resource (DTD, entity): nothing is fetched. */
    private static final XMLResolver REFUSE_ALL = (publicId, systemId, baseUri, namespace) -> {
        throw new XMLStreamException("external resources are refused: " + systemId);
    };

    private final XmlFactory xmlFactory;
    private final XMLInputFactory2 inputFactory;

    HardenedXmlParser() {
        WstxInputFactory woodstoxIn = new WstxInputFactory();
        this.xmlFactory = new XmlFactory(woodstoxIn, new WstxOutputFactory());
        this.inputFactory = (XMLInputFactory2) xmlFactory.getXMLInputFactory();
        harden(inputFactory);
        LOG.debug("SSCP XML parser: {} via Jackson {}", inputFactory.getClass().getName(), xmlFactory.version());
    }

    private static void harden(XMLInputFactory2 f) {
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        // Predefined entities and character references are expanded; any other reference has no
        // declaration (no DTD) and fails, instead of surfacing as an ENTITY_REFERENCE event.
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        f.setProperty(XMLInputFactory.RESOLVER, REFUSE_ALL);
        f.setProperty(WstxInputProperties.P_DTD_RESOLVER, REFUSE_ALL);
        f.setProperty(WstxInputProperties.P_ENTITY_RESOLVER, REFUSE_ALL);
        f.setProperty(WstxInputProperties.P_UNDECLARED_ENTITY_RESOLVER, null);
        f.setProperty(XMLInputFactory2.P_PRESERVE_LOCATION, Boolean.FALSE);
        f.setProperty(XMLInputFactory2.P_AUTO_CLOSE_INPUT, Boolean.TRUE);

        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_DEPTH);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, (long) MAX_ELEMENTS);
        f.setProperty(WstxInputProperties.P_MAX_CHILDREN_PER_ELEMENT, MAX_ELEMENTS);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, MAX_ATTRIBUTES_PER_ELEMENT);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, MAX_ATTRIBUTE_CHARS);
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, (long) MAX_TEXT_CHARS);
        f.setProperty(WstxInputProperties.P_MAX_CHARACTERS, (long) 2 * MAX_DATAGRAM_BYTES);
        // Only declared (DTD) entities count, and there are none: the smallest legal values.
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        f.setProperty(WstxInputProperties.P_MAX_DTD_DEPTH, 1);
    }

    /** The Jackson XML factory this parser is built on (Woodstox in and out). */
    XmlFactory xmlFactory() {
        return xmlFactory;
    }

    /** Parses {@code xml} (UTF-8, one root element) into a tree, or says why it cannot. */
    XmlElement parse(RepairedXml xml) throws SscpDecodeException {
        XMLStreamReader reader = null;
        try {
            Stax2ByteArraySource source = new Stax2ByteArraySource(xml.bytes(), 0, xml.length());
            source.setEncoding("UTF-8");
            reader = inputFactory.createXMLStreamReader(source);
            return buildTree(reader);
        } catch (XMLStreamException | RuntimeException e) {
            // Woodstox reports malformed input as XMLStreamException, and from some accessors as
            // unchecked WstxLazyException / IllegalStateException: all mean "not acceptable XML".
            throw new SscpDecodeException(MALFORMED, "malformed XML: " + Reasons.parserMessage(e.getMessage()));
        } finally {
            close(reader);
        }
    }

    private static XmlElement buildTree(XMLStreamReader r) throws XMLStreamException, SscpDecodeException {
        ElementBuilder[] open = new ElementBuilder[MAX_DEPTH];
        int depth = 0;
        int elements = 0;
        XmlElement root = null;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (depth >= MAX_DEPTH) {
                        throw refused("elements nested deeper than " + MAX_DEPTH);
                    }
                    if (++elements > MAX_ELEMENTS) {
                        throw refused("more than " + MAX_ELEMENTS + " elements");
                    }
                    open[depth++] = new ElementBuilder(r.getLocalName(), attributes(r));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement done = open[--depth].build();
                    open[depth] = null;
                    if (depth == 0) {
                        root = done;
                    } else {
                        open[depth - 1].addChild(done);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (depth > 0) {
                        open[depth - 1].appendText(r.getText());
                    }
                }
                case XMLStreamConstants.COMMENT, XMLStreamConstants.START_DOCUMENT, XMLStreamConstants.END_DOCUMENT -> {
                    // nothing to keep
                }
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_DECLARATION,
                        XMLStreamConstants.NOTATION_DECLARATION, XMLStreamConstants.ENTITY_REFERENCE ->
                        throw refused("DTDs and entity declarations are refused");
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw refused("processing instructions are refused");
                default -> throw refused("unexpected XML event " + event);
            }
        }
        if (root == null) {
            throw refused("no root element");
        }
        return root;
    }

    private static List<XmlAttribute> attributes(XMLStreamReader r) throws SscpDecodeException {
        int count = r.getAttributeCount();
        if (count == 0) {
            return List.of();
        }
        if (count > MAX_ATTRIBUTES_PER_ELEMENT) {
            throw refused("more than " + MAX_ATTRIBUTES_PER_ELEMENT + " attributes on one element");
        }
        List<XmlAttribute> attributes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String value = r.getAttributeValue(i);
            if (value.length() > MAX_ATTRIBUTE_CHARS) {
                throw refused("attribute value longer than " + MAX_ATTRIBUTE_CHARS + " chars");
            }
            attributes.add(new XmlAttribute(r.getAttributeLocalName(i), value));
        }
        return attributes;
    }

    private static void close(XMLStreamReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // Closing a reader over a byte array releases buffers only; nothing to recover.
            LOG.trace("closing XML reader failed", e);
        }
    }

    private static SscpDecodeException refused(String reason) {
        return new SscpDecodeException(MALFORMED, reason);
    }

    /** An element being read: its text accumulates and children are added as they end. */
    private static final class ElementBuilder {
        private final String name;
        private final List<XmlAttribute> attributes;
        private List<XmlElement> children; // most elements have none: allocated on the first
        private String text = "";
        private StringBuilder moreText;

        ElementBuilder(String name, List<XmlAttribute> attributes) {
            this.name = name;
            this.attributes = attributes;
        }

        void appendText(String segment) throws SscpDecodeException {
            if (moreText == null && text.isEmpty()) {
                text = segment;
            } else {
                if (moreText == null) {
                    moreText = new StringBuilder(text);
                }
                moreText.append(segment);
            }
            if ((moreText != null ? moreText.length() : text.length()) > MAX_TEXT_CHARS) {
                throw refused("text longer than " + MAX_TEXT_CHARS + " chars");
            }
        }

        void addChild(XmlElement child) {
            if (children == null) {
                children = new ArrayList<>(4);
            }
            children.add(child);
        }

        XmlElement build() {
            return new XmlElement(name, attributes, moreText != null ? moreText.toString() : text,
                    children == null ? List.of() : children);
        }
    }
}
