package org.sscpbridge.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
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
 */
public final class BoundedSingleThreadExecutor extends ThreadPoolExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedSingleThreadExecutor.class);

    private final LongAdder refused = new LongAdder();

    public BoundedSingleThreadExecutor(String threadName, int maxQueued) {
        super(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxQueued), r -> {
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
    }

    /** Tasks refused because the queue was full. */
    public long refused() {
        return refused.sum();
    }
}
