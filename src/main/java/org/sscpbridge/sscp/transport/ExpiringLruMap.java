package org.sscpbridge.sscp.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A map that forgets, so that per-source state stays bounded whatever addresses a flood invents:
 * at most {@code capacity} entries (the least recently used evictable one goes first) and entries
 * untouched for {@code idleTimeout} are dropped on the next access. Entries the owner still needs
 * (e.g. a peer with requests in flight) can be pinned through the {@code evictable} predicate; if
 * every entry is pinned, the map grows past its capacity rather than lose them.
 *
 * <p>Thread-safety: not thread-safe; the owner holds a lock.
 */
final class ExpiringLruMap<K, V> {
    private static final class Slot<V> {
        final V value;
        Instant touched;

        Slot(V value, Instant touched) {
            this.value = value;
            this.touched = touched;
        }
    }

    // Access order: the head is always the entry touched longest ago, so expiry stops early.
    private final LinkedHashMap<K, Slot<V>> slots = new LinkedHashMap<>(16, 0.75f, true);
    private final int capacity;
    private final Duration idleTimeout;
    private final Predicate<? super V> evictable;

    ExpiringLruMap(int capacity, Duration idleTimeout, Predicate<? super V> evictable) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.idleTimeout = idleTimeout;
        this.evictable = evictable;
    }

    ExpiringLruMap(int capacity, Duration idleTimeout) {
        this(capacity, idleTimeout, v -> true);
    }

    /** The value for {@code key}, marking it used now; null if absent or expired. */
    V get(K key, Instant now) {
        expire(now);
        Slot<V> slot = slots.get(key);
        if (slot == null) {
            return null;
        }
        slot.touched = now;
        return slot.value;
    }

    /** The value for {@code key}, created (making room first) if absent; marked used now. */
    V getOrCreate(K key, Instant now, Supplier<? extends V> factory) {
        V value = get(key, now);
        if (value == null) {
            makeRoom();
            value = factory.get();
            slots.put(key, new Slot<>(value, now));
        }
        return value;
    }

    int size() {
        return slots.size();
    }

    /** A snapshot of the values, oldest use first. */
    List<V> values() {
        List<V> values = new ArrayList<>(slots.size());
        slots.values().forEach(s -> values.add(s.value));
        return values;
    }

    void clear() {
        slots.clear();
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(idleTimeout);
        Iterator<Slot<V>> it = slots.values().iterator();
        while (it.hasNext()) {
            Slot<V> slot = it.next();
            if (slot.touched.isAfter(cutoff)) {
                return;
            }
            if (evictable.test(slot.value)) {
                it.remove();
            }
        }
    }

    private void makeRoom() {
        Iterator<Slot<V>> it = slots.values().iterator();
        while (slots.size() >= capacity && it.hasNext()) {
            if (evictable.test(it.next().value)) {
                it.remove();
            }
        }
    }
}
