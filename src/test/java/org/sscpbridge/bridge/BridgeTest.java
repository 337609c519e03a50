package org.sscpbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.config.BridgeConfigParser;
import org.sscpbridge.config.ConfigException;
import org.sscpbridge.it.support.FreePorts;

/** The bridge's lifecycle with real loopback sockets (no OSGi). */
class BridgeTest {
    private final Bridge bridge = new Bridge(new org.sscpbridge.phone.DeviceDirectory());
    private final Map<String, String> props = new HashMap<>(Map.of(
            "sscp.address", "127.0.0.1",
            "sscp.port", String.valueOf(FreePorts.udp()),
            "sip.port", String.valueOf(FreePorts.udp())));

    @AfterEach
    void close() {
        bridge.close();
    }

    private BridgeConfig config() throws ConfigException {
        return BridgeConfigParser.parse(props);
    }

    private int sscpPort() {
        return Integer.parseInt(props.get("sscp.port"));
    }

    private int sipPort() {
        return Integer.parseInt(props.get("sip.port"));
    }

    @Test
    void enabledConfigurationOpensBothPortsAndCloseFreesThem() throws Exception {
        bridge.configure(config());
        assertTrue(bridge.status().enabled());
        assertFalse(FreePorts.isFree(sscpPort()));
        assertFalse(FreePorts.isFree(sipPort()));
        bridge.close();
        assertTrue(FreePorts.isFree(sscpPort()));
        assertTrue(FreePorts.isFree(sipPort()));
    }

    @Test
    void disabledConfigurationOpensNothingUntilEnabled() throws Exception {
        props.put("enabled", "false");
        bridge.configure(config());
        assertFalse(bridge.status().enabled());
        assertTrue(FreePorts.isFree(sscpPort()));
        assertTrue(bridge.enable().enabled());
        assertFalse(FreePorts.isFree(sscpPort()));
    }

    @Test
    void aTakenSscpPortIsNamedAndNothingStaysHalfOpen() throws Exception {
        props.put("enabled", "false");
        bridge.configure(config());
        try (DatagramSocket squatter = new DatagramSocket(sscpPort())) {
            BridgeException e = assertThrows(BridgeException.class, bridge::enable);
            assertTrue(e.getMessage().contains("127.0.0.1:" + sscpPort()), e.getMessage());
            assertFalse(bridge.status().enabled());
            assertTrue(bridge.status().lastError().contains(String.valueOf(sscpPort())));
            assertTrue(FreePorts.isFree(sipPort()), "SIP must be closed again");
            assertTrue(squatter.isBound());
        }
        assertTrue(bridge.enable().enabled());
        assertNull(bridge.status().lastError());
    }

    @Test
    void aTakenSipPortIsNamed() throws Exception {
        props.put("enabled", "false");
        bridge.configure(config());
        try (DatagramSocket squatter = new DatagramSocket(sipPort())) {
            BridgeException e = assertThrows(BridgeException.class, bridge::enable);
            assertTrue(e.getMessage().contains("SIP udp 127.0.0.1:" + sipPort()), e.getMessage());
            assertTrue(FreePorts.isFree(sscpPort()));
        }
    }

    @Test
    void aChangedSscpPortMovesOnlyTheSscpSocket() throws Exception {
        bridge.configure(config());
        int oldPort = sscpPort();
        props.put("sscp.port", String.valueOf(FreePorts.udp()));
        bridge.configure(config());
        assertTrue(FreePorts.isFree(oldPort));
        assertFalse(FreePorts.isFree(sscpPort()));
        assertEquals("127.0.0.1:" + sscpPort(), bridge.status().sscpEndpoint());
        assertFalse(FreePorts.isFree(sipPort()));
    }

    @Test
    void operatorDisableSurvivesAnUnrelatedConfigChange() throws Exception {
        bridge.configure(config());
        bridge.disable();
        props.put("keepalive", "45");
        bridge.configure(config());
        assertFalse(bridge.status().enabled(), "a keepalive change must not re-enable the bridge");
    }

    @Test
    void aBadDigitMapIsRefusedAndTheRunningConfigurationStays() throws Exception {
        bridge.configure(config());
        props.put("digitmap", "xx[");
        props.put("sscp.port", String.valueOf(FreePorts.udp()));
        bridge.configure(config());
        assertTrue(bridge.status().enabled());
        assertFalse(bridge.status().sscpEndpoint().endsWith(":" + sscpPort()), "the refused port must not apply");
    }

    @Test
    void pingWhileDisabledSaysWhy() throws Exception {
        props.put("enabled", "false");
        bridge.configure(config());
        BridgeException e = assertThrows(BridgeException.class,
                () -> bridge.sipPing(null, java.time.Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("disabled"));
    }
}
