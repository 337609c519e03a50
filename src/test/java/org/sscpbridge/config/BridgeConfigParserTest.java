package org.sscpbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeConfigParserTest {

    @Test
    void everyKeyHasTheDocumentedDefault() {
        BridgeConfig c = BridgeConfigParser.defaults();
        assertTrue(c.enabled());
        assertEquals(new BridgeConfig.Endpoint("0.0.0.0", 2000), c.sscp());
        assertEquals(new BridgeConfig.Endpoint("127.0.0.1", 5070), c.sip());
        assertEquals("sip:127.0.0.1:5060", c.registrar());
        assertEquals(c.registrar(), c.proxy(), "proxy defaults to the registrar");
        assertEquals("127.0.0.1", c.domain());
        assertEquals(600, c.registerExpires());
        assertEquals(30, c.keepalive());
        assertEquals("xxxx|*xx|9x.#", c.digitMap());
        assertEquals(Duration.ofSeconds(5), c.interdigitTimeout());
        assertFalse(c.autoprovision());
        assertEquals(Path.of("data"), c.store().dataDir());
        assertEquals(new BridgeConfig.Limits(50, 100, 200, 400, 20_000), c.limits());
        assertEquals(new BridgeConfig.SipLimits(200, 400, 1000, 2000, 10_000, 2000, 2000, java.util.List.of()), c.sipLimits());
    }

    @Test
    void sipLimitsAreReadCheckedAndRecreateTheStack() throws ConfigException {
        BridgeConfig c = BridgeConfigParser.parse(Map.of("sip.rate.per.source", "10", "sip.rate.per.source.burst", "20",
                "sip.rate.responses.per.source", "50", "sip.rate.responses.per.source.burst", "100",
                "sip.max.sources", "64", "sip.queue.max", "100", "sip.calls.max", "3",
                "sip.trusted.sources", "192.0.2.0/24, 2001:db8::7"));
        assertEquals(new BridgeConfig.SipLimits(10, 20, 50, 100, 64, 100, 3, java.util.List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::7"))), c.sipLimits());
        assertTrue(BridgeConfigParser.parse(Map.of()).sipStackDiffers(c), "new limits: new stack");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> BridgeConfigParser.parse(Map.of("sip.calls.max", "0", "sip.rate.per.source", "x",
                        "sip.trusted.sources", "pbx.example.com")));
        assertTrue(e.getMessage().contains("sip.calls.max") && e.getMessage().contains("sip.rate.per.source")
                && e.getMessage().contains("sip.trusted.sources: 'pbx.example.com' is not an IP network"), e.getMessage());
    }

    @Test
    void readsStringsAsFileInstallDeliversThem() throws ConfigException {
        BridgeConfig c = BridgeConfigParser.parse(Map.of(
                "enabled", "FALSE",
                "sscp.address", "127.0.0.1",
                "sscp.port", " 2001 ",
                "sip.port", "5080",
                "sip.registrar", "sip:pbx.example.net:5060",
                "sip.proxy", "sip:proxy.example.net",
                "keepalive", "10",
                "autoprovision", "true"));
        assertFalse(c.enabled());
        assertEquals(new BridgeConfig.Endpoint("127.0.0.1", 2001), c.sscp());
        assertEquals(5080, c.sip().port());
        assertEquals("sip:pbx.example.net:5060", c.registrar());
        assertEquals("sip:proxy.example.net", c.proxy());
        assertEquals(10, c.keepalive());
        assertTrue(c.autoprovision());
    }

    @Test
    void readsTypedValuesAsConfigAdminMayDeliverThem() throws ConfigException {
        BridgeConfig c = BridgeConfigParser.parse(Map.of("sscp.port", 2002, "enabled", Boolean.TRUE));
        assertEquals(2002, c.sscp().port());
        assertTrue(c.enabled());
    }

    @Test
    void blankValuesMeanTheDefault() throws ConfigException {
        BridgeConfig c = BridgeConfigParser.parse(Map.of("sip.proxy", "  ", "sscp.port", ""));
        assertEquals(c.registrar(), c.proxy());
        assertEquals(2000, c.sscp().port());
    }

    @Test
    void everyBadValueIsReportedWithItsKey() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("enabled", "yes");
        bad.put("sscp.port", "twenty");
        bad.put("sip.port", "0");
        bad.put("keepalive", "1");
        bad.put("sip.registrar", "http://pbx");
        bad.put("sip.domain", "bad domain");
        ConfigException e = assertThrows(ConfigException.class, () -> BridgeConfigParser.parse(bad));
        List<String> p = e.problems();
        assertEquals(6, p.size(), p.toString());
        assertTrue(p.contains("enabled: 'yes' is not true or false"), p.toString());
        assertTrue(p.contains("sscp.port: 'twenty' is not a whole number"), p.toString());
        assertTrue(p.contains("sip.port: 0 is outside 1..65535"), p.toString());
        assertTrue(p.contains("keepalive: 1 is outside 5..3600"), p.toString());
        assertTrue(p.contains("sip.registrar: 'http://pbx' is not a sip: URI"), p.toString());
        assertTrue(p.contains("sip.domain: 'bad domain' is not a host name or IP address"), p.toString());
    }

    @Test
    void bracketedIpv6AddressesAreAccepted() throws ConfigException {
        BridgeConfig c = BridgeConfigParser.parse(Map.of("sscp.address", "[::1]"));
        assertEquals("::1", c.sscp().host());
        assertEquals("[::1]:2000", c.sscp().toString());
    }

    @Test
    void onlySocketKeysForceAReopen() throws ConfigException {
        BridgeConfig base = BridgeConfigParser.defaults();
        BridgeConfig keepaliveOnly = BridgeConfigParser.parse(Map.of("keepalive", "60"));
        BridgeConfig newSscpPort = BridgeConfigParser.parse(Map.of("sscp.port", "2100"));
        BridgeConfig newSipPort = BridgeConfigParser.parse(Map.of("sip.port", "5100"));
        assertFalse(base.sscpSocketDiffers(keepaliveOnly));
        assertFalse(base.sipStackDiffers(keepaliveOnly));
        assertTrue(base.sscpSocketDiffers(newSscpPort));
        assertFalse(base.sipStackDiffers(newSscpPort));
        assertTrue(base.sipStackDiffers(newSipPort));
        assertFalse(base.sscpSocketDiffers(newSipPort));
    }

    @Test
    void mwiKeysDefaultToTheRegistrarAndAct() throws ConfigException {
        BridgeConfig d = BridgeConfigParser.parse(Map.of("sip.registrar", "sip:pbx.example:5080"));
        assertEquals(new BridgeConfig.Mwi(true, "sip:pbx.example:5080", true), d.mwi());
        BridgeConfig c = BridgeConfigParser.parse(Map.of("mwi.subscribe", "false", "mwi.server",
                "sip:vm.example:5062", "mwi.unsolicited", "false"));
        assertEquals(new BridgeConfig.Mwi(false, "sip:vm.example:5062", false), c.mwi());
        ConfigException e = assertThrows(ConfigException.class, () -> BridgeConfigParser.parse(Map.of(
                "mwi.server", "http://vm", "mwi.unsolicited", "maybe")));
        assertTrue(e.getMessage().contains("mwi.server") && e.getMessage().contains("mwi.unsolicited"),
                e.getMessage());
    }

    @Test
    void theInstanceIdDefaultsToTheSipAddressAndPort() throws ConfigException {
        BridgeConfig c = BridgeConfigParser.parse(Map.of("sip.address", "10.0.0.21", "sip.port", "5071"));
        assertEquals(new BridgeConfig.Instance("10.0.0.21:5071", Duration.ofSeconds(2)), c.instance());
        BridgeConfig named = BridgeConfigParser.parse(Map.of("instance.id", "bridge-a", "instance.poll", "0"));
        assertEquals(new BridgeConfig.Instance("bridge-a", Duration.ZERO), named.instance());
        assertTrue(c.storeDiffers(named), "a new instance id or poll reopens the store side");
    }

    @Test
    void aBadInstanceIdOrPollIsRefusedWithTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> BridgeConfigParser.parse(Map.of(
                "instance.id", "bridge a", "instance.poll", "301")));
        assertTrue(e.getMessage().contains("instance.id: 'bridge a' is not 1..255 printable ASCII characters"),
                e.getMessage());
        assertTrue(e.getMessage().contains("instance.poll: 301 is outside 0..300"), e.getMessage());
    }
}
