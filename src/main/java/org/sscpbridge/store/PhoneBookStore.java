package org.sscpbridge.store;

import java.util.List;
import java.util.Objects;

/**
 * The phone book (SPEC §2, message 14): one shared directory plus each device's personal entries.
 * Every write is durable when the method returns (the phone is told only then).
 */
public interface PhoneBookStore {

    /** Longest value of any field, in characters (a longer one is refused by the caller). */
    int MAX_FIELD = 64;

    /**
     * One entry. {@code owner} is null for the shared directory, else the device id whose personal
     * entry it is; {@code id} is unique per owner (the store assigns one when storing without).
     */
    record Entry(String owner, String id, String lastName, String firstName, String number) {
        public Entry {
            Objects.requireNonNull(number, "number");
        }
    }

    /** Case-insensitive prefixes: an entry matches when every non-empty field prefixes its value. */
    record Query(String id, String lastName, String firstName, String number) {}

    /** One page of a search: {@code total} matches in all, {@code entries} from {@code offset} on. */
    record Page(int total, List<Entry> entries) {}

    /**
     * Searches the shared directory and {@code device}'s personal entries (null: the shared only),
     * ordered by last name, first name, number, id; at most {@code limit} entries from {@code offset}.
     */
    Page search(String device, Query query, int offset, int limit);

    /** Stores (inserts, or replaces the entry with the same owner and id); returns it with its id. */
    Entry store(Entry entry);

    /** Deletes {@code owner}'s entry {@code id} (owner null: the shared one); false if there was none. */
    boolean delete(String owner, String id);

    /** Every entry of {@code owner} (null: the shared directory), in search order: for export. */
    List<Entry> all(String owner);

    /** How many entries {@code owner} has (null: the shared directory). */
    int count(String owner);
}
