package org.sscpbridge.sip.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * Media direction (RFC 3264 §5.1, RFC 4566 §6), always from the point of view of the side that
 * declares it.
 */
public enum Direction {
    SEND_RECV("sendrecv", true, true),
    SEND_ONLY("sendonly", true, false),
    RECV_ONLY("recvonly", false, true),
    INACTIVE("inactive", false, false);

    private final String attribute;
    private final boolean sends;
    private final boolean receives;

    Direction(String attribute, boolean sends, boolean receives) {
        this.attribute = attribute;
        this.sends = sends;
        this.receives = receives;
    }

    /** The SDP property attribute name: {@code sendrecv}, {@code sendonly}, {@code recvonly}, {@code inactive}. */
    public String attribute() {
        return attribute;
    }

    public boolean sends() {
        return sends;
    }

    public boolean receives() {
        return receives;
    }

    public static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SEND_RECV : SEND_ONLY;
        }
        return receives ? RECV_ONLY : INACTIVE;
    }

    /** The same stream seen from the other side: sendonly becomes recvonly and the reverse. */
    public Direction mirror() {
        return of(receives, sends);
    }

    /** What both allow: {@code SEND_RECV.and(RECV_ONLY)} is {@code RECV_ONLY}. */
    public Direction and(Direction other) {
        return of(sends && other.sends, receives && other.receives);
    }

    /** The direction named by an SDP attribute name, if it is one (case-insensitive). */
    public static Optional<Direction> fromAttribute(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (Direction d : values()) {
            if (d.attribute.equals(lower)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
