package org.sscpbridge.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {
    private static final String BEFORE = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000          64000  [B (java.base@17.0.15)
               2:           100           2400  java.lang.String (java.base@17.0.15)
               3:             5            120  org.example.Gone
            Total          1105          66520
            """;
    private static final String AFTER = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          3000         192000  [B (java.base@17.0.15)
               2:           600          14400  java.lang.String (java.base@17.0.15)
               3:            10            480  org.example.Session
               4:            10            480  org.example.Session
            Total          3620         207360
            """;

    @Test
    void readsRowsAndTheTotal() {
        ClassHistogram h = ClassHistogram.parse(BEFORE);
        assertEquals(66_520, h.totalBytes());
        assertEquals(new ClassHistogram.Entry("[B", 1000, 64_000), h.byClass().get("[B"));
    }

    @Test
    void growthIsPerClassLargestFirstAndAddsUpClassesOfSeveralLoaders() {
        List<ClassHistogram.Entry> growth = ClassHistogram.parse(AFTER).growthSince(ClassHistogram.parse(BEFORE), 2);
        assertEquals(List.of(new ClassHistogram.Entry("[B", 2000, 128_000),
                new ClassHistogram.Entry("java.lang.String", 500, 12_000)), growth);
        assertEquals(new ClassHistogram.Entry("org.example.Session", 20, 960),
                ClassHistogram.parse(AFTER).growthSince(ClassHistogram.parse(BEFORE), 3).get(2));
    }

    @Test
    void textWithoutATotalIsNotAHistogram() {
        assertThrows(IllegalArgumentException.class, () -> ClassHistogram.parse("nothing here"));
    }
}
