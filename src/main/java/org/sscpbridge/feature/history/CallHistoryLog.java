package org.sscpbridge.feature.history;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.sscpbridge.exec.Async;
import org.sscpbridge.exec.SerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.store.CallHistoryStore;

/**
 * One device's call history (SPEC §2 CallHistory), newest first, bounded: what the phone's
 * session reads at once from memory, written through to the durable store in order on the store's
 * I/O executor (a write never blocks the phone's thread). Loaded from the store when the session
 * starts (on the never-refusing {@code reads} executor: a registration storm must not leave a
 * phone without its history), so it follows the device across registrations, addresses and
 * restarts; writes asked before the load is merged wait for it, so the load never reads them back
 * as stored entries. Confined to the phone's thread, except for the I/O it hands over.
 */
public final class CallHistoryLog {
    private static final Logger LOG = LoggerFactory.getLogger(CallHistoryLog.class);
    /** Default of {@code history.max}. */
    public static final int DEFAULT_KEEP = 100;

    /** What kind of call an entry records. */
    public enum Kind { MISSED, RECEIVED, PLACED }

    public record Entry(Kind kind, String number, String name, Instant time, int durationSeconds) {}

    /** An entry and its key in the store, known once its write is done. */
    private static final class Held {
        final Entry entry;
        volatile long key;

        Held(Entry entry, long key) {
            this.entry = entry;
            this.key = key;
        }
    }

    private final String device;
    private final CallHistoryStore store;
    private final int keep;
    private final Deque<Held> entries = new ArrayDeque<>();
    /**
     * The store's writes for this device, one after the other, in the order they were asked, on
     * the store's (bounded) I/O executor. Most waiting: {@link #MAX_PENDING}.
     */
    private final SerialExecutor writer;
    /** Writes asked before the load was merged, in order; null once it is. Guarded by this. */
    private List<Write> beforeLoad = new ArrayList<>();
    /** Completes when the last write asked so far is done (or was refused). */
    private volatile CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
    /** Writes of one device that may wait; beyond, a change misses the store (logged). */
    static final int MAX_PENDING = 1000;
    private final CompletableFuture<Void> loaded;

    /** Reads and writes on {@code io}. */
    public CallHistoryLog(String device, CallHistoryStore store, Executor io, int keep, Executor owner) {
        this(device, store, io, keep, owner, io);
    }

    /**
     * Starts reading the device's stored history at once on {@code reads}; {@code owner} (the phone's
     * thread) merges it under what was recorded meanwhile. Writes go to {@code io}.
     */
    public CallHistoryLog(String device, CallHistoryStore store, Executor io, int keep, Executor owner,
            Executor reads) {
        this.device = device;
        this.store = store;
        this.keep = keep;
        this.writer = new SerialExecutor(io, "history " + device, MAX_PENDING);
        this.loaded = load(owner, reads);
    }

    /** Completes once the stored history is merged in. */
    public CompletableFuture<Void> loaded() {
        return loaded;
    }

    private CompletableFuture<Void> load(Executor owner, Executor reads) {
        CompletableFuture<List<CallHistoryStore.Entry>> read =
                Async.supply(() -> store.query(device, Optional.empty(), keep), reads);
        return read.handleAsync((stored, failure) -> {
            try {
                merge(stored, failure);
            } finally {
                releaseWritesBeforeLoad();
            }
            return null;
        }, owner);
    }

    private void merge(List<CallHistoryStore.Entry> stored, Throwable failure) {
        if (failure != null) {
            LOG.warn("history of {} not loaded: {}", device, failure.getMessage());
            return;
        }
        for (CallHistoryStore.Entry e : stored) {
            if (entries.size() >= keep) {
                break;
            }
            entries.addLast(new Held(new Entry(kind(e.kind()), e.number(), e.name(), e.time(), e.durationSeconds()),
                    e.key()));
        }
    }

    private void releaseWritesBeforeLoad() {
        List<Write> waiting;
        synchronized (this) {
            waiting = beforeLoad;
            beforeLoad = null;
        }
        waiting.forEach(this::queueWrite);
    }

    public void add(Entry entry) {
        Held held = new Held(entry, 0);
        entries.addFirst(held);
        while (entries.size() > keep) {
            entries.removeLast();
        }
        write("record a call", () -> held.key = store.add(new CallHistoryStore.Entry(0, device, kind(entry.kind()),
                entry.number(), entry.name(), entry.time(), entry.durationSeconds()), keep).key());
    }

    /** Newest first; {@code kind} null means every kind. */
    public List<Entry> query(Kind kind, int max) {
        List<Entry> out = new ArrayList<>();
        for (Held h : entries) {
            if (out.size() >= max) {
                break;
            }
            if (kind == null || h.entry.kind() == kind) {
                out.add(h.entry);
            }
        }
        return out;
    }

    /** Deletes {@code entry} (one returned by {@link #query}); false if it is no longer there. */
    public boolean delete(Entry entry) {
        for (Held h : entries) {
            if (h.entry == entry) {
                entries.remove(h);
                // The key is known once the entry's own write is done, which comes first in order.
                write("delete a call", () -> store.delete(device, h.key));
                return true;
            }
        }
        return false;
    }

    /** Deletes every entry of {@code kind} (null: all). */
    public void clear(Kind kind) {
        entries.removeIf(h -> kind == null || h.entry.kind() == kind);
        write("clear calls", () -> store.clear(device, Optional.ofNullable(kind).map(CallHistoryLog::kind)));
    }

    /** Completes when every write asked so far is done (for tests and orderly shutdown). */
    public CompletableFuture<Void> flushed() {
        return writes;
    }

    private void write(String what, Runnable io) {
        Write w = new Write(device, what, io, new CompletableFuture<>());
        writes = w.done;
        synchronized (this) {
            if (beforeLoad != null) {
                if (beforeLoad.size() < MAX_PENDING) {
                    beforeLoad.add(w);
                } else {
                    LOG.warn("history of {}: could not {}: {} changes already wait for the history to load", device,
                            what, MAX_PENDING);
                    w.done.complete(null);
                }
                return;
            }
        }
        queueWrite(w);
    }

    /** To the store's I/O queue; when it is full (store.queue.max) this change misses the store, later ones still go. */
    private void queueWrite(Write w) {
        if (!writer.offer(w::run)) {
            LOG.warn("history of {}: could not {}: store busy", device, w.what);
            w.done.complete(null);
        }
    }

    /** A change of the stored history; {@code done} completes once it was tried. */
    private record Write(String device, String what, Runnable io, CompletableFuture<Void> done) {
        void run() {
            try {
                io.run();
            } catch (RuntimeException e) {
                // The phone keeps its view; the store missed one change (logged, not retried).
                LOG.warn("history of {}: could not {}: {}", device, what, e.getMessage());
            } finally {
                done.complete(null);
            }
        }
    }

    private static CallHistoryStore.Kind kind(Kind k) {
        return CallHistoryStore.Kind.valueOf(k.name());
    }

    private static Kind kind(CallHistoryStore.Kind k) {
        return Kind.valueOf(k.name());
    }
}
