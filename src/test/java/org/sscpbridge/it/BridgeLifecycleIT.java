package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;

/**
 * Step 1 end to end: the assembled Felix runtime started by bin/bridge, driven from its console,
 * with real UDP ports and a real Kamailio on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeLifecycleIT {
    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private Map<String, String> config;
    private int sscpPort;
    private int sipPort;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of("1001", "secret1001"));
        sscpPort = FreePorts.udp();
        sipPort = FreePorts.udp();
        config = new HashMap<>(Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.address", "127.0.0.1",
                "sip.port", String.valueOf(sipPort),
                "sip.registrar", kamailio.uri(),
                "data.dir", work.resolve("data").toString()));
        bridge = BridgeProcess.start(work, config);
    }

    @AfterAll
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    @Test
    @Order(1)
    void everyBundleIsActive() throws Exception {
        String lb = bridge.run("lb");
        assertTrue(lb.matches("(?s).*\\|Active\\s*\\|.*SSCP-to-SIP bridge.*"), lb);
        List<String> notActive = lb.lines()
                .filter(l -> l.matches("\\s*\\d+\\|.*"))
                .filter(l -> !l.contains("|Active"))
                .toList();
        assertEquals(List.of(), notActive, "bundles not active:\n" + lb);
    }

    @Test
    @Order(2)
    void statusSaysEnabledWithBothPorts() throws Exception {
        String status = bridge.run("sscp:status");
        assertTrue(status.contains("SSCP bridge: enabled"), status);
        assertTrue(status.contains("127.0.0.1:" + sscpPort), status);
        assertTrue(status.contains("127.0.0.1:" + sipPort), status);
        assertTrue(status.contains(kamailio.uri()), status);
        assertFalse(FreePorts.isFree(sscpPort), "SSCP port should be bound");
        assertFalse(FreePorts.isFree(sipPort), "SIP port should be bound");
    }

    @Test
    @Order(3)
    void theBridgesSipStackGetsAnAnswerFromKamailio() throws Exception {
        String out = bridge.run("sscp:ping");
        assertTrue(out.contains("-> 200 OK"), out);
    }

    @Test
    @Order(4)
    void disableClosesBothPortsAndEnableReopensThem() throws Exception {
        String out = bridge.run("sscp:disable");
        assertTrue(out.contains("SSCP bridge: disabled"), out);
        assertTrue(FreePorts.isFree(sscpPort), "SSCP port still bound after disable");
        assertTrue(FreePorts.isFree(sipPort), "SIP port still bound after disable");

        out = bridge.run("sscp:enable");
        assertTrue(out.contains("SSCP bridge: enabled"), out);
        assertFalse(FreePorts.isFree(sscpPort));
        assertFalse(FreePorts.isFree(sipPort));
    }

    @Test
    @Order(5)
    void enablingOnATakenPortFailsClearlyAndLeavesTheBridgeHealthy() throws Exception {
        bridge.run("sscp:disable");
        try (DatagramSocket squatter = new DatagramSocket(sscpPort)) {
            String out = bridge.run("sscp:enable");
            assertTrue(out.contains(String.valueOf(sscpPort)), "error should name the port: " + out);
            assertTrue(out.toLowerCase().contains("in use"), out);
            String status = bridge.run("sscp:status");
            assertTrue(status.contains("SSCP bridge: disabled"), status);
            assertTrue(status.contains("last error"), status);
            assertTrue(FreePorts.isFree(sipPort), "SIP port must not stay half-open");
            assertTrue(squatter.isBound());
        }
        String out = bridge.run("sscp:enable");
        assertTrue(out.contains("SSCP bridge: enabled"), out);
        assertFalse(out.contains("last error"), out);
    }

    @Test
    @Order(6)
    void editingTheCfgFileMovesThePortLive() throws Exception {
        int newPort = FreePorts.udp();
        config.put("sscp.port", String.valueOf(newPort));
        bridge.reconfigure(config);
        awaitStatus("127.0.0.1:" + newPort);
        assertFalse(FreePorts.isFree(newPort), "new SSCP port should be bound");
        assertTrue(FreePorts.isFree(sscpPort), "old SSCP port should be free");
        assertFalse(FreePorts.isFree(sipPort), "SIP side untouched by an SSCP change");
        sscpPort = newPort;
    }

    @Test
    @Order(7)
    void aBadValueInTheCfgIsRefusedWithItsKeyAndTheBridgeKeepsRunning() throws Exception {
        int from = bridge.log().size();
        Map<String, String> bad = new HashMap<>(config);
        bad.put("sscp.port", "twenty");
        bridge.reconfigure(bad);
        bridge.log().await(from, l -> l.contains("sscp.port: 'twenty' is not a whole number"), Duration.ofSeconds(20));
        String status = bridge.run("sscp:status");
        assertTrue(status.contains("SSCP bridge: enabled"), status);
        assertTrue(status.contains("127.0.0.1:" + sscpPort), status);
        bridge.reconfigure(config);
    }

    @Test
    @Order(8)
    void sigtermStopsTheBridgeCleanly() throws Exception {
        bridge.terminate();
        assertTrue(bridge.process().waitFor(30, TimeUnit.SECONDS), "bin/bridge did not stop on SIGTERM");
        assertEquals(0, bridge.process().exitValue(), String.join("\n", bridge.log().lines()));
        assertTrue(FreePorts.isFree(sscpPort));
        assertTrue(FreePorts.isFree(sipPort));
    }

    private void awaitStatus(String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = bridge.run("sscp:status");
            if (status.contains(expected)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("status never showed " + expected + ":\n" + status);
    }
}
