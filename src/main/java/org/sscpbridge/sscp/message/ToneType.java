package org.sscpbridge.sscp.message;

import java.util.Optional;

/** Tone the phone plays (Tone); Off stops any tone. */
public enum ToneType implements WireEnum {
    DIAL("Dial"),
    BUSY("Busy"),
    REORDER("Reorder"),
    RING_BACK("RingBack"),
    CALL_WAITING("CallWaiting"),
    OFF("Off");

    private static final ToneType[] VALUES = values();

    private final String wireName;

    ToneType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<ToneType> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
