package org.sscpbridge.sscp.message;

import java.util.Optional;

/** A two-state switch: Hook state, Dnd mode, HeadsetStatus mode (SPEC §2). For Hook, On means on-hook. */
public enum OnOff implements WireEnum {
    ON("On"),
    OFF("Off");

    private static final OnOff[] VALUES = values();

    private final String wireName;

    OnOff(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<OnOff> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
