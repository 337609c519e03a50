package org.sscpbridge.sip;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.time.Scheduler;

/**
 * The default threads of the dialogs' serial executors and timers: a small pool shared by every
 * call agent of the JVM, and one timer thread. Daemon threads that end when idle, so that a bridge
 * that stops (or a bundle that goes away) leaves none behind for long.
 */
final class DialogThreads {
    private static final Logger LOG = LoggerFactory.getLogger(DialogThreads.class);
    /** Threads running dialog events; events never block, so a few serve many calls. */
    static final int POOL_SIZE = 4;
    private static final long IDLE_SECONDS = 30;

    static final Executor POOL;
    static final Scheduler TIMER;

    static {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(POOL_SIZE, POOL_SIZE, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "sip-dialog-" + n.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        POOL = pool;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "sip-dialog-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        TIMER = new Scheduler() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                ScheduledFuture<?> f = timer.schedule(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("dialog timer task failed", e);
                    }
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }
        };
    }

    private DialogThreads() {
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
