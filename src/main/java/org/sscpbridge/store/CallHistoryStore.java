package org.sscpbridge.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Each device's call history (SPEC §2, message 13), newest first, bounded per device. Kept per
 * device, not per session: a phone that re-registers (or moves address) keeps it. Durable when
 * the method returns.
 */
public interface CallHistoryStore {

    enum Kind { MISSED, RECEIVED, PLACED }

    /** One call; {@code key} identifies it in the store (0 before it is added). */
    record Entry(long key, String device, Kind kind, String number, String name, Instant time, int durationSeconds) {
        public Entry {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(time, "time");
        }
    }

    /** Adds {@code entry} and drops the device's oldest entries beyond {@code keep}; returns it with its key. */
    Entry add(Entry entry, int keep);

    /** The device's entries of {@code kind} (empty: every kind), newest first, at most {@code max}. */
    List<Entry> query(String device, Optional<Kind> kind, int max);

    /** Deletes one entry of the device; false if it has no entry with that key. */
    boolean delete(String device, long key);

    /** Deletes the device's entries of {@code kind} (empty: all); returns how many. */
    int clear(String device, Optional<Kind> kind);
}
