package org.sscpbridge.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void shareOfOneCoreIsCpuTimeOverWallTime() {
        CpuWindow w = CpuWindow.between(10 * S, 100 * S, 13 * S, 160 * S);

        assertEquals(0.05, w.ofOneCore(), 1e-12, "3 s of CPU in 60 s = 5 % of one core");
        assertEquals(3_000_000 / 20_000.0, w.microsPer(20_000), 1e-9, "150 us per event");
    }

    @Test
    void twoBusyCoresAreTwoHundredPercent() {
        assertEquals(2.0, CpuWindow.between(0, 0, 20 * S, 10 * S).ofOneCore(), 1e-12);
    }

    @Test
    void noEventsHasNoCostPerEvent() {
        assertTrue(Double.isNaN(new CpuWindow(S, S).microsPer(0)));
    }

    @Test
    void aWindowMustHaveLengthAndCpuCannotRunBackwards() {
        assertThrows(IllegalArgumentException.class, () -> CpuWindow.between(0, 5, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> CpuWindow.between(5, 0, 4, 10));
    }

    @Test
    void procStatCountsUserAndSystemTicksAfterTheCommandName() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String line = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 566 0 0 20 0 40 0 99 0 0";

        assertEquals((1234 + 566) * 10_000_000L, ProcStat.cpuNanos(line), "1800 ticks of 10 ms");
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuNanos("no command name here"));
    }

    @Test
    void liveHeapIsTheHistogramsTotalBytes() {
        String histogram = """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         12345         987654  [B (java.base@17.0.15)
                   2:           100           2400  java.lang.String (java.base@17.0.15)
                Total         12445         990054
                """;

        assertEquals(990_054, LiveHeap.totalBytes(histogram));
        assertThrows(IllegalArgumentException.class, () -> LiveHeap.totalBytes("jcmd: no such process"));
    }
}
