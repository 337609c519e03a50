package org.sscpbridge.sscp.message;

import java.util.Optional;

/** What a Reset asks of the phone: restart, or register again. */
public enum ResetType implements WireEnum {
    RESTART("Restart"),
    REREGISTER("Reregister");

    private static final ResetType[] VALUES = values();

    private final String wireName;

    ResetType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<ResetType> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
