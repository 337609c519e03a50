package org.sscpbridge.sscp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Enumerated values: the spec's spelling out, ASCII-case-insensitive in. */
class WireEnumTest {
    @Test
    void specSpellings() {
        assertEquals(List.of("Idle", "OffHook", "Dialing", "Proceed", "RingOut", "RingIn", "Connected", "Hold", "Busy",
                "Congestion", "InvalidNumber", "Transfer", "Conference", "Park", "Forwarded"),
                List.of(CallStateName.values()).stream().map(CallStateName::wireName).toList());
        assertEquals(List.of("Dial", "Busy", "Reorder", "RingBack", "CallWaiting", "Off"),
                List.of(ToneType.values()).stream().map(ToneType::wireName).toList());
        assertEquals(List.of("All", "Busy", "NoAnswer"), List.of(ForwardType.values()).stream().map(ForwardType::wireName).toList());
        assertEquals(List.of("SendRecv", "SendOnly", "RecvOnly", "Inactive"),
                List.of(MediaDirection.values()).stream().map(MediaDirection::wireName).toList());
    }

    @Test
    void caseInsensitiveLookup() {
        assertEquals(Optional.of(ForwardType.NO_ANSWER), ForwardType.fromWire("noanswer"));
        assertEquals(Optional.of(RingerMode.FEATURE), RingerMode.fromWire("FEATURE"));
        assertEquals(Optional.of(HistoryType.MISSED), HistoryType.fromWire("mIsSeD"));
        assertTrue(OnOff.fromWire("On/Off").isEmpty());
        assertTrue(OnOff.fromWire(" On").isEmpty(), "the codec trims; the lookup does not");
    }

    @Test
    void foldsAsciiOnly() {
        assertTrue(WireEnum.asciiEqualsIgnoreCase("Inside", "iNSIDE"));
        assertFalse(WireEnum.asciiEqualsIgnoreCase("Inside", "\u0131nside"), "dotless i");
        assertFalse(WireEnum.asciiEqualsIgnoreCase("Park", "Par\u212A"), "Kelvin sign");
        assertTrue(ResetType.fromWire("RE\u017FTART").isEmpty(), "long s");
    }
}
