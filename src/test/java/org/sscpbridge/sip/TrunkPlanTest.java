package org.sscpbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sscpbridge.config.BridgeConfig.Trunk;

/** Trunk mode's routing rules: Request-URI, To, DID, 404; a line's trunk; prefix rules; local calls. */
class TrunkPlanTest {
    private static final Set<String> LINES = Set.of("3101", "3102");

    private static Trunk trunk(int n, String strip, String add, Map<String, String> dids) {
        return new Trunk(n, "sip:reg" + n + ".example", "sip:reg" + n + ".example", "user" + n, "pw", "t" + n
                + ".example", true, true, strip, add, dids);
    }

    private final Trunk one = trunk(1, "9", "+49", Map.of("0301234567", "3101"));
    private final Trunk two = trunk(2, "", "", Map.of("0409999", "3102", "0408888", "3103"));
    private final TrunkPlan plan = new TrunkPlan(List.of(one, two), true, LINES::contains);

    @Test
    void requestUriUserThatIsALineWins() {
        assertEquals(Optional.of("3101"), plan.incoming("3101", "0409999"));
    }

    @Test
    void toUserThatIsALineComesNext() {
        // A registered trunk gets INVITEs to its own contact (sip:user1@bridge): the To names the line.
        assertEquals(Optional.of("3102"), plan.incoming("user1", "3102"));
    }

    @Test
    void didMapOfRequestUriThenOfTo() {
        assertEquals(Optional.of("3101"), plan.incoming("0301234567", "0409999"));
        assertEquals(Optional.of("3102"), plan.incoming("user1", "0409999"));
        // A DID may point at a line no phone has now: the phone side answers that (480).
        assertEquals(Optional.of("3103"), plan.incoming(null, "0408888"));
    }

    @Test
    void unknownNumberIsNobodys() {
        assertEquals(Optional.empty(), plan.incoming("0309999999", "0309999999"));
        assertEquals(Optional.empty(), plan.incoming(null, null));
    }

    @Test
    void aLineUsesTheTrunkWhoseDidsNameItElseTrunkOne() {
        assertSame(one, plan.trunkOf("3101"));
        assertSame(two, plan.trunkOf("3102"));
        assertSame(one, plan.trunkOf("3199"));
    }

    @Test
    void prefixIsStrippedWhenPresentThenAdded() {
        assertEquals("+49301234567", one.outbound("9301234567"));
        assertEquals("+490301234567", one.outbound("0301234567"));
        assertEquals("0301234567", two.outbound("0301234567"));
        assertEquals("301", trunk(3, "9", "", Map.of()).outbound("9301"));
        assertEquals("00301", trunk(4, "", "00", Map.of()).outbound("301"));
    }

    @Test
    void callsToOurOwnLinesStayLocalOnlyWhenWanted() {
        assertTrue(plan.isLocal("3102"));
        assertFalse(plan.isLocal("0301234567"));
        TrunkPlan noLocal = new TrunkPlan(List.of(one), false, LINES::contains);
        assertFalse(noLocal.isLocal("3102"));
    }

    @Test
    void ipAuthenticationIsATrunkWithoutUser() {
        assertTrue(new Trunk(1, "sip:gw.example", "sip:gw.example", "", "", "gw.example", true, true, "", "",
                Map.of()).ipAuthentication());
        assertFalse(one.ipAuthentication());
        assertFalse(one.toString().contains("pw"), "no password in logs");
    }
}
