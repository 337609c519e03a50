package org.sscpbridge.sscp.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A datagram's XML as a small generic tree, before it is mapped to a message: element name,
 * attributes in document order, the element's own text (all its character data concatenated,
 * untrimmed; "" if none) and child elements in order. Used by the codec itself, by tools that
 * print datagrams, and by tests comparing against the seed fixtures.
 */
public record XmlElement(String name, List<XmlAttribute> attributes, String text, List<XmlElement> children) {
    public XmlElement {
        Objects.requireNonNull(name, "name");
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(text, "text");
        children = List.copyOf(children);
    }

    /** The value of attribute {@code attributeName}, or null if absent. */
    public String attribute(String attributeName) {
        for (XmlAttribute a : attributes) {
            if (a.name().equals(attributeName)) {
                return a.value();
            }
        }
        return null;
    }

    /** The first child called {@code childName}, or null if there is none. */
    public XmlElement child(String childName) {
        for (XmlElement c : children) {
            if (c.name().equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** Every child called {@code childName}, in document order (unmodifiable). */
    public List<XmlElement> children(String childName) {
        List<XmlElement> matching = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.name().equals(childName)) {
                matching.add(c);
            }
        }
        return Collections.unmodifiableList(matching);
    }
}
