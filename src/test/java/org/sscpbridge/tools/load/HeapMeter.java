package org.sscpbridge.tools.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Live heap of this JVM after full GCs, two ways: the class histogram's total (exact live bytes,
 * the histogram runs a full GC first) and MemoryMXBean's used heap after System.gc() (what
 * monitoring shows; includes the collector's region slack).
 */
final class HeapMeter {
    /** A measurement: live bytes, used heap, and the histogram behind the first. */
    record Snapshot(long liveBytes, long usedBytes, ClassHistogram histogram) {}

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    Snapshot measure() throws JMException, InterruptedException {
        // Several collections: finalizers/cleaners (sockets, the SIP stack's buffers) free more on the next one.
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long used = memory.getHeapMemoryUsage().getUsed();
        ClassHistogram histogram = ClassHistogram.parse(histogramText());
        return new Snapshot(histogram.totalBytes(), used, histogram);
    }

    private static String histogramText() throws JMException {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }
}
