package org.sscpbridge.sip.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an offer/answer exchange, what the phone needs for StartMedia.
 *
 * @param remoteIp    where to send RTP (the far end's connection address; 0.0.0.0 when it is on
 *                    RFC 2543 hold)
 * @param remotePort  the far end's RTP port
 * @param codec       the voice codec, with the payload type the far end uses for it
 * @param dtmf        RFC 4733 telephone-event with its negotiated payload type, if both sides have it
 * @param ptimeMillis the packetisation time to send with: the far end's a=ptime when it gives a
 *                    sane one (10-200 ms), else the local one
 * @param direction   from the local (phone's) point of view: SEND_ONLY means the phone sends but
 *                    must not expect media
 */
public record NegotiatedMedia(String remoteIp, int remotePort, Codec codec, Optional<Codec> dtmf,
                              int ptimeMillis, Direction direction) {
    public NegotiatedMedia {
        Objects.requireNonNull(remoteIp, "remoteIp");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(dtmf, "dtmf");
        Objects.requireNonNull(direction, "direction");
    }
}
