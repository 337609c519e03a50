package org.sscpbridge.feature.phonebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sscpbridge.store.MemoryStore;
import org.sscpbridge.store.PhoneBookStore.Entry;

/** The operator's phone book operations over the store, on the store's executor. */
class PhoneBookAdminTest {
    private final MemoryStore store = new MemoryStore();
    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private final PhoneBookAdmin admin = new PhoneBookAdmin(store, io);

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    @Test
    void addListRemoveKeepTheSharedDirectoryAndADevicesEntriesApart() {
        Entry shared = admin.add(null, null, "Kim", "Sangmi", "1012").join();
        Entry mine = admin.add("SEP1", "x", "Lee", null, "1013").join();
        assertEquals(List.of(shared), admin.list(null).join());
        assertEquals(List.of(mine), admin.list("SEP1").join());
        assertFalse(admin.remove(null, "x").join());
        assertTrue(admin.remove("SEP1", "x").join());
        assertEquals(0, store.count("SEP1"));
    }

    @Test
    void anInvalidAddStoresNothingAndNamesTheField() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> admin.add(null, null, "Kim", null, "12ab").join());
        assertInstanceOf(PhoneBook.InvalidEntry.class, e.getCause());
        assertEquals("number '12ab' is not 1-32 of 0-9 * # +", e.getCause().getMessage());
        assertEquals(0, store.count(null));
    }

    @Test
    void storeAllStoresEveryEntryInChunksAndCounts() {
        List<Entry> entries = IntStream.range(0, PhoneBookAdmin.CHUNK * 2 + 7)
                .mapToObj(i -> new Entry(null, "id" + i, "Name" + i, null, String.valueOf(1000 + i))).toList();
        AtomicInteger stored = new AtomicInteger();
        assertEquals(entries.size(), admin.storeAll(entries, stored).join());
        assertEquals(entries.size(), stored.get());
        assertEquals(entries.size(), store.count(null));
        assertEquals(0, admin.storeAll(List.of(), stored).join());
    }

    @Test
    void aClosedStoreFailsTheFutureRatherThanTheCaller() {
        io.shutdown();
        CompletionException e = assertThrows(CompletionException.class, () -> admin.list(null).join());
        assertEquals("the store is closing", e.getCause().getMessage());
        assertThrows(CompletionException.class, () -> admin.storeAll(List.of(new Entry(null, "1", "a", null, "1")),
                new AtomicInteger()).join());
    }
}
