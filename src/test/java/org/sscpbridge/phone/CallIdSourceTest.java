package org.sscpbridge.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallIdSourceTest {
    @Test
    void idsAreEightDecimalDigitsAndDistinct() {
        CallIdSource source = new CallIdSource();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = source.next().value();
            assertTrue(id.matches("\\d{8}"), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }
}
