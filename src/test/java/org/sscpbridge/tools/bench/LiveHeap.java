package org.sscpbridge.tools.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap bytes from a class histogram ({@code jcmd PID GC.class_histogram} or the
 * DiagnosticCommand MBean's {@code gcClassHistogram}), which runs a full GC first: the
 * {@code Total} line's byte count.
 */
public final class LiveHeap {
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)");

    private LiveHeap() {
    }

    public static long totalBytes(String histogram) {
        Matcher m = TOTAL.matcher(histogram);
        if (!m.find()) {
            throw new IllegalArgumentException("not a class histogram (no Total line)");
        }
        return Long.parseLong(m.group(2));
    }
}
