package org.sscpbridge.exec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * {@link CompletableFuture#supplyAsync} and {@link CompletableFuture#runAsync} for bounded
 * executors: a refusal (the store's I/O queue full, {@code store.queue.max}, or closing) comes
 * back as a failed future with the {@link RejectedExecutionException}, like any other failure,
 * instead of being thrown at the caller.
 */
public final class Async {
    private Async() {
    }

    public static <T> CompletableFuture<T> supply(Supplier<T> work, Executor executor) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public static CompletableFuture<Void> run(Runnable work, Executor executor) {
        try {
            return CompletableFuture.runAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether {@code failure} (or what it wraps) is an executor's refusal. */
    public static boolean refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }
}
