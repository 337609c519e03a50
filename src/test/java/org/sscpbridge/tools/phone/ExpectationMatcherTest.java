package org.sscpbridge.tools.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallDirection;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.tools.FrameText;
import org.sscpbridge.tools.WireFields;
import org.sscpbridge.tools.phone.command.FieldCondition;
import org.sscpbridge.tools.phone.rtp.RtpCounters;

class ExpectationMatcherTest {
    private final SscpCodec codec = new SscpCodec();

    private ReceivedMessage received(BridgeMessage message, long seq) {
        Frame frame = new Frame(message, seq);
        return new ReceivedMessage(1, Instant.EPOCH, message.type().wireName(),
                WireFields.of(FrameText.tree(codec, frame)), FrameText.line(codec, frame));
    }

    private static List<FieldCondition> conditions(String... words) throws Exception {
        List<FieldCondition> out = new java.util.ArrayList<>();
        for (String w : words) {
            out.add(FieldCondition.parse(w));
        }
        return out;
    }

    private final BridgeMessage.CallState connected = new BridgeMessage.CallState(new CallId("01002007"), 1,
            CallStateName.CONNECTED, new BridgeMessage.Party("1002", "Bob", CallDirection.OUT));

    @Test
    void matchesAttributesByWireNamePlainOrQualified() throws Exception {
        ReceivedMessage m = received(connected, 7);
        assertTrue(ExpectationMatcher.matches(m, conditions("state=Connected")));
        assertTrue(ExpectationMatcher.matches(m, conditions("Call.state=connected", "Party.number=1002", "direction=Out")));
        assertTrue(ExpectationMatcher.matches(m, conditions("id=01002007", "seq=7", "name=CallState")));
        assertTrue(ExpectationMatcher.matches(m, conditions()));
        assertFalse(ExpectationMatcher.matches(m, conditions("state=Connected", "Party.number=1003")));
        assertFalse(ExpectationMatcher.matches(m, conditions("Call.number=1002")), "number is Party's, not Call's");
    }

    @Test
    void attributeNamesFallBackToIgnoringCase() throws Exception {
        assertTrue(ExpectationMatcher.matches(received(connected, 7), conditions("STATE=Connected", "party.Number=1002")));
    }

    @Test
    void elementTextIsCalledText() throws Exception {
        ReceivedMessage display = received(new BridgeMessage.Display("Call from 1002", 5), 3);
        assertTrue(ExpectationMatcher.matches(display, conditions("text~=1002", "Text.text=call from 1002", "timeout=5")));
        assertFalse(ExpectationMatcher.matches(display, conditions("text~=1003")));
    }

    @Test
    void numbersCompare() throws Exception {
        ReceivedMessage ack = received(new BridgeMessage.RegisterAck(30, null, List.of()), 1);
        assertTrue(ExpectationMatcher.matches(ack, conditions("keepalive>=10", "keepalive<60")));
        assertFalse(ExpectationMatcher.matches(ack, conditions("keepalive>30")));
    }

    @Test
    void rtpCounters() throws Exception {
        RtpCounters c = new RtpCounters(60, 49);
        assertTrue(ExpectationMatcher.matches(c, conditions("sent>=50")));
        assertFalse(ExpectationMatcher.matches(c, conditions("sent>=50", "received>=50")));
        assertTrue(ExpectationMatcher.matches(c, conditions("RECEIVED>0")));
    }

    @Test
    void describesTheExpectationAsWritten() throws Exception {
        assertEquals("CallState state=Connected text~=x", ExpectationMatcher.describe("CallState", conditions("state=Connected", "text~=x")));
        assertEquals("RegisterAck", ExpectationMatcher.describe("RegisterAck", List.of()));
    }

    @Test
    void theJournalHandsOutEachMessageOnceEarliestFirst() throws Exception {
        ReceivedJournal journal = new ReceivedJournal();
        ReceivedMessage hold = received(new BridgeMessage.CallState(new CallId("01002007"), 1, CallStateName.HOLD, null), 1);
        ReceivedMessage conn = received(connected, 2);
        journal.add(hold.name(), hold.fields(), hold.text(), Instant.EPOCH);
        journal.add(conn.name(), conn.fields(), conn.text(), Instant.EPOCH);
        journal.add(conn.name(), conn.fields(), conn.text(), Instant.EPOCH);

        List<FieldCondition> isConnected = conditions("state=Connected");
        ReceivedJournal.Outcome first = journal.await("CallState", m -> ExpectationMatcher.matches(m, isConnected), Duration.ZERO);
        ReceivedJournal.Outcome second = journal.await("CallState", m -> ExpectationMatcher.matches(m, isConnected), Duration.ZERO);
        ReceivedJournal.Outcome third = journal.await("CallState", m -> ExpectationMatcher.matches(m, isConnected), Duration.ofMillis(50));
        ReceivedJournal.Outcome hold1 = journal.await("CallState", m -> true, Duration.ZERO);

        assertEquals(2, first.match().number());
        assertEquals(3, second.match().number());
        assertFalse(third.matched());
        assertEquals(1, third.unconsumedSameName().size(), "the unconsumed Hold is reported");
        assertEquals(1, hold1.match().number(), "a message skipped by one expect is still there for the next");
    }

    @Test
    void theJournalWaitsForALateMessage() throws Exception {
        ReceivedJournal journal = new ReceivedJournal();
        ReceivedMessage conn = received(connected, 2);
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            journal.add(conn.name(), conn.fields(), conn.text(), Instant.EPOCH);
        });
        late.start();
        ReceivedJournal.Outcome outcome = journal.await("CallState", m -> true, Duration.ofSeconds(5));
        late.join();
        assertTrue(outcome.matched());
        assertEquals(1, outcome.arrivedMeanwhile().size());
    }
}
