package org.sscpbridge.feature.forward;

import org.sscpbridge.exec.Async;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sscpbridge.store.ForwardStore;

/**
 * One device's call forwards, per line: at most one target per kind and line. Read from memory
 * (an INVITE is routed without I/O), written through to the durable store: a change is acknowledged
 * to the phone (ForwardStatus) only once stored. Thread-safe: the phone, the console and other
 * phones (loop checks) read it.
 */
public final class Forwards {
    /** When a forward applies. */
    public enum Kind { ALL, BUSY, NO_ANSWER }

    private final String device;
    private final ForwardStore store;
    private final Executor io;
    private final Executor reads;
    private final AtomicBoolean refreshWaiting = new AtomicBoolean();
    private volatile Map<Integer, Map<Kind, String>> byLine = Map.of();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    /** Reads and writes on {@code io}. */
    public Forwards(String device, ForwardStore store, Executor io) {
        this(device, store, io, io);
    }

    /**
     * Writes on {@code io} (bounded: a refused change is reported to the phone), reads on
     * {@code reads} (a phone's registration must not lose its forwards to a busy store).
     */
    public Forwards(String device, ForwardStore store, Executor io, Executor reads) {
        this.device = device;
        this.store = store;
        this.io = io;
        this.reads = reads;
    }

    /**
     * Reads every line's forwards from the store (a device's forwards may have been set elsewhere).
     * A refresh asked while another still waits to run is that one: a phone's registration and
     * the first look-up of its forwards read the store once.
     */
    public CompletableFuture<Void> refresh() {
        if (!refreshWaiting.compareAndSet(false, true)) {
            return loaded;
        }
        CompletableFuture<Void> reading = new CompletableFuture<>();
        loaded = reading;
        Async.run(() -> {
            refreshWaiting.set(false); // from here on, a change made elsewhere needs another read
            Map<Integer, Map<Kind, String>> read = new HashMap<>();
            store.forwards(device).forEach((line, kinds) -> {
                Map<Kind, String> mine = new EnumMap<>(Kind.class);
                kinds.forEach((k, v) -> mine.put(Kind.valueOf(k.name()), v));
                read.put(line, mine);
            });
            byLine = Map.copyOf(read);
        }, reads).whenComplete((done, failure) -> {
            if (failure == null) {
                reading.complete(null);
            } else {
                refreshWaiting.set(false); // refused or failed: the next refresh tries again
                reading.completeExceptionally(failure);
            }
        });
        return reading;
    }

    /** Completes once the latest {@link #refresh} has read the store (fails if it could not). */
    public CompletableFuture<Void> ready() {
        return loaded;
    }

    public Optional<String> target(int line, Kind kind) {
        return Optional.ofNullable(byLine.getOrDefault(line, Map.of()).get(kind));
    }

    /** Line 1's target of {@code kind}. */
    public Optional<String> target(Kind kind) {
        return target(1, kind);
    }

    /** Sets (or with an empty number cancels) {@code kind} on {@code line}; completes once stored. */
    public CompletableFuture<Void> set(int line, Kind kind, Optional<String> number) {
        return Async.run(() -> {
            store.set(device, line, ForwardStore.Kind.valueOf(kind.name()), number);
            synchronized (this) {
                Map<Integer, Map<Kind, String>> next = new HashMap<>(byLine);
                Map<Kind, String> kinds = new EnumMap<>(Kind.class);
                kinds.putAll(next.getOrDefault(line, Map.of()));
                number.ifPresentOrElse(n -> kinds.put(kind, n), () -> kinds.remove(kind));
                next.put(line, kinds);
                byLine = Map.copyOf(next);
            }
        }, io);
    }
}
