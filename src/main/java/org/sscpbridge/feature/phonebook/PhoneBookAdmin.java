package org.sscpbridge.feature.phonebook;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.sscpbridge.store.PhoneBookStore;

/**
 * The operator's side of the phone book: list, add and remove entries of the shared directory
 * (owner null) or of one device, and store a whole imported file. Everything runs on the store's
 * I/O executor, as the phones' requests do; a large import goes in chunks, so phones' searches are
 * answered between them. Thread-safe.
 */
public final class PhoneBookAdmin {
    /** Entries stored per task of an import. */
    static final int CHUNK = 200;

    private final PhoneBookStore store;
    private final Executor io;

    public PhoneBookAdmin(PhoneBookStore store, Executor io) {
        this.store = store;
        this.io = io;
    }

    /** Every entry of {@code owner} (null: the shared directory), in search order. */
    public CompletableFuture<List<PhoneBookStore.Entry>> list(String owner) {
        return onIo(() -> store.all(owner));
    }

    /** Stores one entry; fails with {@link PhoneBook.InvalidEntry} naming the field (nothing stored). */
    public CompletableFuture<PhoneBookStore.Entry> add(String owner, String id, String lastName, String firstName,
            String number) {
        PhoneBookStore.Entry checked;
        try {
            checked = PhoneBook.validated(owner, id, lastName, firstName, number);
        } catch (PhoneBook.InvalidEntry e) {
            return CompletableFuture.failedFuture(e);
        }
        return onIo(() -> store.store(checked));
    }

    /** Deletes {@code owner}'s entry {@code id}; false if there was none. */
    public CompletableFuture<Boolean> remove(String owner, String id) {
        return onIo(() -> store.delete(owner, id));
    }

    /**
     * Stores {@code entries} (already validated) in order, {@link #CHUNK} per task; completes with
     * their number. {@code stored} counts what is stored so far, for a report when it fails midway.
     */
    public CompletableFuture<Integer> storeAll(List<PhoneBookStore.Entry> entries, AtomicInteger stored) {
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(0);
        for (int from = 0; from < entries.size(); from += CHUNK) {
            List<PhoneBookStore.Entry> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
            done = done.thenApplyAsync(n -> {
                for (PhoneBookStore.Entry e : chunk) {
                    store.store(e);
                    stored.incrementAndGet();
                }
                return n + chunk.size();
            }, io);
        }
        return done;
    }

    private <T> CompletableFuture<T> onIo(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, io);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the store is closing", e));
        }
    }
}
