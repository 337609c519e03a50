package org.sscpbridge.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.feature.phonebook.Contact;
import org.sscpbridge.feature.phonebook.PhoneBookDirectory;

class FeatureServicesTest {

    @Test
    void forwardsAreSetAndCancelledPerKind() {
        Forwards f = new Forwards();
        f.set(Forwards.Kind.ALL, Optional.of("1012"));
        f.set(Forwards.Kind.BUSY, Optional.of("1013"));
        f.set(Forwards.Kind.ALL, Optional.empty());
        assertEquals(Optional.empty(), f.target(Forwards.Kind.ALL));
        assertEquals(Optional.of("1013"), f.target(Forwards.Kind.BUSY));
    }

    @Test
    void phoneBookSearchesByCaseInsensitivePrefixOnEveryGivenField() {
        PhoneBookDirectory book = new PhoneBookDirectory();
        book.store(new Contact("a", "Kim", "Sangmi", "1012"));
        book.store(new Contact("b", "Kimball", "Joe", "1013"));
        book.store(new Contact("c", "Smith", "Anna", "2000"));
        assertEquals(2, book.search(new Contact(null, "kim", null, null), 32).total());
        assertEquals(List.of(new Contact("a", "Kim", "Sangmi", "1012")),
                book.search(new Contact(null, "KIM", "s", null), 32).contacts());
        assertEquals(3, book.search(new Contact(null, null, null, null), 32).total());
        assertEquals(1, book.search(new Contact(null, null, null, null), 1).contacts().size());
        book.store(new Contact("a", "Kim", "Sangmi", "1099"));
        assertEquals("1099", book.search(new Contact("a", null, null, null), 32).contacts().get(0).number());
        assertEquals(1, book.delete("a"));
        assertEquals(0, book.delete("a"));
    }

    @Test
    void phoneBookIsBounded() {
        PhoneBookDirectory book = new PhoneBookDirectory();
        for (int i = 0; i < PhoneBookDirectory.MAX_ENTRIES; i++) {
            assertTrue(book.store(new Contact("id" + i, "L", "F", "1")));
        }
        assertFalse(book.store(new Contact("one-more", "L", "F", "1")));
    }

    @Test
    void historyIsNewestFirstFilteredBoundedAndDeletable() {
        CallHistoryLog log = new CallHistoryLog();
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.PLACED, "1001", null, t, 10));
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.MISSED, "1002", "Bob", t.plusSeconds(1), 0));
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.RECEIVED, "1003", null, t.plusSeconds(2), 5));
        assertEquals("1003", log.query(null, 20).get(0).number());
        assertEquals(List.of("1002"), log.query(CallHistoryLog.Kind.MISSED, 20).stream().map(CallHistoryLog.Entry::number).toList());
        assertTrue(log.delete(1));
        assertEquals("1002", log.query(null, 20).get(0).number());
        log.clear(CallHistoryLog.Kind.MISSED);
        assertEquals(1, log.query(null, 20).size());
        for (int i = 0; i < 150; i++) {
            log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.PLACED, "1", null, t, 0));
        }
        assertEquals(CallHistoryLog.MAX_ENTRIES, log.query(null, 1000).size());
    }
}
