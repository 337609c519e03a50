package org.sscpbridge.exec;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one owner's tasks one at a time, in order, on a shared pool: a single thread of control
 * per phone (and per SIP dialog) without a thread each. A task that throws is logged, counted
 * ({@link #failures()}) and the next one runs. The only lock is this queue's own; the state
 * behind it has none.
 *
 * <p>Bounded: {@link #offer} refuses a task once {@code maxQueued} tasks wait, so input from
 * outside (a phone's datagrams, a far end's in-dialog requests) cannot grow the queue without
 * limit; its caller drops or refuses that input. {@link #execute} always queues: it is for the
 * owner's own follow-ups (timers, answers to its own requests, the other side's events), whose
 * loss would leave state half-changed and whose number is bounded by what caused them (calls,
 * lines, timers), not by a sender. When the pool itself refuses to run the queue (a bounded pool
 * that is full), {@link #offer} returns false and {@link #execute} throws its
 * {@link RejectedExecutionException}; the queue stays usable.
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    /** Tasks that threw, in every serial executor of this JVM (tests assert none; logs say which). */
    private static final LongAdder FAILURES = new LongAdder();

    private final Executor pool;
    private final String owner;
    private final int maxQueued;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    /**
     * @param maxQueued most tasks {@link #offer} lets wait (at least 1)
     */
    public SerialExecutor(Executor pool, String owner, int maxQueued) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be at least 1: " + maxQueued);
        }
        this.pool = pool;
        this.owner = owner;
        this.maxQueued = maxQueued;
    }

    /** Tasks that threw in any serial executor since the JVM started. */
    public static long failures() {
        return FAILURES.sum();
    }

    /** Queues {@code task} whatever the queue holds: the owner's own follow-ups. */
    @Override
    public void execute(Runnable task) {
        enqueue(task, false);
    }

    /**
     * Queues {@code task} unless {@code maxQueued} tasks already wait; false then, and nothing was
     * queued (the caller drops or refuses the input it came from).
     */
    public boolean offer(Runnable task) {
        return enqueue(task, true);
    }

    /** Tasks waiting (not the one running). */
    public synchronized int queued() {
        return tasks.size();
    }

    public int maxQueued() {
        return maxQueued;
    }

    private boolean enqueue(Runnable task, boolean bounded) {
        synchronized (this) {
            if (bounded && tasks.size() >= maxQueued) {
                return false;
            }
            tasks.add(task);
            if (draining) {
                return true;
            }
            draining = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The pool refused (bounded and full, or shut down): take the task back, so that the
            // queue is not left waiting for a drain that never comes, and tell the caller.
            synchronized (this) {
                tasks.remove(task);
                draining = false;
            }
            if (bounded) {
                return false;
            }
            throw e;
        }
        return true;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                FAILURES.increment();
                LOG.error("{}: event failed, {} continues", owner, owner, e);
            }
        }
    }
}
