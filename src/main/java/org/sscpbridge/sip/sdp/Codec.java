package org.sscpbridge.sip.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An RTP audio payload format: encoding name, RTP payload type and clock rate (RFC 3551). Two
 * codecs are the same format when their names (case-insensitive) and clock rates are equal; the
 * payload type is the number used on one side of one session.
 */
public record Codec(String name, int payloadType, int clockRate) {
    public static final Codec PCMU = new Codec("PCMU", 0, 8000);
    public static final Codec PCMA = new Codec("PCMA", 8, 8000);
    public static final Codec G729 = new Codec("G729", 18, 8000);
    /** RFC 4733 DTMF events; 101 is the customary dynamic payload type. */
    public static final Codec TELEPHONE_EVENT = new Codec("telephone-event", 101, 8000);

    private static final List<Codec> KNOWN = List.of(PCMU, PCMA, G729, TELEPHONE_EVENT);

    public Codec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != '/')) {
            throw new IllegalArgumentException("codec name '" + name + "' is not an RTP encoding name");
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is not 0-127");
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate + " is not positive");
        }
    }

    /** One of the four known codecs by encoding name, case-insensitive ({@code "pcmu"} is PCMU). */
    public static Optional<Codec> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String trimmed = name.trim();
        return KNOWN.stream().filter(c -> c.name.equalsIgnoreCase(trimmed)).findFirst();
    }

    /** Same encoding (name and clock rate), whatever the payload type. */
    public boolean sameFormat(String otherName, int otherClockRate) {
        return name.equalsIgnoreCase(otherName) && clockRate == otherClockRate;
    }

    /** The named-event format of RFC 4733, not a voice codec. */
    public boolean isTelephoneEvent() {
        return name.equalsIgnoreCase(TELEPHONE_EVENT.name);
    }

    /** This format under another payload type number. */
    public Codec withPayloadType(int pt) {
        return pt == payloadType ? this : new Codec(name, pt, clockRate);
    }

    /** The rtpmap value, e.g. {@code PCMU/8000}. */
    public String rtpmap() {
        return name + "/" + clockRate;
    }

    @Override
    public String toString() {
        return payloadType + " " + rtpmap();
    }
}
