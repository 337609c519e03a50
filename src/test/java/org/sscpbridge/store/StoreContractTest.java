package org.sscpbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sscpbridge.store.CallHistoryStore.Kind;
import org.sscpbridge.store.PhoneBookStore.Entry;
import org.sscpbridge.store.PhoneBookStore.Page;
import org.sscpbridge.store.PhoneBookStore.Query;

/**
 * The store's contract (the interfaces' Javadoc), run against every engine: {@link H2StoreTest}
 * (embedded, temporary folder) and {@link PostgresStoreTest} (a real PostgreSQL the test starts).
 */
abstract class StoreContractTest {

    static final String A = "SEP00AABBCCDD01";
    static final String B = "SEP00AABBCCDD02";

    /** Settings of a new, empty database. */
    abstract StoreSettings emptyDatabase() throws Exception;

    /** A connection to the database of the last {@link #emptyDatabase()}, beside the store. */
    abstract Connection rawConnection() throws SQLException;

    StoreSettings settings;
    Store store;
    PhoneBookStore book;

    @BeforeEach
    void open() throws Exception {
        settings = emptyDatabase();
        store = Stores.open(settings);
        book = store.phoneBook();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static Query last(String prefix) {
        return new Query(null, prefix, null, null);
    }

    static List<String> lastNames(Page page) {
        return page.entries().stream().map(Entry::lastName).toList();
    }

    // --- phone book: search ---

    @Test
    void searchesEachFieldByCaseInsensitivePrefix() {
        book.store(new Entry(null, "k1", "Kim", "Sangmi", "1012"));
        book.store(new Entry(null, "k2", "kimball", "Ann", "2000"));
        book.store(new Entry(null, "L1", "Lee", "Kim", "3000"));
        book.store(new Entry(null, "x9", "Park", "Jisoo", "sip:park@example.org"));

        assertEquals(List.of("Kim", "kimball"), lastNames(book.search(null, last("KIM"), 0, 10)));
        assertEquals(List.of("Kim"), lastNames(book.search(null, last("kim"), 0, 10)).subList(0, 1));
        assertEquals(List.of("Lee"), lastNames(book.search(null, new Query(null, null, "kI", null), 0, 10)));
        assertEquals(List.of("kimball"), lastNames(book.search(null, new Query(null, null, null, "20"), 0, 10)));
        assertEquals(List.of("Park"), lastNames(book.search(null, new Query(null, null, null, "SIP:PARK@"), 0, 10)));
        assertEquals(List.of("Lee"), lastNames(book.search(null, new Query("l", null, null, null), 0, 10)));
        assertEquals(List.of("Kim", "kimball"), lastNames(book.search(null, new Query("K", null, null, null), 0, 10)));
        // every non-empty field must match; empty fields do not filter
        assertEquals(List.of("kimball"), lastNames(book.search(null, new Query("", "ki", "a", ""), 0, 10)));
        assertEquals(List.of(), lastNames(book.search(null, new Query(null, "ki", "z", null), 0, 10)));
        // a prefix, not a substring
        assertEquals(List.of(), lastNames(book.search(null, last("im"), 0, 10)));
        // no query: everything
        assertEquals(4, book.search(null, new Query(null, null, null, null), 0, 10).total());
        assertEquals(4, book.search(null, null, 0, 10).total());
    }

    @Test
    void searchFoldsCaseBeyondAscii() {
        book.store(new Entry(null, null, "Émile", "Zoë", "1"));
        book.store(new Entry(null, null, "Ölçer", "Ümit", "2"));
        assertEquals(List.of("Émile"), lastNames(book.search(null, last("émi"), 0, 10)));
        assertEquals(List.of("Émile"), lastNames(book.search(null, last("ÉMI"), 0, 10)));
        assertEquals(List.of("Ölçer"), lastNames(book.search(null, new Query(null, null, "üMI", null), 0, 10)));
    }

    @Test
    void lastNamePrefixesMatchExactlyUpToTheGreatestCodePoints() {
        // PostgreSQL searches last names by the range p <= key < p || 64 x U+10FFFF: keys just inside
        // and outside it (H2 counts a supplementary character as 2 of the 64).
        String top = new String(Character.toChars(0x10FFFF));
        String emoji = new String(Character.toChars(0x1F600));
        String[] names = {"a", "a" + top, "a" + top + top + "z", "a" + emoji + "b", "a\uFFFFz", "a\uFFFD", "ab", "b", "\u00e0", "a" + top.repeat(31)};
        for (String name : names) {
            book.store(new Entry(null, null, name, null, "1"));
        }
        assertEquals(8, book.search(null, last("A"), 0, 10).total());
        assertEquals(8, lastNames(book.search(null, last("a"), 0, 10)).size());
        assertEquals(3, book.search(null, last("a" + top), 0, 10).total());
        assertEquals(List.of("a" + top + top + "z", "a" + top.repeat(31)), lastNames(book.search(null, last("a" + top + top), 0, 10)));
        assertEquals(List.of("a" + emoji + "b"), lastNames(book.search(null, last("A" + emoji), 0, 10)));
        assertEquals(List.of("a\uFFFFz"), lastNames(book.search(null, last("a\uFFFF"), 0, 10)));
        assertEquals(List.of("b"), lastNames(book.search(null, last("b"), 0, 10)));
        assertEquals(List.of("\u00e0"), lastNames(book.search(null, last("\u00c0"), 0, 10)));
        assertEquals(0, book.search(null, last(top), 0, 10).total());
        assertEquals(3, book.search("SEP-NOBODY", last("a" + top), 1, 10).entries().size() + 1);
    }

    @Test
    void ordersByLastFirstNumberId() {
        book.store(new Entry(null, "4", "Berg", "Anna", "20"));
        book.store(new Entry(null, "3", "Berg", "Anna", "10"));
        book.store(new Entry(null, "2", "berg", "Aaron", "30"));
        book.store(new Entry(null, "1", "Adams", "Zed", "40"));
        book.store(new Entry(null, "6", "Berg", "Anna", "10")); // same names and number as id 3
        book.store(new Entry(null, "5", null, null, "99"));     // no name: first
        List<String> ids = book.search(null, null, 0, 10).entries().stream().map(Entry::id).toList();
        assertEquals(List.of("5", "1", "2", "3", "6", "4"), ids);
        assertEquals(ids, book.all(null).stream().map(Entry::id).toList());
    }

    @Test
    void pagesByOffsetAndLimitWithTheTotal() {
        for (int i = 0; i < 50; i++) {
            book.store(new Entry(null, null, String.format("Name%02d", i), "F", "100" + i));
        }
        book.store(new Entry(null, null, "Other", "F", "1"));
        Page page = book.search(null, last("name"), 10, 7);
        assertEquals(50, page.total());
        assertEquals(List.of("Name10", "Name11", "Name12", "Name13", "Name14", "Name15", "Name16"), lastNames(page));
        Page tail = book.search(null, last("name"), 45, 32);
        assertEquals(50, tail.total());
        assertEquals(5, tail.entries().size());
        Page beyond = book.search(null, last("name"), 60, 32);
        assertEquals(50, beyond.total());
        assertEquals(List.of(), beyond.entries());
        Page countOnly = book.search(null, last("name"), 0, 0);
        assertEquals(50, countOnly.total());
        assertEquals(List.of(), countOnly.entries());
        assertEquals(51, book.search(null, null, 0, 100).total());
        assertThrows(IllegalArgumentException.class, () -> book.search(null, null, -1, 10));
    }

    @Test
    void wildcardCharactersInQueriesAreLiteral() {
        book.store(new Entry(null, null, "100% Pure", null, "1"));
        book.store(new Entry(null, null, "1000 Lakes", null, "2"));
        book.store(new Entry(null, null, "a_b", null, "3"));
        book.store(new Entry(null, null, "axb", null, "4"));
        book.store(new Entry(null, null, "back\\slash", null, "5"));
        book.store(new Entry(null, null, "backXslash", null, "6"));
        book.store(new Entry(null, null, "star*", null, "7%_"));
        assertEquals(List.of("100% Pure"), lastNames(book.search(null, last("100%"), 0, 10)));
        assertEquals(List.of("a_b"), lastNames(book.search(null, last("a_"), 0, 10)));
        assertEquals(List.of("back\\slash"), lastNames(book.search(null, last("back\\"), 0, 10)));
        assertEquals(List.of(), lastNames(book.search(null, last("%"), 0, 10)));
        assertEquals(List.of(), lastNames(book.search(null, last("_"), 0, 10)));
        assertEquals(List.of("star*"), lastNames(book.search(null, new Query(null, null, null, "7%_"), 0, 10)));
        assertEquals(List.of(), lastNames(book.search(null, new Query(null, null, null, "7%%"), 0, 10)));
    }

    // --- phone book: owners ---

    @Test
    void devicesSeeTheSharedDirectoryAndOnlyTheirOwnPersonalEntries() {
        book.store(new Entry(null, "s1", "Shared", "One", "100"));
        book.store(new Entry(A, "p1", "PersonalA", "One", "200"));
        book.store(new Entry(B, "p1", "PersonalB", "One", "300"));

        assertEquals(List.of("PersonalA", "Shared"), lastNames(book.search(A, null, 0, 10)));
        assertEquals(List.of("PersonalB", "Shared"), lastNames(book.search(B, null, 0, 10)));
        assertEquals(List.of("Shared"), lastNames(book.search(null, null, 0, 10)));
        assertEquals(List.of("Shared"), lastNames(book.search("SEP-NOBODY", null, 0, 10)));
        assertEquals(2, book.search(A, last("p"), 0, 0).total() + book.search(A, last("s"), 0, 0).total());
        assertEquals(1, book.search(A, last("personal"), 0, 10).total());
        Page a = book.search(A, null, 0, 10);
        assertEquals(A, a.entries().get(0).owner());
        assertEquals(null, a.entries().get(1).owner());

        assertEquals(1, book.count(null));
        assertEquals(1, book.count(A));
        assertEquals(0, book.count("SEP-NOBODY"));
        assertEquals(List.of(new Entry(B, "p1", "PersonalB", "One", "300")), book.all(B));
    }

    @Test
    void storingTheSameOwnerAndIdReplaces() {
        book.store(new Entry(A, "7", "Old", "Name", "1"));
        Entry replaced = book.store(new Entry(A, "7", "New", null, "2"));
        assertEquals(new Entry(A, "7", "New", null, "2"), replaced);
        assertEquals(List.of(replaced), book.all(A));
        assertEquals(List.of(), lastNames(book.search(A, last("old"), 0, 10)));
        // the same id under another owner is another entry
        book.store(new Entry(null, "7", "SharedSeven", null, "3"));
        book.store(new Entry(B, "7", "BSeven", null, "4"));
        assertEquals(1, book.count(A));
        assertEquals(1, book.count(null));
        assertEquals(1, book.count(B));
    }

    @Test
    void deletesOneOwnersEntry() {
        book.store(new Entry(null, "1", "Shared", null, "1"));
        book.store(new Entry(A, "1", "Mine", null, "2"));
        assertTrue(book.delete(A, "1"));
        assertFalse(book.delete(A, "1"));
        assertFalse(book.delete(B, "1"));
        assertEquals(List.of("Shared"), lastNames(book.search(A, null, 0, 10)));
        assertTrue(book.delete(null, "1"));
        assertEquals(0, book.search(A, null, 0, 10).total());
    }

    @Test
    void generatesShortIdsUniquePerOwnerWhenNoneGiven() {
        Entry first = book.store(new Entry(A, null, "Gen", "One", "1"));
        Entry second = book.store(new Entry(A, "", "Gen", "Two", "2"));
        assertNotNull(first.id());
        assertTrue(first.id().matches("[0-9]{1,9}"), first.id());
        assertFalse(first.id().equals(second.id()));
        assertEquals(A, first.owner());
        // ids given by hand that the generator would make next are never replaced
        long next = Long.parseLong(second.id()) + 1;
        for (long id = next; id < next + 5; id++) {
            book.store(new Entry(A, Long.toString(id), "Manual", null, "9"));
        }
        Entry third = book.store(new Entry(A, null, "Gen", "Three", "3"));
        assertEquals(8, book.count(A));
        assertEquals(5, book.search(A, last("manual"), 0, 10).total());
        assertEquals(third, book.search(A, new Query(third.id(), "gen", "three", null), 0, 10).entries().get(0));
    }

    @Test
    void generatesUniqueIdsConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Entry>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> book.store(new Entry(i(n) ? A : null, null, "C" + n, null, "1"))));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Entry> f : futures) {
                Entry e = f.get();
                assertTrue(ids.add(e.owner() + "/" + e.id()));
            }
            assertEquals(40, book.count(A) + book.count(null));
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean i(int n) {
        return n % 2 == 0;
    }

    @Test
    void refusesAFieldLongerThanTheDatabaseKeeps() {
        String tooLong = "x".repeat(PhoneBookStore.MAX_FIELD + 1);
        assertThrows(StoreException.class, () -> book.store(new Entry(null, "1", tooLong, null, "1")));
        assertEquals(0, book.count(null));
        book.store(new Entry(null, "1", "x".repeat(PhoneBookStore.MAX_FIELD), null, "1"));
        assertEquals(1, book.count(null));
    }

    // --- phone book: totals of short prefixes (schema V2's prefix counts) ---

    /** Every owner used by the totals tests, and the searches made as each. */
    static final String[] OWNERS = {null, A, B};

    /** A 1- or 2-character prefix of each field of every entry, and a few that match nothing. */
    static List<Query> shortPrefixQueries(List<Entry> entries) {
        Set<Query> queries = new java.util.LinkedHashSet<>();
        queries.add(new Query(null, null, null, null));
        for (String p : List.of("q", "Q", "zz", "9", "%", "_")) {
            queries.add(last(p));
            queries.add(new Query(null, null, null, p));
        }
        for (Entry e : entries) {
            for (int length = 1; length <= 2; length++) {
                if (e.lastName() != null && e.lastName().length() >= length) {
                    queries.add(last(e.lastName().substring(0, length)));
                }
                if (e.firstName() != null && e.firstName().length() >= length) {
                    queries.add(new Query(null, null, e.firstName().substring(0, length).toUpperCase(), null));
                }
                if (e.number().length() >= length) {
                    queries.add(new Query(null, null, null, e.number().substring(0, length)));
                }
                if (e.id().length() >= length) {
                    queries.add(new Query(e.id().substring(0, length), null, null, null));
                }
            }
        }
        return new ArrayList<>(queries);
    }

    static boolean startsWith(String value, String prefix) {
        return prefix == null || prefix.isEmpty() || (value == null ? "" : value).toLowerCase().startsWith(prefix.toLowerCase());
    }

    static boolean matches(Entry e, Query q) {
        return startsWith(e.id(), q.id()) && startsWith(e.lastName(), q.lastName()) && startsWith(e.firstName(), q.firstName())
                && startsWith(e.number(), q.number());
    }

    static final java.util.Comparator<Entry> SEARCH_ORDER = java.util.Comparator
            .comparing((Entry e) -> e.lastName() == null ? "" : e.lastName().toLowerCase())
            .thenComparing(e -> e.firstName() == null ? "" : e.firstName().toLowerCase())
            .thenComparing(e -> e.number().toLowerCase())
            .thenComparing(Entry::id)
            .thenComparing(e -> e.owner() == null ? "" : e.owner());

    /** Every short-prefix search as every owner: its total, and its first page, as counted by hand. */
    void assertShortPrefixSearchesExact() {
        List<Entry> shared = book.all(null);
        List<Entry> every = new ArrayList<>(shared);
        for (String owner : OWNERS) {
            if (owner != null) {
                every.addAll(book.all(owner));
            }
        }
        for (String owner : OWNERS) {
            List<Entry> visible = new ArrayList<>(shared);
            if (owner != null) {
                visible.addAll(book.all(owner));
                assertEquals(book.all(owner).size(), book.count(owner));
            } else {
                assertEquals(shared.size(), book.count(null));
            }
            for (Query q : shortPrefixQueries(every)) {
                List<Entry> expected = visible.stream().filter(e -> matches(e, q)).sorted(SEARCH_ORDER).toList();
                Page page = book.search(owner, q, 0, 3);
                assertEquals(expected.size(), page.total(), "total of " + q + " as " + owner);
                assertEquals(expected.subList(0, Math.min(3, expected.size())), page.entries(), "page of " + q + " as " + owner);
            }
        }
    }

    @Test
    void shortPrefixTotalsStayExactThroughStoreReplaceAndDelete() {
        assertShortPrefixSearchesExact();
        book.store(new Entry(null, "s1", "Kim", "Ann", "1012"));
        book.store(new Entry(null, "s2", "kimball", "anna", "1013"));
        book.store(new Entry(null, "s3", "K", null, "2"));          // keys shorter than 2 characters
        book.store(new Entry(null, "s4", null, null, "10"));         // no names at all
        book.store(new Entry(null, "s5", "Émile", "Zoë", "+4930"));  // beyond ASCII
        book.store(new Entry(A, "s1", "Kang", "Bo", "1099"));        // same id as a shared entry, personal
        book.store(new Entry(A, "a2", "Lee", "Kim", "3000"));
        book.store(new Entry(B, "b1", "Kim", "Ann", "1012"));
        Entry generated = book.store(new Entry(B, null, "Kwon", "Ji", "1012"));
        assertShortPrefixSearchesExact();
        assertEquals(3, book.search(null, last("k"), 0, 0).total());
        assertEquals(4, book.search(A, last("K"), 0, 0).total());
        assertEquals(5, book.search(B, last("k"), 0, 0).total());
        assertEquals(5, book.search(B, new Query(null, null, null, "10"), 0, 0).total());

        // replace: every prefix changes (shared and personal), then only the names, then nothing
        book.store(new Entry(null, "s1", "Park", "Jisoo", "2012"));
        book.store(new Entry(A, "s1", "Lim", "Ann", "3012"));
        book.store(new Entry(B, generated.id(), "Kwak", "Jin", "1012"));
        book.store(new Entry(B, "b1", "Kim", "Ann", "1012"));
        assertShortPrefixSearchesExact();
        assertEquals(2, book.search(null, last("k"), 0, 0).total());
        assertEquals(2, book.search(A, last("L"), 0, 0).total());
        assertEquals(4, book.search(B, last("k"), 0, 0).total());
        assertEquals(1, book.search(null, new Query(null, null, "an", null), 0, 0).total()); // anna

        // delete shared and personal entries; deleting what is not there changes nothing
        assertTrue(book.delete(null, "s2"));
        assertTrue(book.delete(A, "a2"));
        assertFalse(book.delete(A, "a2"));
        assertFalse(book.delete(B, "s2"));
        assertShortPrefixSearchesExact();
        assertEquals(1, book.search(null, last("k"), 0, 0).total());
        assertEquals(3, book.search(B, last("k"), 0, 0).total());
        assertEquals(1, book.search(A, last("l"), 0, 0).total());

        // back to nothing: every total 0
        for (String owner : OWNERS) {
            for (Entry e : book.all(owner)) {
                assertTrue(book.delete(owner, e.id()));
            }
        }
        assertShortPrefixSearchesExact();
        assertEquals(0, book.search(A, null, 0, 0).total());
        assertEquals(0, book.search(A, last("k"), 0, 0).total());
    }

    @Test
    void twoCharacterPrefixPagesAreInSearchOrderBeyondAPage() {
        // more matches than one page, so that pages are read from the head indexes in search order
        for (int i = 0; i < 60; i++) {
            book.store(new Entry(i % 3 == 0 ? A : null, "1" + i, String.format("N%02d", 59 - i), i % 2 == 0 ? "Ab" : "aB" + i,
                    "12" + (1000 - i)));
        }
        book.store(new Entry(B, "x", "Other", "Ab", "12"));
        for (Query q : List.of(new Query(null, null, null, "12"), new Query(null, null, "ab", null), new Query("1", null, null, null),
                new Query("10", null, null, null), new Query(null, null, "AB", "12"))) {
            for (String owner : OWNERS) {
                List<Entry> visible = new ArrayList<>(book.all(null));
                if (owner != null) {
                    visible.addAll(book.all(owner));
                }
                List<Entry> expected = visible.stream().filter(e -> matches(e, q)).sorted(SEARCH_ORDER).toList();
                for (int offset : new int[] {0, 7, 30}) {
                    Page page = book.search(owner, q, offset, 10);
                    assertEquals(expected.size(), page.total(), q + " as " + owner);
                    assertEquals(expected.subList(Math.min(offset, expected.size()), Math.min(offset + 10, expected.size())),
                            page.entries(), q + " as " + owner + " from " + offset);
                }
            }
        }
    }

    @Test
    void concurrentReplacesOfOneEntryKeepTheTotalsExact() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Entry>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                // the same two ids, inserted and replaced by 4 threads at once, with other prefixes each time
                futures.add(pool.submit(() -> book.store(new Entry(n % 2 == 0 ? A : null, "same" + (n % 4 / 2),
                        Character.toString('a' + n % 5) + "x", null, Integer.toString(n)))));
                if (n % 10 == 9) {
                    futures.add(pool.submit(() -> book.delete(A, "same0") ? null : null));
                }
            }
            for (Future<Entry> f : futures) {
                f.get();
            }
            assertShortPrefixSearchesExact();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aVersion1DatabaseWithEntriesIsMigratedWithItsCounts() throws Exception {
        store.close();
        store = null;
        settings = emptyDatabase();
        OlderSchema.create(settings, 1);
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            assertEquals(1, OlderSchema.version(c));
            s.executeUpdate("INSERT INTO phone_book (owner, id, last_name, first_name, number) VALUES"
                    + " ('', '1', 'Kim', 'Ann', '1012'), ('', '2', 'kimball', NULL, '1013'), ('', '3', NULL, NULL, '7'),"
                    + " ('', '4', 'K', 'Émile', '+49'), ('" + A + "', '1', 'Kang', 'Bo', '1099'), ('" + A + "', '22', 'Lee', 'a', '30'),"
                    + " ('" + B + "', '1', 'Kim', 'Ann', '1012')");
        }
        store = Stores.open(settings);
        book = store.phoneBook();
        try (Connection c = rawConnection()) {
            assertEquals(SchemaMigrator.latestVersion(), OlderSchema.version(c));
        }
        assertEquals(4, book.count(null));
        assertEquals(2, book.count(A));
        assertEquals(3, book.search(null, last("k"), 0, 0).total());
        assertEquals(4, book.search(A, last("K"), 0, 0).total());
        assertEquals(3, book.search(B, last("ki"), 0, 0).total());
        assertEquals(3, book.search(B, new Query(null, null, null, "10"), 0, 0).total());
        assertEquals(List.of("Kim", "Kim", "kimball"), lastNames(book.search(B, last("ki"), 0, 10)));
        assertShortPrefixSearchesExact();
        // and kept from there on
        book.store(new Entry(null, "3", "Kite", null, "7"));
        assertTrue(book.delete(A, "1"));
        assertShortPrefixSearchesExact();
        assertEquals(4, book.search(A, last("k"), 0, 0).total());
    }

    // --- call history ---

    static CallHistoryStore.Entry call(String device, Kind kind, String number, long epochSecond) {
        return new CallHistoryStore.Entry(0, device, kind, number, "Name " + number, Instant.ofEpochSecond(epochSecond, 123_456_789), 5);
    }

    @Test
    void historyAddsAndQueriesNewestFirstByKind() {
        CallHistoryStore h = store.history();
        CallHistoryStore.Entry m1 = h.add(call(A, Kind.MISSED, "100", 1000), 10);
        CallHistoryStore.Entry r1 = h.add(call(A, Kind.RECEIVED, "200", 2000), 10);
        CallHistoryStore.Entry m2 = h.add(call(A, Kind.MISSED, "300", 3000), 10);
        h.add(call(B, Kind.MISSED, "400", 4000), 10);
        assertTrue(m1.key() > 0 && r1.key() != m1.key());
        assertEquals(Instant.ofEpochSecond(1000, 123_456_000), m1.time());
        assertEquals(List.of(m2, r1, m1), h.query(A, Optional.empty(), 10));
        assertEquals(List.of(m2, m1), h.query(A, Optional.of(Kind.MISSED), 10));
        assertEquals(List.of(r1), h.query(A, Optional.of(Kind.RECEIVED), 10));
        assertEquals(List.of(), h.query(A, Optional.of(Kind.PLACED), 10));
        assertEquals(List.of(m2), h.query(A, Optional.empty(), 1));
        // newest by time, not by insertion
        CallHistoryStore.Entry old = h.add(call(A, Kind.PLACED, "500", 500), 10);
        assertEquals(old, h.query(A, Optional.empty(), 10).get(3));
        CallHistoryStore.Entry noName = h.add(new CallHistoryStore.Entry(0, A, Kind.PLACED, "600", null, Instant.ofEpochSecond(5000), 0), 10);
        assertEquals(noName, h.query(A, Optional.empty(), 1).get(0));
    }

    @Test
    void historyAddTrimsTheDevicesOldestBeyondKeep() {
        CallHistoryStore h = store.history();
        for (int i = 1; i <= 5; i++) {
            h.add(call(A, i % 2 == 0 ? Kind.MISSED : Kind.PLACED, "A" + i, i * 10L), 100);
            h.add(call(B, Kind.MISSED, "B" + i, i * 10L), 100);
        }
        h.add(call(A, Kind.RECEIVED, "A6", 60), 3);
        assertEquals(List.of("A6", "A5", "A4"), h.query(A, Optional.empty(), 10).stream().map(CallHistoryStore.Entry::number).toList());
        assertEquals(5, h.query(B, Optional.empty(), 10).size(), "another device's history is untouched");
        // an entry older than all kept ones is added and trimmed at once
        h.add(call(A, Kind.RECEIVED, "A0", 1), 3);
        assertEquals(List.of("A6", "A5", "A4"), h.query(A, Optional.empty(), 10).stream().map(CallHistoryStore.Entry::number).toList());
        // equal times: the later key is the newer
        h.add(call(A, Kind.RECEIVED, "A7", 60), 2);
        assertEquals(List.of("A7", "A6"), h.query(A, Optional.empty(), 10).stream().map(CallHistoryStore.Entry::number).toList());
    }

    @Test
    void historyDeletesByKeyAndClearsByKind() {
        CallHistoryStore h = store.history();
        CallHistoryStore.Entry m = h.add(call(A, Kind.MISSED, "1", 1), 10);
        h.add(call(A, Kind.MISSED, "2", 2), 10);
        h.add(call(A, Kind.PLACED, "3", 3), 10);
        h.add(call(A, Kind.RECEIVED, "4", 4), 10);
        CallHistoryStore.Entry b = h.add(call(B, Kind.MISSED, "5", 5), 10);
        assertFalse(h.delete(A, b.key()), "another device's key");
        assertTrue(h.delete(A, m.key()));
        assertFalse(h.delete(A, m.key()));
        assertEquals(1, h.clear(A, Optional.of(Kind.MISSED)));
        assertEquals(0, h.clear(A, Optional.of(Kind.MISSED)));
        assertEquals(2, h.clear(A, Optional.empty()));
        assertEquals(List.of(), h.query(A, Optional.empty(), 10));
        assertEquals(List.of(b), h.query(B, Optional.empty(), 10));
    }

    // --- forwards and device state ---

    @Test
    void forwardsAreSetAndCancelledPerDeviceLineAndKind() {
        ForwardStore f = store.forwards();
        assertEquals(Map.of(), f.forwards(A).getOrDefault(1, Map.of()));
        f.set(A, 1, ForwardStore.Kind.ALL, Optional.of("2000"));
        f.set(A, 1, ForwardStore.Kind.BUSY, Optional.of("3000"));
        f.set(A, 2, ForwardStore.Kind.NO_ANSWER, Optional.of("4000"));
        f.set(B, 1, ForwardStore.Kind.ALL, Optional.of("5000"));
        assertEquals(Map.of(ForwardStore.Kind.ALL, "2000", ForwardStore.Kind.BUSY, "3000"), f.forwards(A).getOrDefault(1, Map.of()));
        assertEquals(Map.of(ForwardStore.Kind.NO_ANSWER, "4000"), f.forwards(A).getOrDefault(2, Map.of()));
        f.set(A, 1, ForwardStore.Kind.ALL, Optional.of("2001"));
        assertEquals(Map.of(ForwardStore.Kind.ALL, "2001", ForwardStore.Kind.BUSY, "3000"), f.forwards(A).getOrDefault(1, Map.of()));
        f.set(A, 1, ForwardStore.Kind.ALL, Optional.empty());
        assertEquals(Map.of(ForwardStore.Kind.BUSY, "3000"), f.forwards(A).getOrDefault(1, Map.of()));
        f.set(A, 1, ForwardStore.Kind.BUSY, Optional.of(""));
        assertEquals(Map.of(), f.forwards(A).getOrDefault(1, Map.of()));
        f.set(A, 1, ForwardStore.Kind.BUSY, Optional.empty()); // cancelling what is not set is fine
        assertEquals(Map.of(ForwardStore.Kind.NO_ANSWER, "4000"), f.forwards(A).getOrDefault(2, Map.of()));
        assertEquals(Map.of(ForwardStore.Kind.ALL, "5000"), f.forwards(B).getOrDefault(1, Map.of()));
        assertEquals(Map.of(1, Map.of(ForwardStore.Kind.ALL, "5000")), f.forwards(B), "one read: every line");
        assertFalse(f.forwards(A).containsKey(1), "a line with nothing set is absent");
        assertThrows(IllegalArgumentException.class, () -> f.set(A, 0, ForwardStore.Kind.ALL, Optional.of("1")));
    }

    @Test
    void headsetIsRememberedPerDevice() {
        DeviceStateStore d = store.devices();
        assertEquals(Optional.empty(), d.headset(A));
        d.headset(A, true);
        assertEquals(Optional.of(true), d.headset(A));
        d.headset(A, false);
        assertEquals(Optional.of(false), d.headset(A));
        assertEquals(Optional.empty(), d.headset(B));
    }

    @Test
    void theLatestClaimOfADeviceNamesItsInstance() {
        DeviceClaimStore claims = store.claims();
        assertEquals(Map.of(), claims.owners(List.of(A, B)));
        claims.claim(A, "10.0.0.1:5070", Instant.parse("2026-12-01T10:00:00Z"));
        claims.claim(B, "10.0.0.1:5070", Instant.parse("2026-12-01T10:00:01Z"));
        claims.claim(A, "10.0.0.2:5070", Instant.parse("2026-12-01T10:00:02Z")); // A moved
        assertEquals(Map.of(A, "10.0.0.2:5070", B, "10.0.0.1:5070"), claims.owners(List.of(A, B, "never-claimed")));
        assertEquals(Map.of(), claims.owners(List.of()));
        // More devices than one statement takes: queried in chunks, every claim found.
        List<String> many = new ArrayList<>();
        for (int i = 0; i < DeviceClaimStore.MAX_QUERY + 7; i++) {
            many.add("SEP" + i);
        }
        claims.claim(many.get(DeviceClaimStore.MAX_QUERY + 3), "x:1", Instant.parse("2026-12-01T10:00:03Z"));
        assertEquals(Map.of(many.get(DeviceClaimStore.MAX_QUERY + 3), "x:1"), claims.owners(many));
    }

    // --- durability across reopen, schema ---

    @Test
    void everythingSurvivesReopening() {
        book.store(new Entry(A, "1", "Kept", null, "1"));
        store.history().add(call(A, Kind.MISSED, "1", 1), 10);
        store.forwards().set(A, 1, ForwardStore.Kind.ALL, Optional.of("9"));
        store.devices().headset(A, true);
        store.close();
        store = Stores.open(settings);
        assertEquals(List.of(new Entry(A, "1", "Kept", null, "1")), store.phoneBook().all(A));
        assertEquals(1, store.history().query(A, Optional.empty(), 10).size());
        assertEquals(Map.of(1, Map.of(ForwardStore.Kind.ALL, "9")), store.forwards().forwards(A));
        assertEquals(Optional.of(true), store.devices().headset(A));
    }

    @Test
    void migratesAnEmptyDatabaseToTheLatestVersionOnce() throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version, script FROM schema_version ORDER BY version")) {
            for (int v = 1; v <= SchemaMigrator.latestVersion(); v++) {
                assertTrue(r.next());
                assertEquals(v, r.getInt(1));
                assertEquals(SchemaMigrator.SCRIPTS.get(v - 1), r.getString(2));
            }
            assertFalse(r.next());
        }
        store.close();
        store = Stores.open(settings); // nothing to do the second time
        try (Connection c = rawConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM schema_version")) {
            r.next();
            assertEquals(SchemaMigrator.latestVersion(), r.getInt(1));
        }
    }

    @Test
    void refusesADatabaseWithANewerSchema() throws SQLException {
        int newer = SchemaMigrator.latestVersion() + 1;
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version (version, script) VALUES (" + newer + ", 'V" + newer + "__future.sql')");
        }
        store.close();
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(settings));
        store = null;
        assertTrue(e.getMessage().contains("version " + newer + ", newer than this bridge knows"), e.getMessage());
    }

    @Test
    void aClosedStoreThrowsStoreException() {
        store.close();
        assertThrows(StoreException.class, () -> book.search(null, null, 0, 10));
        assertThrows(StoreException.class, () -> store.devices().headset(A, true));
        store = null;
    }
}
