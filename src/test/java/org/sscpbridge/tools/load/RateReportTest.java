package org.sscpbridge.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateReportTest {
    /** n registrations sent at t = 1 s, completing evenly until 1 s + seconds. */
    private static RoundOutcome round(String side, int n, double seconds) {
        long[] sent = new long[n];
        long[] done = new long[n];
        for (int i = 0; i < n; i++) {
            sent[i] = 1_000_000_000L;
            done[i] = sent[i] + (long) ((i + 1) * seconds * 1e9 / n);
        }
        return new RoundOutcome(side, WaveResult.of(sent, done, 0, 0, 0), n, 0, Duration.ZERO, "");
    }

    @Test
    void everyRoundIsACsvRowAndTheSummaryHasTheMediansPerSizeAndSide() {
        RateReport report = new RateReport();
        report.add(100, 1, round("bridged", 100, 1.0), 0.5);
        report.add(100, 1, round("bare", 100, 0.5), 0.5);
        report.add(100, 2, round("bridged", 100, 0.5), 1.5);
        report.add(100, 2, round("bare", 100, 0.5), 1.5);
        report.add(100, 3, round("bridged", 100, 2.0), 1.0);
        report.add(100, 3, round("bare", 100, 0.5), 1.0);

        String[] rounds = report.roundsCsv().split("\n");
        assertEquals(7, rounds.length);
        assertTrue(rounds[0].startsWith("phones,side,round,completed,count,seconds,reg_per_s,p50_ms"), rounds[0]);
        assertTrue(rounds[1].startsWith("100,bridged,1,100,100,1.000,100.0,500.00,"), rounds[1]);

        String[] summary = report.summaryCsv().split("\n");
        assertEquals(2, summary.length);
        // bridged rounds 100, 200, 50 reg/s → median 100; bare 200 each; no SIPp column values.
        assertTrue(summary[1].startsWith("100,100.0,50.0,200.0,"), summary[1]);
        assertTrue(summary[1].contains(",200.0,200.0,200.0,"), summary[1]);
        assertTrue(summary[1].endsWith(",,,,,,50.0,1.00"), summary[1]);
    }

    @Test
    void theMarkdownTableSaysWhetherEachSideStayedWithinTwentyPercent() {
        RateReport report = new RateReport();
        report.add(5000, 1, round("bridged", 100, 1.0), 2);
        report.add(5000, 2, round("bridged", 100, 0.5), 2);
        report.add(5000, 3, round("bridged", 100, 1.0), 2);
        report.add(5000, 1, round("bare", 100, 1.0), 2);
        String md = report.markdown();
        assertTrue(md.contains("| 5 000 | **100** (100–200) | **100** (100–100) | – | **100 %** |"), md);
        assertTrue(md.contains("no: bridged"), md);
    }
}
