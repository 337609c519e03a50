package org.sscpbridge.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.transport.DropReason;

/**
 * The phone side's bounds through the real server: a phone's event queue
 * ({@code sscp.phone.queue.max}) and the number of autoprovisioned phones ({@code autoprovision.max}).
 */
class PhoneBoundsTest {
    private static final InetSocketAddress A = SessionFuzzHarness.PEERS.get(0);
    private static final InetSocketAddress B = SessionFuzzHarness.PEERS.get(1);
    private static final InetSocketAddress C = SessionFuzzHarness.PEERS.get(2);

    private static PhoneMessage.Register register(String device) {
        return new PhoneMessage.Register(device, "AP", "1", new MediaAddress("127.0.0.1", 16384), null);
    }

    @Test
    void aFullPhoneQueueRefusesTheDatagramUnseenCountsItAndTakesTheRetransmission() throws Exception {
        try (SessionFuzzHarness h = new SessionFuzzHarness(false, 8, 2)) {
            h.send(A, register("SEP0001"));
            h.received.clear();
            long delivered = h.server.stats().delivered();
            // The phone's events are not run meanwhile (the pool is hand-driven): 8 fit, the 9th is refused.
            for (int i = 0; i < 8; i++) {
                h.deliver(A, new PhoneMessage.KeepAlive());
            }
            long refusedSeq = h.deliver(A, new PhoneMessage.KeepAlive());
            assertEquals(1, h.server.stats().dropped(DropReason.QUEUE_FULL));
            assertEquals(delivered + 8, h.server.stats().delivered(), "the refused one is a drop, not a delivery");
            h.settle();
            assertEquals(8, count(h.received, BridgeMessage.KeepAliveAck.class), "the 8 queued are answered");

            // The phone retransmits the refused one: now there is room, and it is answered (not taken for a duplicate).
            h.redeliver(A, new PhoneMessage.KeepAlive(), refusedSeq);
            h.settle();
            assertEquals(9, count(h.received, BridgeMessage.KeepAliveAck.class));
            assertEquals(1, h.server.stats().dropped(DropReason.QUEUE_FULL));
            assertEquals(h.server.stats().received(), h.server.stats().accountedFor(), h.server.stats().toString());
        }
    }

    private static long count(List<BridgeMessage> messages, Class<?> type) {
        return messages.stream().filter(type::isInstance).count();
    }

    @Test
    void autoprovisionBeyondItsMaximumIsRefusedSayingWhyAndRecoversWhenAPhoneLeaves() throws Exception {
        try (SessionFuzzHarness h = new SessionFuzzHarness(true, 256, 2)) {
            h.send(A, register("AUTO1"));
            h.send(B, register("AUTO2"));
            // A configured device does not count and is not limited.
            h.send(C, register("SEP0002"));
            assertEquals(3, h.server.registry().size());
            h.received.clear();

            InetSocketAddress d = new InetSocketAddress("127.0.0.3", 5001);
            h.send(d, register("AUTO3"));
            BridgeMessage.RegisterReject reject = (BridgeMessage.RegisterReject) h.received.stream()
                    .filter(BridgeMessage.RegisterReject.class::isInstance).findFirst().orElseThrow();
            assertEquals(503, reject.code());
            assertTrue(reject.text().contains("autoprovision.max"), reject.text());
            assertEquals(3, h.server.registry().size());

            // A registered autoprovisioned phone registers again (refresh) without being counted twice.
            h.received.clear();
            h.send(A, register("AUTO1"));
            assertEquals(1, count(h.received, BridgeMessage.RegisterAck.class));

            // One leaves: the refused one gets in.
            h.send(B, new PhoneMessage.Unregister());
            h.received.clear();
            h.send(d, register("AUTO3"));
            assertEquals(1, count(h.received, BridgeMessage.RegisterAck.class), h.received.toString());
            assertEquals(3, h.server.registry().size());
        }
    }
}
