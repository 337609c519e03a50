package org.sscpbridge.tools.loadcalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call load harness, briefly: 20 calls at 10 calls/s from simulated phones through the bridge
 * and Kamailio to SIPp. Every call must complete, none may be left in the bridge, and the capture
 * must show each call's whole signalling. No timing is asserted (the machine may be busy).
 */
class CallLoadIT {
    @TempDir
    Path work;

    @Test
    void twentyCallsAtTenPerSecondAllCompleteAndNoCallIsLeftBehind() throws Exception {
        twentyCalls(false);
    }

    @Test
    void theSameThroughBinBridgeInFelix() throws Exception {
        twentyCalls(true);
    }

    private void twentyCalls(boolean felix) throws Exception {
        CallLoadOptions o = new CallLoadOptions(10, Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ZERO, 0,
                8, 100, work.resolve(felix ? "felix" : "in-process"), true, felix);
        CallLoad.Result r = CallLoad.run(o);
        String report = r.report();
        assertEquals(20, r.counts().attempted(), report);
        assertEquals(20, r.counts().completed(), report);
        assertEquals(0, r.leftoverCalls(), "calls left in the bridge after the run\n" + report);
        assertEquals(20, r.sippSuccessful(), "SIPp's own count of completed calls\n" + report);
        assertEquals(20, r.completeTimelines(), "every call's signalling in the capture\n" + report);
        assertEquals(20, r.latency("(a) ").count(), report);
        assertEquals(20, r.latency("(b) ").count(), report);
        LatencyStats ack = r.latency("200 -> ACK");
        assertEquals(20, ack.count(), report);
        assertTrue(ack.p50() >= 0, "the ACK of the 200 follows the 200\n" + report);
    }
}
