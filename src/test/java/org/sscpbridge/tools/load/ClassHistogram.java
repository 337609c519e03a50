package org.sscpbridge.tools.load;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's live-object histogram (what {@code jcmd PID GC.class_histogram} prints, taken after a
 * full GC): bytes and instances per class, and their total. The difference of two tells where
 * the heap between them went.
 */
record ClassHistogram(Map<String, Entry> byClass, long totalBytes) {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    record Entry(String className, long instances, long bytes) {}

    static ClassHistogram parse(String text) {
        Map<String, Entry> rows = new HashMap<>();
        long total = -1;
        for (String line : text.split("\\R")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                // The same name can appear once per class loader: add them up.
                rows.merge(row.group(3), new Entry(row.group(3), Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                        (a, b) -> new Entry(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
                continue;
            }
            Matcher t = TOTAL.matcher(line);
            if (t.find()) {
                total = Long.parseLong(t.group(2));
            }
        }
        if (total < 0) {
            throw new IllegalArgumentException("not a class histogram (no Total line)");
        }
        return new ClassHistogram(Map.copyOf(rows), total);
    }

    /** Classes whose live bytes grew most from {@code before} to this, largest first. */
    List<Entry> growthSince(ClassHistogram before, int top) {
        return byClass.values().stream()
                .map(e -> {
                    Entry b = before.byClass.getOrDefault(e.className(), new Entry(e.className(), 0, 0));
                    return new Entry(e.className(), e.instances() - b.instances(), e.bytes() - b.bytes());
                })
                .filter(e -> e.bytes() > 0)
                .sorted(Comparator.comparingLong(Entry::bytes).reversed())
                .limit(top)
                .toList();
    }
}
