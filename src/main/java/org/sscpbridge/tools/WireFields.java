package org.sscpbridge.tools;

import java.util.ArrayList;
import java.util.List;
import org.sscpbridge.sscp.codec.XmlAttribute;
import org.sscpbridge.sscp.codec.XmlElement;

/**
 * A datagram's element tree flattened into {@code key=value} fields, with keys as on the wire, so
 * that people can name what they look for without knowing the Java records: every attribute
 * {@code a} of element {@code E} appears as {@code a} and as {@code E.a}; an element's non-blank
 * character data as {@code text} and {@code E.text}. The root's own attributes ({@code name},
 * {@code seq}) are included.
 */
public final class WireFields {
    private WireFields() {
    }

    /** One flattened field. */
    public record Field(String key, String value) {
    }

    /** The fields of {@code root} and all its descendants, in document order. */
    public static List<Field> of(XmlElement root) {
        List<Field> out = new ArrayList<>();
        collect(root, out);
        return List.copyOf(out);
    }

    private static void collect(XmlElement e, List<Field> out) {
        for (XmlAttribute a : e.attributes()) {
            out.add(new Field(a.name(), a.value()));
            out.add(new Field(e.name() + "." + a.name(), a.value()));
        }
        String text = e.text().strip();
        if (!text.isEmpty()) {
            out.add(new Field("text", text));
            out.add(new Field(e.name() + ".text", text));
        }
        for (XmlElement child : e.children()) {
            collect(child, out);
        }
    }

    /** The values of every field called {@code key}: exact name first, else ignoring case. */
    public static List<String> values(List<Field> fields, String key) {
        List<String> exact = fields.stream().filter(f -> f.key().equals(key)).map(Field::value).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        return fields.stream().filter(f -> f.key().equalsIgnoreCase(key)).map(Field::value).toList();
    }

    /**
     * The children of {@code root} as compact text, e.g. {@code <Call id=01002007 state=Connected> <Text>"hi"}:
     * one group per element, attributes unquoted unless they hold spaces.
     */
    public static String compact(XmlElement root) {
        StringBuilder sb = new StringBuilder();
        for (XmlElement child : root.children()) {
            appendElement(child, sb);
        }
        return sb.toString().strip();
    }

    private static void appendElement(XmlElement e, StringBuilder sb) {
        sb.append(" <").append(e.name());
        for (XmlAttribute a : e.attributes()) {
            sb.append(' ').append(a.name()).append('=').append(quoteIfNeeded(a.value()));
        }
        sb.append('>');
        String text = e.text().strip();
        if (!text.isEmpty()) {
            sb.append('"').append(text).append('"');
        }
        for (XmlElement child : e.children()) {
            appendElement(child, sb);
        }
    }

    private static String quoteIfNeeded(String value) {
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '>');
        return plain ? value : '"' + value.replace("\"", "\\\"") + '"';
    }
}
