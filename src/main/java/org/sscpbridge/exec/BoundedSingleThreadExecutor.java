package org.sscpbridge.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.log.RateLimitedLog;

/**
 * One daemon thread with a queue of at most {@code maxQueued} tasks (the store's I/O,
 * {@code store.queue.max}). A task beyond that is refused at once with a
 * {@link RejectedExecutionException} saying "busy" — counted ({@link #refused()}) and logged at
 * most once per 10 s — so that callers answer "busy" instead of queueing without limit or blocking
 * a phone's thread. Refusals after shutdown say "closed".
 *
 * <p>{@link #executeAlways} is the one way past the bound, for the drain task of a
 * {@link SerialExecutor} whose own queue holds work that must not be refused and is bounded
 * by its cause (a phone's registration): such a queue has at most one task here at a time.
 */
public final class BoundedSingleThreadExecutor extends ThreadPoolExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedSingleThreadExecutor.class);

    private final LongAdder refused = new LongAdder();
    private final int maxQueued;

    public BoundedSingleThreadExecutor(String threadName, int maxQueued) {
        // The queue itself is unbounded; execute() applies maxQueued, executeAlways() does not.
        super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        RateLimitedLog log = new RateLimitedLog(LOG, Duration.ofSeconds(10), Instant::now);
        setRejectedExecutionHandler((task, executor) -> {
            if (executor.isShutdown()) {
                throw new RejectedExecutionException(threadName + " closed");
            }
            refused.increment();
            log.warn("full", "{}: {} tasks waiting: request refused (busy)", threadName, maxQueued);
            throw new RejectedExecutionException(threadName + " busy: " + maxQueued + " tasks waiting");
        });
        this.maxQueued = maxQueued;
    }

    /** Runs {@code task} unless {@code maxQueued} tasks already wait (then refused: "busy"). */
    @Override
    public void execute(Runnable task) {
        // size() and the queueing are not one step: concurrent callers may overshoot by a few.
        if (getQueue().size() >= maxQueued && !isShutdown()) {
            getRejectedExecutionHandler().rejectedExecution(task, this);
            return;
        }
        super.execute(task);
    }

    /** Queues {@code task} whatever the queue holds (refused only after shutdown). See the class comment. */
    public void executeAlways(Runnable task) {
        super.execute(task);
    }

    /** Tasks refused because the queue was full. */
    public long refused() {
        return refused.sum();
    }
}
