package org.sscpbridge.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSplitTest {

    @Test
    void threadsAreGroupedByTheirNativeNames() {
        // Linux keeps 15 characters of a Java thread's name.
        Map<String, String> expected = Map.ofEntries(
                Map.entry("load-phones-rec", "phones"), Map.entry("sscp-receive-26", "sessions"),
                Map.entry("phone-events-1", "sessions"), Map.entry("sscp-bridge-tim", "timer"),
                Map.entry("bare-ua-timer", "timer"), Map.entry("sscp-store-io", "store"),
                Map.entry("sscp-sip-bridge", "sip"), Map.entry("MessageProcesso", "sip"),
                Map.entry("pool-jain_sip_t", "sip"), Map.entry("C2 CompilerThre", "jit"),
                Map.entry("C1 CompilerThre", "jit"), Map.entry("GC Thread#0", "gc+vm"),
                Map.entry("ZWorker#0", "gc+vm"), Map.entry("ZDriver", "gc+vm"), Map.entry("VM Thread", "gc+vm"),
                Map.entry("main", "other"), Map.entry("Zoo", "other"));
        expected.forEach((name, group) -> assertEquals(group, CpuSplit.group(name), name));
        assertTrue(CpuSplit.GROUPS.containsAll(expected.values()));
    }

    @Test
    void aSampleOfThisJvmSeesItsOwnWork() {
        CpuSplit before = CpuSplit.take(0);
        long end = System.nanoTime() + 200_000_000L;
        long spin = 0;
        while (System.nanoTime() < end) {
            spin++;
        }
        Map<String, Double> ms = CpuSplit.take(0).since(before);
        assertEquals(CpuSplit.GROUPS, java.util.List.copyOf(ms.keySet()));
        assertTrue(ms.get("other") > 0 || spin == 0, "the main thread's spin is counted: " + ms);
        assertEquals(0.0, ms.get("kamailio"));
    }
}
