package org.sscpbridge.sscp.message;

import java.util.Optional;

/** How the phone rings (Ringer); Off silences it. */
public enum RingerMode implements WireEnum {
    OFF("Off"),
    INSIDE("Inside"),
    OUTSIDE("Outside"),
    FEATURE("Feature");

    private static final RingerMode[] VALUES = values();

    private final String wireName;

    RingerMode(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<RingerMode> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
