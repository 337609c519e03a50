package org.sscpbridge.sscp.message;

import java.util.Optional;

/** What a PhoneBook request does with its User; Search is the default (SPEC §2, id 14). */
public enum PhoneBookAction implements WireEnum {
    SEARCH("Search"),
    STORE("Store"),
    DELETE("Delete");

    private static final PhoneBookAction[] VALUES = values();

    private final String wireName;

    PhoneBookAction(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The value spelled {@code text} on the wire, ignoring ASCII case. */
    public static Optional<PhoneBookAction> fromWire(String text) {
        return WireEnum.find(VALUES, text);
    }
}
