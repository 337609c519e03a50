package org.sscpbridge.tools.decode;

import java.net.InetSocketAddress;
import java.util.Locale;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.tools.WireFields;

/**
 * One line per datagram:
 * {@code TIME SOURCE > DESTINATION SENDER NAME(id) seq=N <Element attr=value ...>}, or, for a
 * malformed datagram, {@code ... ERROR code reason | tree: <...>}. Without capture data (a file,
 * stdin) the line starts with the origin instead of time and addresses.
 */
public final class TextFormat {
    private TextFormat() {
    }

    public static String line(DecodedDatagram d) {
        RawDatagram raw = d.raw();
        StringBuilder sb = new StringBuilder();
        if (raw.time() != null || raw.source() != null) {
            sb.append(raw.time() == null ? "-" : raw.time().toString()).append(' ')
                    .append(address(raw.source())).append(" > ").append(address(raw.destination()));
        } else {
            sb.append(raw.origin()).append(':');
        }
        sb.append(' ').append(d.sender().name().toLowerCase(Locale.ROOT)).append(' ');
        sb.append(name(d));
        long seq = d.frame() != null ? d.frame().seq() : d.error().seq();
        sb.append(" seq=").append(seq == Frame.NO_SEQ ? "-" : String.valueOf(seq));
        if (d.ok()) {
            String body = WireFields.compact(d.tree());
            if (!body.isEmpty()) {
                sb.append(' ').append(body);
            }
        } else {
            sb.append(" ERROR ").append(d.error().errorCode()).append(' ').append(d.error().reason());
            if (d.tree() != null) {
                sb.append(" | tree: <").append(d.tree().name()).append(" name=").append(d.name() == null ? "?" : d.name())
                        .append("> ").append(WireFields.compact(d.tree()));
            }
            sb.append(" (").append(d.raw().bytes().length).append(" bytes)");
        }
        return sb.toString().stripTrailing();
    }

    /** {@code SpeedDial(9)}; {@code ?} when the XML did not parse. */
    static String name(DecodedDatagram d) {
        if (d.frame() != null) {
            return d.frame().type().wireName() + "(" + d.frame().type().id() + ")";
        }
        MessageType type = d.error().messageType();
        if (type != null) {
            return type.wireName() + "(" + type.id() + ")";
        }
        return d.name() != null ? d.name() : "?";
    }

    static String address(InetSocketAddress a) {
        if (a == null) {
            return "-";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
