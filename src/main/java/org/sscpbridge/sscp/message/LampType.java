package org.sscpbridge.sscp.message;

import java.util.Optional;

/** Which lamp (Lamp@type). The spec names only the message waiting lamp. */
public enum LampType implements WireEnum {
    MESSAGE_WAITING("MessageWaiting");

    private static final LampType[] VALUES = values();

    private final String wireName;

    LampType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<LampType> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
