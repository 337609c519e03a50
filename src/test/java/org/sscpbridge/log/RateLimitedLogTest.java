package org.sscpbridge.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.sscpbridge.time.ManualScheduler;

class RateLimitedLogTest {

    /** Keeps what would have been logged, after SLF4J's own argument normalisation. */
    static final class RecordingLogger extends AbstractLogger {
        record Line(Level level, String pattern, Object[] args, Throwable cause) {}

        final List<Line> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable cause) {
            lines.add(new Line(level, pattern, args == null ? new Object[0] : args, cause));
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isTraceEnabled(Marker marker) { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker marker) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker marker) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }
    }

    private final ManualScheduler clock = new ManualScheduler();
    private final RecordingLogger logger = new RecordingLogger();
    private final RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), clock::now);

    @Test
    void writesOneLinePerKeyPerIntervalAndCountsTheRest() {
        assertTrue(log.warn("malformed", "bad from {}", "a"));
        assertFalse(log.warn("malformed", "bad from {}", "b"));
        assertFalse(log.warn("malformed", "bad from {}", "c"));
        assertTrue(log.warn("oversize", "big from {}", "d"), "keys are limited independently");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(log.warn("malformed", "bad from {}", "e"));

        assertEquals(3, logger.lines.size());
        RecordingLogger.Line last = logger.lines.get(2);
        assertEquals("bad from {} ({} similar lines suppressed)", last.pattern());
        assertArrayEquals(new Object[] {"e", 2L}, last.args());
    }

    @Test
    void aTrailingThrowableStaysTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        log.error("handler", "handler failed on {}", "x", boom);
        log.error("handler", "handler failed on {}", "y", boom);
        clock.advance(Duration.ofSeconds(10));
        log.error("handler", "handler failed on {}", "z", boom);

        RecordingLogger.Line last = logger.lines.get(1);
        assertEquals(Level.ERROR, last.level());
        assertArrayEquals(new Object[] {"z", 1L}, last.args());
        assertSame(boom, last.cause());
    }

    @Test
    void theNumberOfKeysIsBounded() {
        for (int i = 0; i < RateLimitedLog.MAX_KEYS; i++) {
            assertTrue(log.warn("k" + i, "line"));
        }
        assertTrue(log.warn("new-1", "line"), "the first overflowing key takes the overflow slot");
        assertFalse(log.warn("new-2", "line"), "later ones share it");
    }
}
