package org.sscpbridge.sscp.message;

import java.util.Optional;

/** Call history list (CallHistory Query/Delete, CallHistoryResult Entry). ALL selects every list and is not a valid type for a single entry. */
public enum HistoryType implements WireEnum {
    ALL("All"),
    MISSED("Missed"),
    RECEIVED("Received"),
    PLACED("Placed");

    private static final HistoryType[] VALUES = values();

    private final String wireName;

    HistoryType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<HistoryType> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
