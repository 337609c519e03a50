package org.sscpbridge.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real clock and one timer thread; tasks hand real work to their owner's executor. */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);

    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor timer;

    public SystemScheduler(String threadName) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        // Cancelled retransmit timers are the common case: do not keep them queued until they expire.
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * A scheduler that is never closed (shared for the JVM's life): its thread ends after
     * {@code idle} without work and comes back with the next task, so none lingers for long after
     * the bridge (or its bundle) has gone.
     */
    public SystemScheduler(String threadName, Duration idle) {
        this(threadName);
        timer.setKeepAliveTime(idle.toNanos(), TimeUnit.NANOSECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = timer.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("timer task failed", e);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** Tasks queued and not yet run (cancelled ones are removed at once, see the constructor). */
    public int pending() {
        return timer.getQueue().size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
