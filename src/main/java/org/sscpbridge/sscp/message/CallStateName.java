package org.sscpbridge.sscp.message;

import java.util.Optional;

/** The states of a call as the phone shows it (CallState, SoftKeySet). */
public enum CallStateName implements WireEnum {
    IDLE("Idle"),
    OFF_HOOK("OffHook"),
    DIALING("Dialing"),
    PROCEED("Proceed"),
    RING_OUT("RingOut"),
    RING_IN("RingIn"),
    CONNECTED("Connected"),
    HOLD("Hold"),
    BUSY("Busy"),
    CONGESTION("Congestion"),
    INVALID_NUMBER("InvalidNumber"),
    TRANSFER("Transfer"),
    CONFERENCE("Conference"),
    PARK("Park"),
    FORWARDED("Forwarded");

    private static final CallStateName[] VALUES = values();

    private final String wireName;

    CallStateName(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<CallStateName> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
