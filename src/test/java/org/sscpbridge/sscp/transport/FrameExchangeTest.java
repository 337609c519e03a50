package org.sscpbridge.sscp.transport;

import org.sscpbridge.sscp.codec.FrameCodec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.time.ManualScheduler;

/** The SSCP rules of SPEC §1 / §3 / §4, datagram by datagram, on a manual clock. */
class FrameExchangeTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 2000);
    private static final InetSocketAddress PHONE = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress OTHER_PHONE = new InetSocketAddress("192.0.2.11", 40000);
    private static final InetSocketAddress BRIDGE = new InetSocketAddress("198.51.100.1", 2000);

    private record Sent(InetSocketAddress target, String text, Instant at) {}

    private record GiveUp(InetSocketAddress peer, Frame request, Instant at) {}

    private final ManualScheduler clock = new ManualScheduler();
    private final Instant start = clock.now();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Inbound> delivered = new ArrayList<>();
    private final List<GiveUp> giveUps = new ArrayList<>();
    private Consumer<Inbound> onFrame = delivered::add;
    private SenderPolicy policy = SenderPolicy.nobodyKnown();
    private FrameCodec codec = new TextCodec();

    private FrameExchange exchange(Direction side, EndpointConfig config, long firstSeq) {
        return new FrameExchange(side, codec, clock, config, source -> policy.isKnown(source),
                inbound -> onFrame.accept(inbound),
                (peer, request) -> giveUps.add(new GiveUp(peer, request, clock.now())),
                () -> firstSeq,
                (target, bytes) -> sent.add(new Sent(target, TextCodec.text(bytes), clock.now())));
    }

    private FrameExchange bridge() {
        return exchange(Direction.BRIDGE, EndpointConfig.defaults(), 1);
    }

    private FrameExchange phone() {
        return exchange(Direction.PHONE, EndpointConfig.defaults(), 1);
    }

    /** The test codec, except that a datagram starting with {@code marker} decodes to {@code result.get()}. */
    private static FrameCodec decodingFirstByte(char marker, Supplier<Frame> result) {
        TextCodec real = new TextCodec();
        return new FrameCodec() {
            @Override
            public Frame decode(Direction sender, byte[] data, int offset, int length) throws SscpDecodeException {
                return data[offset] == marker ? result.get() : real.decode(sender, data, offset, length);
            }

            @Override
            public byte[] encode(Frame frame) {
                return real.encode(frame);
            }
        };
    }

    private static void receive(FrameExchange exchange, InetSocketAddress from, String text) {
        exchange.onDatagram(new Datagram(TextCodec.bytes(text), from, LOCAL));
    }

    private List<String> sentTexts() {
        return sent.stream().map(Sent::text).collect(Collectors.toList());
    }

    /** The sent text without the encoder's "|#n" counter. */
    private static String body(Sent s) {
        return s.text().substring(0, s.text().lastIndexOf("|#"));
    }

    // ---------------------------------------------------------------- reliable sending

    @Test
    void retransmitsAfterHalfASecondDoublingToFourAndGivesUpAt32Seconds() {
        FrameExchange phone = phone();
        Frame request = phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive());
        assertEquals(1, request.seq());

        for (int i = 0; i < 400; i++) {
            clock.advance(Duration.ofMillis(100));
        }

        List<Duration> sendTimes = sent.stream().map(s -> Duration.between(start, s.at())).collect(Collectors.toList());
        List<Duration> expected = IntStream.of(0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500)
                .mapToObj(Duration::ofMillis).collect(Collectors.toList());
        assertEquals(expected, sendTimes);
        assertEquals(expected, RetransmitSchedule.SPEC.sendTimes());
        assertEquals(1, Set.copyOf(sentTexts()).size(), "every retransmission is the identical datagram");
        assertTrue(sent.stream().allMatch(s -> s.target().equals(BRIDGE)));

        assertEquals(List.of(new GiveUp(BRIDGE, request, start.plusSeconds(32))), giveUps);
        TransportStats stats = phone.stats();
        assertEquals(11, stats.sent());
        assertEquals(10, stats.retransmitted());
        assertEquals(1, stats.givenUp());
        assertEquals(0, phone.inFlight());
        assertEquals(0, clock.pending(), "no timer left behind");
    }

    @Test
    void aPlainAckStopsRetransmissionAndIsConsumed() {
        FrameExchange phone = phone();
        Frame request = phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive());
        clock.advance(Duration.ofMillis(600));
        assertEquals(2, sent.size());

        receive(phone, BRIDGE, "Ack|" + request.seq());
        clock.advance(Duration.ofSeconds(60));

        assertEquals(2, sent.size());
        assertTrue(delivered.isEmpty(), "a plain Ack is the transport's business");
        assertTrue(giveUps.isEmpty());
        assertEquals(1, phone.stats().answersConsumed());
        assertEquals(0, phone.inFlight());
        assertEquals(0, clock.pending());

        receive(phone, BRIDGE, "Ack|" + request.seq());
        assertEquals(1, phone.stats().dropped(DropReason.STALE_ANSWER), "a duplicate answer is dropped");
    }

    @Test
    void aSpecificAnswerIsDeliveredOnceWithItsRequest() {
        FrameExchange phone = phone();
        Frame request = phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive());

        receive(phone, BRIDGE, "KeepAliveAck|" + request.seq());
        receive(phone, BRIDGE, "KeepAliveAck|" + request.seq());

        assertEquals(1, delivered.size());
        Inbound answer = delivered.get(0);
        assertEquals(new BridgeMessage.KeepAliveAck(), answer.message());
        assertEquals(request, answer.answeredRequest().orElseThrow());
        assertThrows(IllegalStateException.class, answer::ack, "answers are not answered");
        assertEquals(1, phone.stats().dropped(DropReason.STALE_ANSWER));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(1, sent.size());
    }

    @Test
    void anErrorAnswerStopsRetransmissionAndIsDelivered() {
        FrameExchange phone = phone();
        Frame request = phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive());
        receive(phone, BRIDGE, "Error|" + request.seq() + "|401|Not registered");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(1, sent.size());
        assertEquals(new BridgeMessage.Error(401, "Not registered"), delivered.get(0).message());
    }

    @Test
    void onlyAnAnswerFromThatPeerWithThatSeqCounts() {
        FrameExchange phone = phone();
        Frame request = phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive());
        receive(phone, OTHER_PHONE, "Ack|" + request.seq());
        receive(phone, BRIDGE, "Ack|" + (request.seq() + 1));
        clock.advance(Duration.ofMillis(500));
        assertEquals(2, sent.size(), "still retransmitting");
        assertEquals(2, phone.stats().dropped(DropReason.STALE_ANSWER));
    }

    @Test
    void seqsArePerPeerAndWrapFromMaxToOne() {
        FrameExchange phone = exchange(Direction.PHONE, EndpointConfig.defaults(), Frame.MAX_SEQ - 1);
        assertEquals(Frame.MAX_SEQ - 1, phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive()).seq());
        assertEquals(Frame.MAX_SEQ, phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive()).seq());
        assertEquals(1, phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive()).seq());
        assertEquals(2, phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive()).seq());
        assertEquals(Frame.MAX_SEQ - 1, phone.sendReliably(OTHER_PHONE, new PhoneMessage.KeepAlive()).seq(),
                "another peer has its own counter");
    }

    @Test
    void unreliableSendsCarryNoSeqAndAreNotRepeated() {
        FrameExchange phone = phone();
        Frame frame = phone.send(BRIDGE, new PhoneMessage.KeepAlive());
        clock.advance(Duration.ofSeconds(60));
        assertFalse(frame.hasSeq());
        assertEquals(List.of("KeepAlive|0"), sent.stream().map(FrameExchangeTest::body).collect(Collectors.toList()));
    }

    @Test
    void refusesWhatCannotBeSent() {
        FrameExchange bridge = bridge();
        assertThrows(IllegalArgumentException.class, () -> bridge.send(PHONE, new PhoneMessage.KeepAlive()), "wrong side");
        assertThrows(IllegalArgumentException.class, () -> bridge.sendReliably(PHONE, new BridgeMessage.Ack()), "nothing answers an answer");
        assertThrows(IllegalArgumentException.class, () -> bridge.send(InetSocketAddress.createUnresolved("phone.invalid", 1), new BridgeMessage.Ack()));
        assertThrows(IllegalArgumentException.class, () -> bridge.send(PHONE, new BridgeMessage.Error(400, "x".repeat(9000))), "over 8 KiB");
        assertTrue(sent.isEmpty());
    }

    @Test
    void closeStopsRetransmissionsAndLaterSends() {
        FrameExchange phone = phone();
        phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive());
        phone.close();
        phone.close();
        clock.advance(Duration.ofSeconds(60));
        assertEquals(1, sent.size());
        assertTrue(giveUps.isEmpty(), "closing is not giving up");
        assertThrows(IllegalStateException.class, () -> phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive()));
        assertThrows(IllegalStateException.class, () -> phone.send(BRIDGE, new PhoneMessage.KeepAlive()));
    }

    @Test
    void aFailingGiveUpListenerIsCountedNotThrown() {
        FrameExchange phone = new FrameExchange(Direction.PHONE, codec, clock, EndpointConfig.defaults(),
                SenderPolicy.nobodyKnown(), delivered::add,
                (peer, request) -> { throw new IllegalStateException("listener bug"); },
                () -> 1, (target, bytes) -> { });
        phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive());
        clock.advance(Duration.ofSeconds(33));
        assertEquals(1, phone.stats().givenUp());
        assertEquals(1, phone.stats().handlerFailures());
    }

    @Test
    void aSendFailureIsCountedAndRetransmissionCarriesOn() {
        List<Instant> attempts = new ArrayList<>();
        FrameExchange phone = new FrameExchange(Direction.PHONE, codec, clock, EndpointConfig.defaults(),
                SenderPolicy.nobodyKnown(), delivered::add, GiveUpListener.ignore(), () -> 1,
                (target, bytes) -> {
                    attempts.add(clock.now());
                    throw new IOException("network unreachable");
                });
        phone.sendReliably(BRIDGE, new PhoneMessage.KeepAlive());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(3, attempts.size());
        assertEquals(3, phone.stats().sendFailures());
        assertEquals(0, phone.stats().sent());
    }

    // ---------------------------------------------------------------- receiving requests

    @Test
    void aDuplicateIsAnsweredAgainWithTheIdenticalBytesAndDeliveredOnce() {
        FrameExchange bridge = bridge();
        receive(bridge, PHONE, "KeepAlive|7");
        assertEquals(1, delivered.size());
        delivered.get(0).reply(new BridgeMessage.KeepAliveAck());
        assertEquals(1, sent.size());
        assertEquals("KeepAliveAck|7", body(sent.get(0)));

        receive(bridge, PHONE, "KeepAlive|7");
        receive(bridge, PHONE, "KeepAlive|7");

        assertEquals(1, delivered.size(), "never acted on twice");
        assertEquals(3, sent.size());
        assertEquals(Set.of(sent.get(0).text()), Set.copyOf(sentTexts()), "identical bytes from memory");
        assertTrue(sent.stream().allMatch(s -> s.target().equals(PHONE)));
        assertEquals(2, bridge.stats().dropped(DropReason.DUPLICATE_ANSWERED));
    }

    @Test
    void aDuplicateBeforeTheAnswerIsDroppedSilently() {
        FrameExchange bridge = bridge();
        receive(bridge, PHONE, "KeepAlive|8");
        receive(bridge, PHONE, "KeepAlive|8");
        assertEquals(1, delivered.size());
        assertTrue(sent.isEmpty());
        assertEquals(1, bridge.stats().dropped(DropReason.DUPLICATE_UNANSWERED));

        delivered.get(0).ack();
        receive(bridge, PHONE, "KeepAlive|8");
        assertEquals(1, delivered.size());
        assertEquals(List.of("Ack|8", "Ack|8"), sent.stream().map(FrameExchangeTest::body).collect(Collectors.toList()));
    }

    @Test
    void theAnswerMemoryHoldsTheLast64SeqsPerPeer() {
        FrameExchange bridge = bridge();
        onFrame = inbound -> {
            delivered.add(inbound);
            inbound.ack();
        };
        for (int seq = 1; seq <= 65; seq++) {
            receive(bridge, PHONE, "KeepAlive|" + seq);
        }
        assertEquals(65, delivered.size());

        receive(bridge, PHONE, "KeepAlive|2");
        assertEquals(65, delivered.size(), "seq 2 is among the last 64");
        receive(bridge, PHONE, "KeepAlive|1");
        assertEquals(66, delivered.size(), "seq 1 fell out of the window and is new again");
        receive(bridge, OTHER_PHONE, "KeepAlive|65");
        assertEquals(67, delivered.size(), "memories are per peer");
    }

    @Test
    void messagesWithoutSeqAreDeliveredEveryTimeAndNotAcked() {
        FrameExchange bridge = bridge();
        receive(bridge, PHONE, "KeepAlive|0");
        receive(bridge, PHONE, "KeepAlive");
        assertEquals(2, delivered.size());
        delivered.get(0).ack();
        assertTrue(sent.isEmpty(), "\"Ack if seq\": no seq, no Ack");
        delivered.get(1).reply(new BridgeMessage.KeepAliveAck());
        assertEquals(List.of("KeepAliveAck|0"), sent.stream().map(FrameExchangeTest::body).collect(Collectors.toList()));
    }

    @Test
    void anAckGoesToTheSourceInTheLocalSidesDirection() {
        FrameExchange bridge = bridge();
        receive(bridge, PHONE, "KeepAlive|3");
        delivered.get(0).ack();
        assertEquals(new Sent(PHONE, "Ack|3|#1", start), sent.get(0));

        List<Object> phoneSideReplies = new ArrayList<>();
        Inbound fromBridge = Inbound.of(new Frame(new BridgeMessage.Error(500, "x"), 4), BRIDGE, (in, answer) -> phoneSideReplies.add(answer));
        fromBridge.ack();
        assertEquals(List.of(new PhoneMessage.Ack()), phoneSideReplies);
    }

    @Test
    void aReplyMustAnswerTheRequestAndComeFromThisSide() {
        FrameExchange bridge = bridge();
        receive(bridge, PHONE, "KeepAlive|3");
        Inbound request = delivered.get(0);
        assertThrows(IllegalArgumentException.class, () -> request.reply(new PhoneMessage.Ack()));
        request.reply(new BridgeMessage.Error(409, "busy"));
        assertEquals("Error|3|409|busy", body(sent.get(0)));
    }

    @Test
    void peerMemoryIsForgottenWhenIdleAndBoundedInNumber() {
        EndpointConfig config = EndpointConfig.defaults().withPeerIdleTimeout(Duration.ofSeconds(60)).withMaxPeers(2);
        FrameExchange bridge = exchange(Direction.BRIDGE, config, 1);
        onFrame = inbound -> {
            delivered.add(inbound);
            inbound.ack();
        };
        receive(bridge, PHONE, "KeepAlive|1");
        clock.advance(Duration.ofSeconds(59));
        receive(bridge, PHONE, "KeepAlive|1");
        assertEquals(1, delivered.size(), "remembered within the idle time");
        clock.advance(Duration.ofSeconds(60));
        receive(bridge, PHONE, "KeepAlive|1");
        assertEquals(2, delivered.size(), "forgotten after it");

        for (int port = 1; port <= 10; port++) {
            receive(bridge, new InetSocketAddress("203.0.113.5", port), "KeepAlive|1");
        }
        assertEquals(2, bridge.trackedInboundPeers());
    }

    // ---------------------------------------------------------------- bad datagrams

    @Test
    void aRegisteredSendersBadDatagramGetsTheDecodersErrorEchoingARequestsSeq() {
        policy = source -> source.equals(PHONE);
        FrameExchange bridge = bridge();
        receive(bridge, PHONE, "<SSCP name=garbage");
        receive(bridge, PHONE, "KeepAlive|9|!");
        receive(bridge, PHONE, "Ack|9|!");

        assertTrue(delivered.isEmpty());
        assertEquals(List.of("Error|0|400|unknown message", "Error|9|400|bad body", "Error|0|400|bad body"),
                sent.stream().map(FrameExchangeTest::body).collect(Collectors.toList()),
                "a malformed answer's seq is not echoed: it is from the other side's numbering");
        assertEquals(3, bridge.stats().malformed());
        assertEquals(3, bridge.stats().errorsSent());
    }

    @Test
    void anUnregisteredSenderGetsAtMostOne401PerInterval() {
        FrameExchange bridge = bridge();
        for (int i = 0; i < 5; i++) {
            receive(bridge, PHONE, "garbage " + i);
        }
        assertEquals(List.of("Error|0|401|Not registered"), sent.stream().map(FrameExchangeTest::body).collect(Collectors.toList()));
        clock.advance(Duration.ofSeconds(4));
        receive(bridge, PHONE, "KeepAlive|5|!");
        assertEquals(1, sent.size());
        clock.advance(Duration.ofSeconds(1));
        receive(bridge, PHONE, "KeepAlive|5|!");
        assertEquals("Error|5|401|Not registered", body(sent.get(1)));
        assertEquals(7, bridge.stats().malformed());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void the401sToAllUnregisteredSendersAreCappedTogether() {
        EndpointConfig config = EndpointConfig.defaults().withRejectGlobalLimit(new RateLimit(3, 3));
        FrameExchange bridge = exchange(Direction.BRIDGE, config, 1);
        for (int port = 1; port <= 50; port++) {
            receive(bridge, new InetSocketAddress("203.0.113.5", port), "garbage");
        }
        assertEquals(3, bridge.stats().errorsSent());
    }

    @Test
    void theApplicationCanRejectAWellFormedMessageFromAnUnregisteredSender() {
        FrameExchange bridge = bridge();
        receive(bridge, PHONE, "KeepAlive|4");
        Inbound unknown = delivered.get(0);
        assertTrue(bridge.rejectUnregistered(unknown));
        assertFalse(bridge.rejectUnregistered(unknown), "rate-limited");
        assertEquals(List.of("Error|4|401|Not registered"), sent.stream().map(FrameExchangeTest::body).collect(Collectors.toList()));
        receive(bridge, PHONE, "KeepAlive|4");
        assertEquals(1, delivered.size(), "the rejected request stays unanswered: its retransmissions are dropped");
        assertThrows(IllegalStateException.class, () -> phone().rejectUnregistered(unknown), "a phone sends no Error");
    }

    @Test
    void aPhoneOnlyCountsBadDatagrams() {
        policy = source -> true;
        FrameExchange phone = phone();
        receive(phone, BRIDGE, "garbage");
        receive(phone, BRIDGE, "KeepAlive|1");
        assertTrue(sent.isEmpty());
        assertTrue(delivered.isEmpty());
        assertEquals(2, phone.stats().malformed(), "a phone message from the bridge is malformed too");
    }

    @Test
    void aCodecBugIsAMalformedDatagramNotACrash() {
        policy = source -> true;
        codec = decodingFirstByte('X', () -> {
            throw new IllegalStateException("codec bug");
        });
        FrameExchange bridge = bridge();
        receive(bridge, PHONE, "X");
        receive(bridge, PHONE, "KeepAlive|1");
        assertEquals("Error|0|500|internal decoder error", body(sent.get(0)));
        assertEquals(1, delivered.size());
        assertEquals(1, bridge.stats().malformed());
    }

    // ---------------------------------------------------------------- floods and failures

    @Test
    void aFloodingSourceIsLimitedWhileAnotherStillGetsThrough() {
        EndpointConfig config = EndpointConfig.defaults().withPerSourceLimit(new RateLimit(10, 10));
        FrameExchange bridge = exchange(Direction.BRIDGE, config, 1);
        for (int i = 0; i < 50; i++) {
            receive(bridge, PHONE, "KeepAlive");
        }
        receive(bridge, OTHER_PHONE, "KeepAlive");
        assertEquals(11, delivered.size());
        assertEquals(OTHER_PHONE, delivered.get(10).source());
        assertEquals(40, bridge.stats().dropped(DropReason.RATE_LIMITED));

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            receive(bridge, PHONE, "KeepAlive");
        }
        assertEquals(21, delivered.size(), "10 more a second later");
    }

    @Test
    void aHandlerThatThrowsDoesNotStopTheNextDatagram() {
        FrameExchange bridge = bridge();
        onFrame = inbound -> {
            delivered.add(inbound);
            if (delivered.size() == 1) {
                throw new IllegalStateException("handler bug");
            }
            if (delivered.size() == 2) {
                throw new StackOverflowError();
            }
        };
        receive(bridge, PHONE, "KeepAlive|1");
        receive(bridge, PHONE, "KeepAlive|2");
        receive(bridge, PHONE, "KeepAlive|3");
        assertEquals(3, delivered.size());
        assertEquals(2, bridge.stats().handlerFailures());
    }

    @Test
    void theCountersAddUp() {
        policy = source -> source.equals(PHONE);
        EndpointConfig config = EndpointConfig.defaults().withPerSourceLimit(new RateLimit(1, 5));
        FrameExchange bridge = exchange(Direction.BRIDGE, config, 1);
        onFrame = inbound -> {
            delivered.add(inbound);
            inbound.ack();
        };
        receive(bridge, PHONE, "KeepAlive|1");         // delivered, acked
        receive(bridge, PHONE, "KeepAlive|1");         // duplicate, answered again
        receive(bridge, PHONE, "garbage");             // malformed, Error 400
        receive(bridge, PHONE, "KeepAlive");           // delivered (no seq, no ack)
        receive(bridge, PHONE, "Ack|77");              // stale answer
        receive(bridge, PHONE, "KeepAlive|2");         // rate-limited (burst 5 used up)
        bridge.onOversize(OTHER_PHONE, 9000);          // too large
        receive(bridge, OTHER_PHONE, "garbage");       // malformed, 401

        TransportStats stats = bridge.stats();
        assertEquals(8, stats.received());
        assertEquals(stats.received(), stats.accountedFor());
        assertEquals(2, stats.delivered());
        assertEquals(2, stats.malformed());
        assertEquals(4, stats.droppedTotal());
        assertEquals(1, stats.dropped(DropReason.TOO_LARGE));
        assertEquals(1, stats.dropped(DropReason.RATE_LIMITED));
        assertEquals(1, stats.dropped(DropReason.DUPLICATE_ANSWERED));
        assertEquals(1, stats.dropped(DropReason.STALE_ANSWER));
        assertEquals(sent.size(), stats.sent());
        assertEquals(4, stats.sent());
        assertEquals(2, stats.errorsSent());
        assertEquals(0, stats.internalErrors());
        assertEquals("received 8: delivered 2, answers consumed 0, malformed 2, dropped 4 (too-large 1, rate-limited 1,"
                + " duplicate-answered 1, stale-answer 1); sent 4: retransmitted 0, errors 2; given up 0;"
                + " failures: send 0, receive 0, handler 0, internal 0", stats.toString());
    }

    @Test
    void aDatagramThatBreaksTheExchangeItselfIsCountedAndTheNextOneHandled() {
        codec = decodingFirstByte('N', () -> null);
        FrameExchange bridge = bridge();
        receive(bridge, PHONE, "N");
        receive(bridge, PHONE, "KeepAlive|1");
        assertEquals(1, bridge.stats().internalErrors());
        assertEquals(1, delivered.size());
        assertEquals(MessageType.KEEP_ALIVE, delivered.get(0).type());
    }
}
