package org.sscpbridge.feature.phonebook;

import org.sscpbridge.exec.Async;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.sscpbridge.store.PhoneBookStore;

/**
 * The phone book (SPEC §2 message 14): the shared directory the operator keeps, plus each device's
 * personal entries, which its phone stores and deletes. Every call goes to the durable store on the
 * store's I/O executor; a phone is answered when its future completes, so a stored entry has been
 * written when the phone hears so. Thread-safe.
 */
public final class PhoneBook {
    /** What a dialled number may hold. */
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{1,32}");

    /** A Store that names a field it cannot take: answered Error 400 with {@link #getMessage()}. */
    public static final class InvalidEntry extends IllegalArgumentException {
        public InvalidEntry(String message) {
            super(message);
        }
    }

    private final PhoneBookStore store;
    private final Executor io;

    public PhoneBook(PhoneBookStore store, Executor io) {
        this.store = store;
        this.io = io;
    }

    /** The shared directory and {@code device}'s own entries matching {@code query}, one page. */
    public CompletableFuture<PhoneBookStore.Page> search(String device, PhoneBookStore.Query query, int offset,
            int limit) {
        return Async.supply(() -> store.search(device, query, offset, limit), io);
    }

    /** Stores a personal entry of {@code device}; fails with {@link InvalidEntry} naming the field. */
    public CompletableFuture<PhoneBookStore.Entry> storePersonal(String device, String id, String lastName,
            String firstName, String number) {
        try {
            PhoneBookStore.Entry checked = validated(device, id, lastName, firstName, number);
            return Async.supply(() -> store.store(checked), io);
        } catch (InvalidEntry e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Deletes {@code device}'s personal entry {@code id}; false if it had none. */
    public CompletableFuture<Boolean> deletePersonal(String device, String id) {
        return Async.supply(() -> store.delete(device, id), io);
    }

    /** The name the phone book gives {@code number} (personal entries first), for a caller without one. */
    public CompletableFuture<Optional<String>> nameOf(String device, String number) {
        return search(device, new PhoneBookStore.Query(null, null, null, number), 0, 32).thenApply(page ->
                page.entries().stream().filter(e -> number.equals(e.number()))
                        .sorted((a, b) -> Boolean.compare(a.owner() == null, b.owner() == null))
                        .map(PhoneBook::displayName).filter(n -> !n.isEmpty()).findFirst());
    }

    /** "First Last", or whichever of the two there is. */
    public static String displayName(PhoneBookStore.Entry e) {
        String first = e.firstName() == null ? "" : e.firstName().trim();
        String last = e.lastName() == null ? "" : e.lastName().trim();
        return (first + " " + last).trim();
    }

    /** The store itself, for the operator's commands (list, add, remove, import, export). */
    public PhoneBookStore store() {
        return store;
    }

    /**
     * The entry, if the store may take it: a number of digits, {@code *}, {@code #} or {@code +}
     * (at most 32), and no field longer than {@link PhoneBookStore#MAX_FIELD}.
     */
    public static PhoneBookStore.Entry validated(String owner, String id, String lastName, String firstName,
            String number) {
        if (number == null || number.isBlank()) {
            throw new InvalidEntry("number missing");
        }
        if (!NUMBER.matcher(number).matches()) {
            throw new InvalidEntry("number '" + number + "' is not 1-32 of 0-9 * # +");
        }
        check("id", id);
        check("lastname", lastName);
        check("firstname", firstName);
        return new PhoneBookStore.Entry(owner, blankToNull(id), blankToNull(lastName), blankToNull(firstName), number);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void check(String field, String value) {
        if (value != null && value.length() > PhoneBookStore.MAX_FIELD) {
            throw new InvalidEntry(field + " longer than " + PhoneBookStore.MAX_FIELD + " characters");
        }
    }
}
