package org.sscpbridge.tools.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaveResultTest {
    private static final long MS = 1_000_000;

    @Test
    void rateRunsFromTheFirstSendToTheLastCompletion() {
        long[] sent = {1_000 * MS, 1_100 * MS, 1_200 * MS, 1_300 * MS};
        long[] done = {1_050 * MS, 1_400 * MS, 1_250 * MS, 1_500 * MS};
        WaveResult r = WaveResult.of(sent, done, 0, 0, 0);

        assertTrue(r.allCompleted());
        assertEquals(500 * MS, r.elapsedNanos());
        assertEquals(8.0, r.perSecond(), 1e-9);
        assertArrayEquals(new long[] {50 * MS, 50 * MS, 200 * MS, 300 * MS}, r.latenciesNanos());
        assertEquals(50.0, r.latencyMillis(0.5), 1e-9);
        assertEquals(300.0, r.latencyMillis(0.99), 1e-9);
    }

    @Test
    void registrationsThatNeverCompletedCountNeitherInRateNorInLatency() {
        long[] sent = {1_000 * MS, 1_000 * MS, 1_000 * MS};
        long[] done = {1_100 * MS, 0, -1};
        WaveResult r = WaveResult.of(sent, done, 1, 0, 2);

        assertFalse(r.allCompleted());
        assertEquals(1, r.completed());
        assertEquals(10.0, r.perSecond(), 1e-9);
        assertTrue(r.describe().contains("1/3"), r.describe());
        assertTrue(r.describe().contains("1 rejected"), r.describe());
    }

    @Test
    void anEmptyWaveHasNoRateAndNoLatency() {
        WaveResult r = WaveResult.of(new long[2], new long[2], 0, 0, 0);
        assertEquals(0, r.perSecond());
        assertTrue(Double.isNaN(r.latencyMillis(0.5)));
    }
}
