package org.sscpbridge.sscp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiringLruMapTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void evictsTheLeastRecentlyUsedWhenFull() {
        ExpiringLruMap<String, String> map = new ExpiringLruMap<>(2, Duration.ofMinutes(1));
        map.getOrCreate("a", T0, () -> "A");
        map.getOrCreate("b", T0, () -> "B");
        map.get("a", T0); // a is now more recent than b
        map.getOrCreate("c", T0, () -> "C");
        assertEquals(2, map.size());
        assertNull(map.get("b", T0));
        assertNotNull(map.get("a", T0));
        assertNotNull(map.get("c", T0));
    }

    @Test
    void forgetsEntriesIdleForTheTimeout() {
        ExpiringLruMap<String, String> map = new ExpiringLruMap<>(10, Duration.ofSeconds(60));
        map.getOrCreate("old", T0, () -> "1");
        map.getOrCreate("busy", T0, () -> "2");
        map.get("busy", T0.plusSeconds(30));
        assertNotNull(map.get("busy", T0.plusSeconds(61)));
        assertNull(map.get("old", T0.plusSeconds(61)));
        assertEquals(1, map.size());
    }

    @Test
    void pinnedEntriesSurviveExpiryAndEviction() {
        ExpiringLruMap<String, String> map = new ExpiringLruMap<>(1, Duration.ofSeconds(1), v -> !v.startsWith("pinned"));
        map.getOrCreate("p", T0, () -> "pinned");
        map.getOrCreate("q", T0.plusSeconds(5), () -> "free");
        assertEquals(List.of("pinned", "free"), map.values());
        map.getOrCreate("r", T0.plusSeconds(5), () -> "free too");
        assertEquals(List.of("pinned", "free too"), map.values());
    }

    @Test
    void getOrCreateReturnsTheExistingValue() {
        ExpiringLruMap<String, StringBuilder> map = new ExpiringLruMap<>(4, Duration.ofSeconds(1));
        StringBuilder first = map.getOrCreate("k", T0, StringBuilder::new);
        assertEquals(first, map.getOrCreate("k", T0, StringBuilder::new));
    }

    @Test
    void recentMapKeepsTheLastInserted() {
        RecentMap<Integer, String> map = new RecentMap<>(3);
        for (int i = 1; i <= 5; i++) {
            map.put(i, "v" + i);
        }
        assertEquals(List.of(3, 4, 5), List.copyOf(map.keySet()));
    }
}
