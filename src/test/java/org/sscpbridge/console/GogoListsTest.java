package org.sscpbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.phone.CallSnapshot;
import org.sscpbridge.phone.ForwardSnapshot;
import org.sscpbridge.phone.LineSnapshot;
import org.sscpbridge.phone.PhoneSnapshot;

/** {@code sscp:phones} / {@code sscp:calls} return records; what Gogo prints of them stays the table scripts read. */
class GogoListsTest {
    private static final PhoneSnapshot PHONE = new PhoneSnapshot("SEP0000000000A1", "127.0.0.1:40000", "registered",
            true, true, Instant.parse("2026-12-01T10:00:00Z"),
            List.of(new LineSnapshot(1, "2001", RegistrationState.REGISTERED, ""),
                    new LineSnapshot(2, "2002", RegistrationState.FAILED, "403 Forbidden")),
            List.of(new ForwardSnapshot(1, Forwards.Kind.NO_ANSWER, "2005")));

    @Test
    void phonesPrintOneRowPerDeviceWithStateWordsAndLinesThenACount() {
        String out = new PhoneList(List.of(PHONE)).toString();
        List<String> rows = out.lines().toList();
        assertTrue(rows.get(0).startsWith("DEVICE"), out);
        assertEquals("SEP0000000000A1    127.0.0.1:40000        registered dnd headset 2001 registered, "
                + "2002 failed (403 Forbidden)", rows.get(1));
        assertEquals("1 phone", rows.get(2));
        assertEquals("DEVICE             ADDRESS                STATE      LINES\n0 phones",
                new PhoneList(List.of()).toString());
    }

    @Test
    void aPhoneIsDataWithLinesAndForwards() {
        assertEquals(1, PHONE.registeredLines());
        assertEquals(RegistrationState.FAILED, PHONE.lines().get(1).registration());
        assertEquals("403 Forbidden", PHONE.lines().get(1).reason());
        assertEquals("noanswer", PHONE.forwards().get(0).kindName());
        assertEquals("line 1 noanswer -> 2005", PHONE.forwards().get(0).toString());
    }

    @Test
    void callsPrintRowsStartingWithTheCallIdThenACount() {
        CallSnapshot call = new CallSnapshot("00000001", "SEP0000000000A1", 1, "out", "2002", "Connected", "abc@x");
        String out = new CallList(List.of(call, call)).toString();
        assertTrue(out.lines().skip(1).findFirst().orElseThrow().matches("00000001\\s+SEP0000000000A1\\s+1\\s+out.*abc@x"),
                out);
        assertTrue(out.endsWith("\n2 calls"), out);
        assertTrue(new CallList(List.of()).toString().endsWith("\n0 calls"));
        assertTrue(new CallList(List.of(call)).toString().endsWith("\n1 call"));
    }
}
