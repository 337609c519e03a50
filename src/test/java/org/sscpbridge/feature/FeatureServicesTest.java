package org.sscpbridge.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.store.CallHistoryStore;
import org.sscpbridge.store.MemoryStore;
import org.sscpbridge.store.PhoneBookStore;

/** The feature services over the store: what the phone sees at once, and what reaches the store. */
class FeatureServicesTest {
    private final MemoryStore store = new MemoryStore();
    private final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    @Test
    void forwardsAreSetAndCancelledPerLineAndKindAndStoredBeforeTheFutureCompletes() {
        Forwards f = new Forwards("SEP1", store, io);
        f.refresh().join();
        f.set(1, Forwards.Kind.ALL, Optional.of("1012")).join();
        f.set(2, Forwards.Kind.BUSY, Optional.of("1013")).join();
        f.set(1, Forwards.Kind.ALL, Optional.empty()).join();
        assertEquals(Optional.empty(), f.target(1, Forwards.Kind.ALL));
        assertEquals(Optional.of("1013"), f.target(2, Forwards.Kind.BUSY));
        assertEquals(Optional.empty(), f.target(1, Forwards.Kind.BUSY));
        Forwards again = new Forwards("SEP1", store, io);
        again.refresh().join();
        assertEquals(Optional.of("1013"), again.target(2, Forwards.Kind.BUSY), "read back from the store");
    }

    @Test
    void phoneBookStoresPersonalEntriesAndSearchesThemWithTheSharedDirectory() {
        PhoneBook book = new PhoneBook(store, io);
        store.store(new PhoneBookStore.Entry(null, "s1", "Kim", "Sangmi", "1012"));
        book.storePersonal("SEP1", null, "Kimball", "Joe", "1013").join();
        book.storePersonal("SEP2", null, "Kimura", "Aki", "1014").join();
        PhoneBookStore.Page page = book.search("SEP1", new PhoneBookStore.Query(null, "kim", null, null), 0, 32).join();
        assertEquals(2, page.total(), "the shared entry and SEP1's own, not SEP2's");
        assertEquals(Optional.of("Sangmi Kim"), book.nameOf("SEP1", "1012").join());
        assertEquals(Optional.empty(), book.nameOf("SEP1", "1014").join());
        assertTrue(book.deletePersonal("SEP1", page.entries().stream().filter(e -> "SEP1".equals(e.owner()))
                .findFirst().orElseThrow().id()).join());
        assertFalse(book.deletePersonal("SEP1", "s1").join(), "a phone cannot delete the shared directory's entries");
    }

    @Test
    void aStoreWithoutNumberOrWithAnOverlongFieldIsRefusedNamingTheField() {
        PhoneBook book = new PhoneBook(store, io);
        CompletionException missing = assertThrows(CompletionException.class,
                () -> book.storePersonal("SEP1", null, "Kim", null, null).join());
        assertEquals("number missing", missing.getCause().getMessage());
        CompletionException tooLong = assertThrows(CompletionException.class,
                () -> book.storePersonal("SEP1", null, "K".repeat(65), null, "1").join());
        assertTrue(tooLong.getCause().getMessage().startsWith("lastname longer than 64"));
        assertEquals(0, store.count("SEP1"));
    }

    @Test
    void historyIsNewestFirstFilteredBoundedDeletableAndWrittenThrough() {
        CallHistoryLog log = new CallHistoryLog("SEP1", store, io, 100, Runnable::run);
        log.loaded().join();
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.PLACED, "1001", null, t, 10));
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.MISSED, "1002", "Bob", t.plusSeconds(1), 0));
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.RECEIVED, "1003", null, t.plusSeconds(2), 5));
        assertEquals("1003", log.query(null, 20).get(0).number());
        assertEquals(List.of("1002"), log.query(CallHistoryLog.Kind.MISSED, 20).stream()
                .map(CallHistoryLog.Entry::number).toList());
        assertTrue(log.delete(log.query(null, 20).get(0)));
        assertEquals("1002", log.query(null, 20).get(0).number());
        log.clear(CallHistoryLog.Kind.MISSED);
        assertEquals(1, log.query(null, 20).size());
        for (int i = 0; i < 150; i++) {
            log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.PLACED, "1", null, t, 0));
        }
        assertEquals(100, log.query(null, 1000).size());
        log.flushed().join();
        assertEquals(100, store.query("SEP1", Optional.empty(), 1000).size(), "the store keeps as many");
        assertTrue(store.query("SEP1", Optional.of(CallHistoryStore.Kind.RECEIVED), 10).isEmpty(), "deleted there too");
    }

    @Test
    void historyLoadsWhatTheStoreKeptUnderWhatWasRecordedMeanwhile() {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        store.add(new CallHistoryStore.Entry(0, "SEP1", CallHistoryStore.Kind.PLACED, "1001", null, t, 30), 100);
        CallHistoryLog log = new CallHistoryLog("SEP1", store, io, 100, Runnable::run);
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.MISSED, "1002", null, t.plusSeconds(60), 0));
        log.loaded().join();
        assertEquals(List.of("1002", "1001"), log.query(null, 10).stream().map(CallHistoryLog.Entry::number).toList());
        assertEquals(30, log.query(CallHistoryLog.Kind.PLACED, 1).get(0).durationSeconds());
    }
}
