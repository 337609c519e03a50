package org.sscpbridge.sscp.message;

import java.util.Optional;

/** RTP direction of a media stream (StartMedia Direction@mode). */
public enum MediaDirection implements WireEnum {
    SEND_RECV("SendRecv"),
    SEND_ONLY("SendOnly"),
    RECV_ONLY("RecvOnly"),
    INACTIVE("Inactive");

    private static final MediaDirection[] VALUES = values();

    private final String wireName;

    MediaDirection(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<MediaDirection> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
