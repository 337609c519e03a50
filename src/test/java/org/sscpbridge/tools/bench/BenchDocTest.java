package org.sscpbridge.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BenchDocTest {
    private static final String DOC = """
            # Benchmarks
            intro
            <!-- bench:codec -->
            old codec table
            more old lines
            <!-- /bench:codec -->
            history stays
            <!-- bench:store -->
            <!-- /bench:store -->
            end
            """;

    @Test
    void replacesOnlyTheTextBetweenTheNamedMarkers() {
        String out = BenchDoc.replace(DOC, "codec", "| new | table |\n");
        assertEquals("""
                # Benchmarks
                intro
                <!-- bench:codec -->
                | new | table |
                <!-- /bench:codec -->
                history stays
                <!-- bench:store -->
                <!-- /bench:store -->
                end
                """, out);
    }

    @Test
    void fillsEmptyMarkersAndAddsTheMissingLineEnd() {
        String out = BenchDoc.replace(DOC, "store", "store numbers");
        assertEquals(true, out.contains("<!-- bench:store -->\nstore numbers\n<!-- /bench:store -->\nend\n"), out);
    }

    @Test
    void aSecondRunGivesTheSameDocument() {
        String once = BenchDoc.replace(DOC, "codec", "x\n");
        assertEquals(once, BenchDoc.replace(once, "codec", "x\n"));
    }

    @Test
    void missingDuplicateOrReversedMarkersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchDoc.replace(DOC, "calls", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> BenchDoc.replace(DOC + "<!-- bench:codec -->\n", "codec", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> BenchDoc.replace("<!-- /bench:a -->\n<!-- bench:a -->\n", "a", "x"));
        assertThrows(IllegalArgumentException.class, () -> BenchDoc.replace(DOC, "co dec", "x"));
    }
}
