package org.sscpbridge.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sscpbridge.call.Caller;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.PhoneMessage;

/** The fuzz harness is not vacuous: a scripted call goes through it, and its oracle sees what is left. */
class SessionFuzzHarnessTest {
    private static final InetSocketAddress A = SessionFuzzHarness.PEERS.get(0);

    @Test
    void aScriptedCallReachesTheFakeSipSideAndEverythingIsGoneAfterThePhoneFallsSilent() throws Exception {
        try (SessionFuzzHarness h = new SessionFuzzHarness(false)) {
            h.send(A, new PhoneMessage.Register("SEP0001", "AP", "1", new MediaAddress("127.0.0.1", 16384), null));
            assertEquals(1, h.server.registry().size());
            assertEquals(2, h.sip.registrations.size());
            h.send(A, new PhoneMessage.Dial("3003", 1));
            h.answerOpenMedia(A);
            assertEquals(1, h.sip.calls.size(), "INVITE placed: " + h.received);
            FakeSipSide.Call call = h.sip.calls.get(0);
            call.answered = true;
            call.listener.onAnswered(new MediaSession("127.0.0.1", 20000, "PCMU", 20, MediaSession.MediaMode.SEND_RECV));
            h.settle();
            assertTrue(h.received.stream().anyMatch(m -> m instanceof BridgeMessage.CallState), h.received.toString());
            assertTrue(h.sip.invite("3002", new Caller("3999", "bell\u0007")));
            h.settle();

            AssertionError left = assertThrows(AssertionError.class, h::checkNothingLeft);
            assertTrue(left.getMessage().contains("phone SEP0001"), left.getMessage());

            h.clock.advance(Duration.ofMinutes(10));
            h.settle();
            h.checkNothingLeft();
            assertTrue(call.ended, call.toString());
            assertTrue(h.sip.registrations.stream().allMatch(r -> r.unregistered));
        }
    }

    @Test
    void aRegisterForAnUnknownDeviceIsRefused() throws Exception {
        try (SessionFuzzHarness h = new SessionFuzzHarness(false)) {
            h.send(A, new PhoneMessage.Register("UNKNOWN9", "AP", "1", new MediaAddress("127.0.0.1", 16384), null));
            assertEquals(0, h.server.registry().size());
            assertTrue(h.received.stream().anyMatch(m -> m instanceof BridgeMessage.RegisterReject), h.received.toString());
            assertEquals(Optional.empty(), h.server.registry().device("UNKNOWN9"));
        }
    }
}
