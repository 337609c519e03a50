package org.sscpbridge.tools.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.sscpbridge.sscp.codec.XmlAttribute;
import org.sscpbridge.sscp.codec.XmlElement;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;

/**
 * One JSON object per datagram, on one line:
 * {@code {"origin", "time", "source", "destination", "sender", "name", "id", "seq", "ok",
 * "elements": [{"name", "attributes": {..}, "text", "children": [..]}], "error": {"code", "reason"}}}.
 * Unknown values are null; {@code elements} is null when the XML did not parse.
 */
public final class JsonFormat {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFormat() {
    }

    public static String line(DecodedDatagram d) {
        ObjectNode o = MAPPER.createObjectNode();
        RawDatagram raw = d.raw();
        o.put("origin", raw.origin());
        o.put("time", raw.time() == null ? null : raw.time().toString());
        o.put("source", raw.source() == null ? null : TextFormat.address(raw.source()));
        o.put("destination", raw.destination() == null ? null : TextFormat.address(raw.destination()));
        o.put("sender", d.sender().name().toLowerCase(Locale.ROOT));
        MessageType type = d.frame() != null ? d.frame().type() : d.error().messageType();
        o.put("name", type != null ? type.wireName() : d.name());
        if (type != null) {
            o.put("id", type.id());
        } else {
            o.putNull("id");
        }
        long seq = d.frame() != null ? d.frame().seq() : d.error().seq();
        if (seq == Frame.NO_SEQ) {
            o.putNull("seq");
        } else {
            o.put("seq", seq);
        }
        o.put("ok", d.ok());
        if (d.tree() == null) {
            o.putNull("elements");
        } else {
            ArrayNode elements = o.putArray("elements");
            d.tree().children().forEach(c -> elements.add(element(c)));
        }
        if (d.ok()) {
            o.putNull("error");
        } else {
            ObjectNode error = o.putObject("error");
            error.put("code", d.error().errorCode());
            error.put("reason", d.error().reason());
        }
        o.put("bytes", raw.bytes().length);
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serialises.
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode element(XmlElement e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", e.name());
        ObjectNode attributes = o.putObject("attributes");
        for (XmlAttribute a : e.attributes()) {
            attributes.put(a.name(), a.value());
        }
        String text = e.text().strip();
        if (text.isEmpty()) {
            o.putNull("text");
        } else {
            o.put("text", text);
        }
        ArrayNode children = o.putArray("children");
        e.children().forEach(c -> children.add(element(c)));
        return o;
    }
}
