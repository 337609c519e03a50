package org.sscpbridge.sscp.message;

import java.util.Optional;

/** How a lamp is lit (Lamp). */
public enum LampMode implements WireEnum {
    ON("On"),
    OFF("Off"),
    BLINK("Blink");

    private static final LampMode[] VALUES = values();

    private final String wireName;

    LampMode(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<LampMode> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
