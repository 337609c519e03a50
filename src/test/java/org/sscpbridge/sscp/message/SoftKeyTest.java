package org.sscpbridge.sscp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The seed's soft key table, exactly as printed. */
class SoftKeyTest {
    private static final String[] SEED_LABELS = {"Redial", "NewCall", "Hold", "Trnsfer", "CFwdAll", "CFwdBusy",
        "CFwdNoAnswer", "BackSpace", "EndCall", "Resume", "Answer", "Info", "Confrm", "Park", "Join", "MeetMeConfrm",
        "CallPickUp", "GrpCallPickUp", "Play", "Store", "Delete"};

    @Test
    void allTwentyOneSeedIdsAndLabels() {
        assertEquals(SEED_LABELS.length, SoftKey.values().length);
        for (int id = 1; id <= SEED_LABELS.length; id++) {
            SoftKey key = SoftKey.byId(id).orElseThrow();
            assertEquals(id, key.id());
            assertEquals(SEED_LABELS[id - 1], key.label());
            assertEquals(key.label(), key.wireName());
            assertEquals(Optional.of(key), SoftKey.byLabel(SEED_LABELS[id - 1]));
        }
    }

    @Test
    void idZeroIsTheEndMarkerNotAKey() {
        assertTrue(SoftKey.byId(0).isEmpty());
        assertTrue(SoftKey.byId(22).isEmpty());
        assertTrue(SoftKey.byId(-1).isEmpty());
    }

    @Test
    void labelsMatchIgnoringCaseButNotSpelling() {
        assertEquals(Optional.of(SoftKey.TRANSFER), SoftKey.byLabel("TRNSFER"));
        assertEquals(Optional.of(SoftKey.CONFERENCE), SoftKey.byLabel("confrm"));
        assertTrue(SoftKey.byLabel("Transfer").isEmpty());
        assertTrue(SoftKey.byLabel("").isEmpty());
        assertTrue(SoftKey.byLabel(null).isEmpty());
    }
}
