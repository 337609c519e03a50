package org.sscpbridge.sip;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sscpbridge.time.Scheduler;
import org.sscpbridge.time.SystemScheduler;

/**
 * The default threads of the dialogs' serial executors and timers: a small pool shared by every
 * call agent of the JVM, and one timer thread. Daemon threads that end when idle, so that a bridge
 * that stops (or a bundle that goes away) leaves none behind for long.
 */
final class DialogThreads {
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
        TIMER = new SystemScheduler("sip-dialog-timer", Duration.ofSeconds(IDLE_SECONDS));
    }

    private DialogThreads() {
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
