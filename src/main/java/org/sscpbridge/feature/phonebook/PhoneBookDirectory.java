package org.sscpbridge.feature.phonebook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The bridge-wide phone book (SPEC §2 PhoneBook): search by case-insensitive prefix on every
 * field the query gives, store (replacing an entry with the same id), delete by id. Thread-safe.
 * Kept in memory for now; entries are lost when the bridge stops.
 */
public final class PhoneBookDirectory {
    /** Bound on stored entries, so a phone cannot grow the bridge's memory without limit. */
    public static final int MAX_ENTRIES = 10_000;

    private final List<Contact> contacts = new ArrayList<>();

    /** Result of a search: the first {@code limit} matches and how many there were in all. */
    public record Page(int total, List<Contact> contacts) {}

    public synchronized Page search(Contact query, int limit) {
        List<Contact> hits = contacts.stream()
                .filter(c -> prefix(c.id(), query.id()) && prefix(c.lastName(), query.lastName())
                        && prefix(c.firstName(), query.firstName()) && prefix(c.number(), query.number()))
                .sorted(Comparator.comparing((Contact c) -> Objects.toString(c.lastName(), ""))
                        .thenComparing(c -> Objects.toString(c.firstName(), "")))
                .toList();
        return new Page(hits.size(), hits.subList(0, Math.min(limit, hits.size())));
    }

    /** Stores {@code contact}; false when the book is full. An entry with the same id is replaced. */
    public synchronized boolean store(Contact contact) {
        if (contact.id() != null) {
            contacts.removeIf(c -> contact.id().equals(c.id()));
        }
        if (contacts.size() >= MAX_ENTRIES) {
            return false;
        }
        contacts.add(contact);
        return true;
    }

    /** Deletes the entries with {@code id}; returns how many there were. */
    public synchronized int delete(String id) {
        int before = contacts.size();
        contacts.removeIf(c -> id != null && id.equals(c.id()));
        return before - contacts.size();
    }

    private static boolean prefix(String value, String wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return true;
        }
        return value != null && value.toLowerCase(Locale.ROOT).startsWith(wanted.toLowerCase(Locale.ROOT));
    }
}
