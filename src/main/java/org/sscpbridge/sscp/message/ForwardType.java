package org.sscpbridge.sscp.message;

import java.util.Optional;

/** Which calls a forward applies to (Forward, ForwardStatus). */
public enum ForwardType implements WireEnum {
    ALL("All"),
    BUSY("Busy"),
    NO_ANSWER("NoAnswer");

    private static final ForwardType[] VALUES = values();

    private final String wireName;

    ForwardType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<ForwardType> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
