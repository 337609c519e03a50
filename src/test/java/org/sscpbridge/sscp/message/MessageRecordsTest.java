package org.sscpbridge.sscp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ranges the records enforce, so that every record can be encoded and decoded back. */
class MessageRecordsTest {
    @Test
    void callIdentifiersAreEightDecimalDigits() {
        assertEquals("01002007", new CallId("01002007").value());
        for (String bad : new String[] {"1002007", "010020070", "0100200a", "", "٠١٠٠٢٠٠٧"}) {
            assertThrows(IllegalArgumentException.class, () -> new CallId(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new CallId(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.7", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::7", "fe80::1:2:3:4",
        "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "1::", "ABCD:EF01::"})
    void ipLiterals(String ip) {
        assertEquals(ip, new MediaAddress(ip, 16384).ip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ",
        ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:2:3:4:5:6:7", ":1", "1:", "g::1", "[::1]", "::1%eth0",
        "1.2.3.4::", "١.٢.٣.٤"})
    void notIpLiterals(String ip) {
        assertThrows(IllegalArgumentException.class, () -> new MediaAddress(ip, 16384));
    }

    @Test
    void portsAreOneTo65535() {
        assertThrows(IllegalArgumentException.class, () -> new MediaAddress("192.0.2.7", 0));
        assertThrows(IllegalArgumentException.class, () -> new MediaAddress("192.0.2.7", 65536));
        assertEquals(65535, new MediaAddress("192.0.2.7", 65535).port());
    }

    @Test
    void digitKeys() {
        for (char c : "0123456789*#".toCharArray()) {
            assertEquals(c, new PhoneMessage.Digit(c, null).key());
        }
        for (char c : "aA+ \u0660".toCharArray()) {
            assertThrows(IllegalArgumentException.class, () -> new PhoneMessage.Digit(c, null));
        }
    }

    @Test
    void forwardEmptyNumberMeansCancel() {
        assertNull(new PhoneMessage.Forward(ForwardType.ALL, "").number());
        assertTrue(new PhoneMessage.Forward(ForwardType.BUSY, null).isCancel());
        assertThrows(IllegalArgumentException.class, () -> new PhoneMessage.Forward(ForwardType.ALL, "12 34"));
        assertThrows(NullPointerException.class, () -> new PhoneMessage.Forward(null, "1"));
    }

    @Test
    void listsAreImmutableCopiesWithLimits() {
        List<PhoneBookEntry> users = new ArrayList<>(List.of(new PhoneBookEntry(null, "kim", null, null)));
        BridgeMessage.PhoneBookResult result = new BridgeMessage.PhoneBookResult(1, 200, users);
        users.clear();
        assertEquals(1, result.users().size());
        assertThrows(UnsupportedOperationException.class, () -> result.users().clear());
        List<PhoneBookEntry> tooMany = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            tooMany.add(new PhoneBookEntry(null, null, null, null));
        }
        assertThrows(IllegalArgumentException.class, () -> new BridgeMessage.PhoneBookResult(33, 200, tooMany));
    }

    @Test
    void textMustBeCarriableByXml() {
        assertThrows(IllegalArgumentException.class, () -> new BridgeMessage.Display("bell\u0007", 0));
        assertThrows(IllegalArgumentException.class, () -> new BridgeMessage.Display("half \uD800 pair", 0));
        assertThrows(IllegalArgumentException.class, () -> new BridgeMessage.Display("\uFFFE", 0));
        assertThrows(IllegalArgumentException.class, () -> new BridgeMessage.Display("x".repeat(1025), 0));
        assertEquals("\uD83D\uDE00\t\r\n", new BridgeMessage.Display("\uD83D\uDE00\t\r\n", 0).text());
    }

    @Test
    void historyEntryTypeIsNeverAll() {
        assertThrows(IllegalArgumentException.class,
                () -> new BridgeMessage.HistoryEntry(1, HistoryType.ALL, "", null, Instant.EPOCH, 0));
    }

    @Test
    void errorCodesAreThreeDigits() {
        assertThrows(IllegalArgumentException.class, () -> new BridgeMessage.Error(99, "x"));
        assertThrows(IllegalArgumentException.class, () -> new BridgeMessage.Error(700, "x"));
        assertThrows(NullPointerException.class, () -> new BridgeMessage.Error(400, null));
    }

    @Test
    void everyMessageTypeReportsItsOwnType() {
        assertEquals(MessageType.PHONE_ACK, new PhoneMessage.Ack().type());
        assertEquals(MessageType.BRIDGE_ACK, new BridgeMessage.Ack().type());
        assertEquals(Direction.PHONE, new PhoneMessage.KeepAlive().type().sender());
        assertEquals(Direction.BRIDGE, new BridgeMessage.KeepAliveAck().type().sender());
    }
}
