package org.sscpbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sip.mode, trunk.local.calls and trunk.N.* (docs/TRUNK.md): parsed, defaulted, refused with reasons. */
class TrunkConfigTest {

    private static Map<String, Object> trunkMode() {
        Map<String, Object> p = new HashMap<>();
        p.put("sip.mode", "trunk");
        p.put("trunk.1.registrar", "sip:sip.carrier.example:5060");
        p.put("trunk.1.user", "site1");
        p.put("trunk.1.password", "s3cret");
        return p;
    }

    private static List<String> problems(Map<String, Object> props) {
        return assertThrows(ConfigException.class, () -> BridgeConfigParser.parse(props)).problems();
    }

    @Test
    void lineModeByDefaultWithoutTrunks() {
        BridgeConfig.Trunking t = BridgeConfigParser.defaults().trunking();
        assertFalse(t.enabled());
        assertTrue(t.localCalls());
        assertEquals(List.of(), t.trunks());
    }

    @Test
    void oneRegisteredTrunkWithItsDefaults() throws ConfigException {
        BridgeConfig.Trunking t = BridgeConfigParser.parse(trunkMode()).trunking();
        assertTrue(t.enabled());
        BridgeConfig.Trunk one = t.trunks().get(0);
        assertEquals(1, one.index());
        assertEquals("sip:sip.carrier.example:5060", one.registrar());
        assertEquals("sip:sip.carrier.example:5060", one.proxy(), "proxy defaults to the registrar");
        assertEquals("sip.carrier.example", one.domain(), "domain defaults to the registrar's host");
        assertTrue(one.callerIdFrom());
        assertTrue(one.callerIdPai());
        assertEquals("", one.prefixStrip());
        assertEquals("", one.prefixAdd());
        assertEquals(Map.of(), one.dids());
        assertFalse(one.toString().contains("s3cret"));
    }

    @Test
    void everyTrunkKey() throws ConfigException {
        Map<String, Object> p = trunkMode();
        p.put("trunk.1.proxy", "sip:sbc.carrier.example;transport=udp");
        p.put("trunk.1.domain", "carrier.example");
        p.put("trunk.1.caller.id", "pai");
        p.put("trunk.1.prefix.strip", "0");
        p.put("trunk.1.prefix.add", "+4930");
        p.put("trunk.1.did.0301234567", "3101");
        p.put("trunk.1.did.+49301234568", "3102");
        p.put("trunk.2.registrar", "sip:user@10.0.0.2");
        p.put("trunk.2.did.0405", "3103");
        p.put("trunk.local.calls", "false");
        BridgeConfig.Trunking t = BridgeConfigParser.parse(p).trunking();
        assertFalse(t.localCalls());
        BridgeConfig.Trunk one = t.trunks().get(0);
        assertEquals("sip:sbc.carrier.example;transport=udp", one.proxy());
        assertEquals("carrier.example", one.domain());
        assertFalse(one.callerIdFrom());
        assertTrue(one.callerIdPai());
        assertEquals("0", one.prefixStrip());
        assertEquals("+4930", one.prefixAdd());
        assertEquals(Map.of("0301234567", "3101", "+49301234568", "3102"), one.dids());
        BridgeConfig.Trunk two = t.trunks().get(1);
        assertEquals("", two.user(), "no user: IP authentication");
        assertEquals("10.0.0.2", two.domain());
        assertEquals(Map.of("0405", "3103"), two.dids());
    }

    @Test
    void trunkModeNeedsATrunk() {
        assertEquals(List.of("sip.mode: trunk needs trunk.1.registrar (a sip: URI)"),
                problems(Map.of("sip.mode", "trunk")));
        assertEquals(List.of("sip.mode: 'trunks' is neither line nor trunk"), problems(Map.of("sip.mode", "trunks")));
    }

    @Test
    void badTrunkKeysAreRefusedWithTheirReasons() {
        Map<String, Object> p = trunkMode();
        p.put("trunk.1.registrar", "http://carrier");
        p.put("trunk.1.caller.id", "from,ruri");
        p.put("trunk.1.prefix.strip", "9a");
        p.put("trunk.1.did.abc", "3101");
        p.put("trunk.1.did.0301", "line one");
        p.put("trunk.1.colour", "blue");
        p.put("trunk.3.registrar", "sip:third.example");
        p.put("trunk.3.did.0301", "3102");
        p.put("trunk.x", "1");
        List<String> problems = problems(p);
        assertTrue(problems.contains("trunk.1.registrar: 'http://carrier' is not a sip: URI"), problems.toString());
        assertTrue(problems.contains("trunk.1.caller.id: 'ruri' is not from, pai, both or none"), problems.toString());
        assertTrue(problems.contains("trunk.1.prefix.strip: '9a' is not a prefix (up to 16 of digits, *, #, +)"),
                problems.toString());
        assertTrue(problems.contains("trunk.1.did.abc: 'abc' is not a number (digits, *, #, +)"), problems.toString());
        assertTrue(problems.contains("trunk.1.did.0301: 'line one' is not a line number (digits, *, #, +)"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("trunk.1.colour: not a trunk key")), problems.toString());
        assertTrue(problems.contains("trunk.2: missing (trunks are numbered 1, 2, 3 ... without gaps, trunk.3 is set)"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("trunk.x: not a trunk key")), problems.toString());
    }

    @Test
    void aDidBelongsToOneTrunk() {
        Map<String, Object> p = trunkMode();
        p.put("trunk.1.did.0301", "3101");
        p.put("trunk.2.registrar", "sip:second.example");
        p.put("trunk.2.did.0301", "3102");
        assertEquals(List.of("trunk.2.did.0301: DID 0301 is already trunk 1's"), problems(p));
    }

    @Test
    void aUserNeedsAPasswordAndKeysNeedARegistrar() {
        Map<String, Object> p = new HashMap<>();
        p.put("trunk.1.user", "site1");
        List<String> problems = problems(p);
        assertTrue(problems.contains("trunk.1.registrar: missing (trunk 1 has other keys)"), problems.toString());
        assertTrue(problems.contains("trunk.1.password: missing (trunk.N.user is set; leave the user empty for IP "
                + "authentication)"), problems.toString());
    }

    @Test
    void trunkChangesReRegister() throws ConfigException {
        BridgeConfig before = BridgeConfigParser.parse(trunkMode());
        Map<String, Object> p = trunkMode();
        p.put("trunk.1.did.0301", "3101");
        assertTrue(before.registrationDiffers(BridgeConfigParser.parse(p)));
        assertFalse(before.registrationDiffers(BridgeConfigParser.parse(trunkMode())));
    }
}
