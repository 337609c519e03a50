package org.sscpbridge.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sscpbridge.config.BridgeConfigParser;
import org.sscpbridge.it.support.FreePorts;

/** The bridge's metrics and health with real loopback sockets (no OSGi, no JMX). */
class BridgeMetricsTest {
    private final Bridge bridge = new Bridge(new org.sscpbridge.phone.DeviceDirectory());
    private final int sscpPort = FreePorts.udp();
    private final Map<String, String> props = new HashMap<>(Map.of(
            "sscp.address", "127.0.0.1",
            "sscp.port", String.valueOf(sscpPort),
            "sip.port", String.valueOf(FreePorts.udp()),
            "sip.registrar", "sip:127.0.0.1:9"));

    @AfterEach
    void close() {
        bridge.close();
    }

    @Test
    void aRefusedConfigurationStaysInTheStatusUntilAGoodOneArrives() throws Exception {
        bridge.configure(BridgeConfigParser.parse(props));
        bridge.configurationRefused("sscp.port: 'twenty' is not a whole number");
        BridgeStatus status = bridge.status();
        assertTrue(status.enabled());
        assertEquals("sscp.port: 'twenty' is not a whole number", status.refusedConfiguration());
        assertTrue(status.toString().contains("health: 1 problem\n    configuration sscp.bridge refused "
                + "(the previous one is kept): sscp.port: 'twenty' is not a whole number"), status.toString());
        assertEquals(List.of("configuration sscp.bridge refused (the previous one is kept): "
                + "sscp.port: 'twenty' is not a whole number"), bridge.metrics().problems());

        bridge.configure(BridgeConfigParser.parse(props));
        assertNull(bridge.status().refusedConfiguration());
        assertTrue(bridge.status().toString().contains("health: ok"), bridge.status().toString());
    }

    @Test
    void aRefusedDigitMapIsNamedToo() throws Exception {
        bridge.configure(BridgeConfigParser.parse(props));
        props.put("digitmap", "((");
        bridge.configure(BridgeConfigParser.parse(props));
        assertTrue(bridge.status().refusedConfiguration().startsWith("digitmap: "), bridge.status().toString());
    }

    @Test
    void datagramCountersGrowAcrossDisableAndEnable() throws Exception {
        bridge.configure(BridgeConfigParser.parse(props));
        sendGarbage();
        await().atMost(Duration.ofSeconds(5)).until(() -> bridge.metrics().sscp().malformed() == 1);
        assertEquals(1, bridge.metrics().sscp().received());
        assertTrue(bridge.metrics().sscp().sent() >= 1, "Error 401 answered");
        bridge.disable();
        assertEquals(1, bridge.metrics().sscp().malformed(), "kept while disabled");
        bridge.enable();
        sendGarbage();
        await().atMost(Duration.ofSeconds(5)).until(() -> bridge.metrics().sscp().malformed() == 2);
        assertEquals(0, bridge.metrics().sscp().dropped("too-large"));
        assertTrue(bridge.status().toString().contains("lines failing 0"), bridge.status().toString());
        assertTrue(bridge.status().toString().contains("SIP messages: requests in"), bridge.status().toString());
    }

    @Test
    void debugNamesTheDeviceAndWantsOne() throws Exception {
        assertTrue(bridge.debug("SEP00AABBCCDDEE", true).contains("SSCP debug on"));
        assertTrue(bridge.debug("SEP00AABBCCDDEE", false).contains("SSCP debug off"));
        assertThrows(BridgeException.class, () -> bridge.debug(" ", true));
    }

    private void sendGarbage() throws Exception {
        byte[] junk = "<not sscp".getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(junk, junk.length, new InetSocketAddress("127.0.0.1", sscpPort)));
        }
    }
}
