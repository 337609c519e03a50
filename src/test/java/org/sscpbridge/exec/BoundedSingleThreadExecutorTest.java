package org.sscpbridge.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedSingleThreadExecutorTest {

    @Test
    void beyondItsQueueATaskIsRefusedBusyAndCountedThenAcceptedOnceTheQueueDrains() throws Exception {
        BoundedSingleThreadExecutor io = new BoundedSingleThreadExecutor("test-io", 2);
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            io.execute(() -> {
                started.countDown();
                await(release);
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            io.execute(() -> { });
            io.execute(() -> { });
            RejectedExecutionException busy = assertThrows(RejectedExecutionException.class, () -> io.execute(() -> { }));
            assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
            assertEquals(1, io.refused());
            // The way past the bound, for a serial queue's one drain task (a registration's reads).
            CountDownLatch always = new CountDownLatch(1);
            io.executeAlways(always::countDown);
            assertEquals(3, io.getQueue().size());

            // Through Async the refusal is a failed future, which callers answer "store busy".
            CompletableFuture<Integer> refused = Async.supply(() -> 1, io);
            assertTrue(refused.isCompletedExceptionally());
            assertTrue(Async.refused(assertThrows(Exception.class, refused::join)));

            release.countDown();
            // Room comes once the worker has taken the waiting tasks, not at the release itself.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!io.getQueue().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(7, Async.supply(() -> 7, io).get(10, TimeUnit.SECONDS), "room again");
            assertTrue(always.await(10, TimeUnit.SECONDS), "the task past the bound ran too");
        } finally {
            io.shutdownNow();
        }
        RejectedExecutionException closed = assertThrows(RejectedExecutionException.class, () -> io.execute(() -> { }));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertThrows(RejectedExecutionException.class, () -> io.executeAlways(() -> { }));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
