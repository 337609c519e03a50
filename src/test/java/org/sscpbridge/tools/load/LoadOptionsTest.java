package org.sscpbridge.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    @Test
    void defaultsAreAQuickRateRunWithoutHeap() {
        LoadOptions o = LoadOptions.parse();
        assertEquals(200, o.phones());
        assertEquals(0, o.idlePhones());
        assertEquals(0, o.window());
        assertEquals(100, o.phonesPerIp());
        assertTrue(o.workDir().isAbsolute());
    }

    @Test
    void kamailioGetsASubscriberForEveryLineEitherMeasurementRegisters() {
        assertEquals(10_000, LoadOptions.parse("--phones", "1000", "--idle-phones", "10000").subscribers());
        assertEquals(1_000, LoadOptions.parse("--phones", "1000", "--idle-phones", "10000", "--idle-lines", "0")
                .subscribers());
        assertEquals(List.of(1), LoadOptions.parse("--idle-lines", "1").idleLines());
    }

    @Test
    void severalSizesAreMeasuredInTurnAndTheLargestSizesTheFleetAndKamailio() {
        LoadOptions o = LoadOptions.parse("--phones", "1000,5000,10000", "--no-sipp", "--kamailio-auth", "text",
                "--csv", "out");
        assertEquals(List.of(1000, 5000, 10000), o.sizes());
        assertEquals(10_000, o.phones());
        assertEquals(10_000, o.subscribers());
        assertEquals(false, o.sipp());
        assertEquals(false, o.sqliteAuth());
        assertTrue(o.csvDir().isAbsolute());
        LoadOptions defaults = LoadOptions.parse();
        assertEquals(true, defaults.sipp());
        assertEquals(true, defaults.sqliteAuth());
        assertEquals(null, defaults.csvDir());
        assertEquals(List.of(), LoadOptions.parse("--phones", "0").sizes());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--kamailio-auth", "mysql"));
    }

    @Test
    void badValuesAndUnknownOptionsAreRefusedWithTheUsage() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--phones", "-1"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--rate", "fast"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--phones"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--nope", "1"));
        assertTrue(e.getMessage().contains("usage"), e.getMessage());
    }

    @Test
    void tooManyPhonesForTheLoopbackAddressesAreRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--phones", "30000", "--phones-per-ip", "100"));
    }

    @Test
    void phonesAreSpreadOverLoopbackAddressesOrAllOn127001() throws Exception {
        SourceAddresses spread = new SourceAddresses(100);
        assertEquals(InetAddress.getByName("127.0.0.1"), spread.of(99));
        assertEquals(InetAddress.getByName("127.0.0.2"), spread.of(100));
        assertEquals(10, spread.addressesFor(1_000));
        SourceAddresses one = new SourceAddresses(0);
        assertEquals(InetAddress.getByName("127.0.0.1"), one.of(9_999));
        assertEquals(1, one.addressesFor(9_999));
    }
}
