package org.sscpbridge.log;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Writes at most one line per key per interval and tells, on the next line written, how many were
 * held back: a flood of bad datagrams must not become a flood of log lines. Keys name a kind of
 * event ("malformed", "rate-limited"), not a source, so the set of keys stays small; past
 * {@value #MAX_KEYS} keys, new ones share one overflow key.
 *
 * <p>Used wherever bad input from the network is logged (malformed SSCP datagrams, unregistered
 * senders, SIP requests the bridge cannot answer), so no package of its own depends on another's.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class RateLimitedLog {
    static final int MAX_KEYS = 256;
    private static final String OVERFLOW_KEY = "(other)";

    private static final class KeyState {
        Instant lastWritten;
        long suppressed;

        KeyState(Instant lastWritten) {
            this.lastWritten = lastWritten;
        }
    }

    private final Logger logger;
    private final Duration interval;
    private final Supplier<Instant> clock;
    private final Map<String, KeyState> states = new HashMap<>();

    public RateLimitedLog(Logger logger, Duration interval, Supplier<Instant> clock) {
        this.logger = logger;
        this.interval = interval;
        this.clock = clock;
    }

    public boolean warn(String key, String format, Object... args) {
        return log(Level.WARN, key, format, args);
    }

    public boolean error(String key, String format, Object... args) {
        return log(Level.ERROR, key, format, args);
    }

    public boolean info(String key, String format, Object... args) {
        return log(Level.INFO, key, format, args);
    }

    public boolean debug(String key, String format, Object... args) {
        return log(Level.DEBUG, key, format, args);
    }

    /**
     * Logs unless a line with this key was written less than the interval ago.
     * SLF4J conventions hold: a trailing Throwable argument is logged with its stack trace.
     *
     * @return whether the line was written
     */
    public boolean log(Level level, String key, String format, Object... args) {
        if (!logger.isEnabledForLevel(level)) {
            return false;
        }
        long suppressed = admit(key);
        if (suppressed < 0) {
            return false;
        }
        if (suppressed == 0) {
            write(level, format, args);
        } else {
            write(level, format + " ({} similar lines suppressed)", withSuppressedCount(args, suppressed));
        }
        return true;
    }

    // The classic methods, not the fluent API: they are the ones that treat a trailing Throwable
    // as the cause with every backend.
    private void write(Level level, String format, Object[] args) {
        switch (level) {
            case ERROR -> logger.error(format, args);
            case WARN -> logger.warn(format, args);
            case INFO -> logger.info(format, args);
            case DEBUG -> logger.debug(format, args);
            case TRACE -> logger.trace(format, args);
        }
    }

    /** -1 if the line is held back, else how many lines with this key were held back before it. */
    private synchronized long admit(String key) {
        Instant now = clock.get();
        KeyState state = states.get(key);
        if (state == null && states.size() >= MAX_KEYS) {
            key = OVERFLOW_KEY;
            state = states.get(key);
        }
        if (state == null) {
            states.put(key, new KeyState(now));
            return 0;
        }
        if (Duration.between(state.lastWritten, now).compareTo(interval) >= 0) {
            long suppressed = state.suppressed;
            state.suppressed = 0;
            state.lastWritten = now;
            return suppressed;
        }
        state.suppressed++;
        return -1;
    }

    /** Adds the count as the last placeholder argument, keeping a trailing Throwable last. */
    private static Object[] withSuppressedCount(Object[] args, long suppressed) {
        boolean trailingThrowable = args.length > 0 && args[args.length - 1] instanceof Throwable;
        Object[] out = Arrays.copyOf(args, args.length + 1);
        if (trailingThrowable) {
            out[args.length - 1] = suppressed;
            out[args.length] = args[args.length - 1];
        } else {
            out[args.length] = suppressed;
        }
        return out;
    }
}
