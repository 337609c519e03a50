package org.sscpbridge.sip.sdp;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The local side of a media session: the phone's RTP address, the codecs it can use in order of
 * preference (optionally with {@link Codec#TELEPHONE_EVENT}), its packetisation time and the
 * direction it wants.
 *
 * @param ip          the phone's RTP address, an IPv4 or IPv6 literal
 * @param port        the phone's RTP port, 1-65535
 * @param codecs      at least one voice codec; payload types distinct
 * @param ptimeMillis packetisation time, 1-1000 ms (typically 20)
 * @param direction   what the phone wants: SEND_ONLY to put the far end on hold
 */
public record MediaOffer(String ip, int port, List<Codec> codecs, int ptimeMillis, Direction direction) {
    public MediaOffer {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(direction, "direction");
        ip = IpLiteral.strip(ip);
        if (IpLiteral.addressType(ip).isEmpty()) {
            throw new IllegalArgumentException("'" + ip + "' is not an IPv4 or IPv6 address literal");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("RTP port " + port + " is not 1-65535");
        }
        codecs = List.copyOf(codecs);
        if (codecs.stream().allMatch(Codec::isTelephoneEvent)) {
            throw new IllegalArgumentException("no voice codec in " + codecs);
        }
        Set<Integer> types = new HashSet<>();
        for (Codec c : codecs) {
            if (!types.add(c.payloadType())) {
                throw new IllegalArgumentException("payload type " + c.payloadType() + " used twice in " + codecs);
            }
        }
        if (ptimeMillis < 1 || ptimeMillis > 1000) {
            throw new IllegalArgumentException("ptime " + ptimeMillis + " ms is not 1-1000");
        }
    }
}
