package org.sscpbridge.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** A scheduler whose clock moves only when a test calls {@link #advance}. Single-threaded use. */
public final class ManualScheduler implements Scheduler {
    private record Task(Instant due, long order, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> {
        int c = a.due.compareTo(b.due);
        return c != 0 ? c : Long.compare(a.order, b.order);
    });
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long order;

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(now.plus(delay), order++, task, cancelled));
        return () -> {
            synchronized (ManualScheduler.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves the clock forward, running every task that falls due on the way, in order. */
    public void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due;
                if (next.cancelled[0]) {
                    continue;
                }
            }
            next.run.run();
        }
    }

    /** Tasks still waiting (cancelled ones included until their time passes). */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled[0]).count();
    }
}
