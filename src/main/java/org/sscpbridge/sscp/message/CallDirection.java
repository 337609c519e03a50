package org.sscpbridge.sscp.message;

import java.util.Optional;

/** Whether the far party called the phone (In) or the phone called it (Out) (CallState Party@direction). */
public enum CallDirection implements WireEnum {
    IN("In"),
    OUT("Out");

    private static final CallDirection[] VALUES = values();

    private final String wireName;

    CallDirection(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<CallDirection> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
