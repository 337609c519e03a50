package org.sscpbridge.sscp.message;

import java.util.Optional;

/**
 * The seed's soft key table (SPEC §2): id and label exactly as printed, typos included
 * ("Trnsfer", "Confrm"), because phones send and show these labels. The seed's {0, NULL} row is
 * the table's end marker, not a key: id 0 never resolves.
 */
public enum SoftKey implements WireEnum {
    REDIAL(1, "Redial"),
    NEW_CALL(2, "NewCall"),
    HOLD(3, "Hold"),
    TRANSFER(4, "Trnsfer"),
    CFWD_ALL(5, "CFwdAll"),
    CFWD_BUSY(6, "CFwdBusy"),
    CFWD_NO_ANSWER(7, "CFwdNoAnswer"),
    BACK_SPACE(8, "BackSpace"),
    END_CALL(9, "EndCall"),
    RESUME(10, "Resume"),
    ANSWER(11, "Answer"),
    INFO(12, "Info"),
    CONFERENCE(13, "Confrm"),
    PARK(14, "Park"),
    JOIN(15, "Join"),
    MEET_ME_CONFERENCE(16, "MeetMeConfrm"),
    CALL_PICK_UP(17, "CallPickUp"),
    GROUP_CALL_PICK_UP(18, "GrpCallPickUp"),
    PLAY(19, "Play"),
    STORE(20, "Store"),
    DELETE(21, "Delete");

    private static final SoftKey[] VALUES = values();

    private final int id;
    private final String label;

    SoftKey(int id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The seed's numeric id (1..21). */
    public int id() {
        return id;
    }

    /** The seed's label, as shown on the phone and sent in SoftKeyEvent Event@name. */
    public String label() {
        return label;
    }

    @Override
    public String wireName() {
        return label;
    }

    /** The key with seed id {@code id}; empty for 0 (the end marker) and unknown ids. */
    public static Optional<SoftKey> byId(int id) {
        // Ids are 1..21 in declaration order: a direct index, checked so a reordering fails loudly.
        if (id < 1 || id > VALUES.length) {
            return Optional.empty();
        }
        SoftKey key = VALUES[id - 1];
        if (key.id != id) {
            throw new IllegalStateException("soft key table out of order at id " + id);
        }
        return Optional.of(key);
    }

    /** The key labelled {@code label}, ignoring ASCII case. */
    public static Optional<SoftKey> byLabel(String label) {
        return WireEnum.find(VALUES, label);
    }
}
