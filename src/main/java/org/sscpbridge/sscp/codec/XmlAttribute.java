package org.sscpbridge.sscp.codec;

import java.util.Objects;

/** One attribute of an {@link XmlElement}: name and value as the XML parser reported them. */
public record XmlAttribute(String name, String value) {
    public XmlAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
