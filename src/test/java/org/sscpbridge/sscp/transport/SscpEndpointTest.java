package org.sscpbridge.sscp.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.time.ManualScheduler;

/** Real UDP on 127.0.0.1, ephemeral ports; every socket is closed after each test. */
class SscpEndpointTest {
    private static final InetSocketAddress ANY_LOCAL_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ManualScheduler clock = new ManualScheduler();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private SscpEndpoint open(SscpEndpoint.Builder builder) throws IOException {
        SscpEndpoint endpoint = builder.bindTo(ANY_LOCAL_PORT).open();
        toClose.add(endpoint);
        return endpoint;
    }

    private SscpEndpoint.Builder bridge(Consumer<Inbound> handler) {
        return SscpEndpoint.builder(Direction.BRIDGE, new TextCodec(), clock, handler::accept);
    }

    private SscpEndpoint.Builder phone(Consumer<Inbound> handler) {
        return SscpEndpoint.builder(Direction.PHONE, new TextCodec(), clock, handler::accept);
    }

    /** A bare UDP socket standing in for a phone, to send anything at all. */
    private DatagramSocket rawPeer() throws IOException {
        DatagramSocket socket = new DatagramSocket(ANY_LOCAL_PORT);
        socket.setSoTimeout((int) PATIENCE.toMillis()); // a guard against hanging, not a timing
        toClose.add(socket);
        return socket;
    }

    private static void sendRaw(DatagramSocket from, SscpEndpoint to, byte[] bytes) throws IOException {
        from.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), to.localAddress().getPort()));
    }

    private static String receiveRaw(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[9000], 9000);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private static InetSocketAddress loopback(SscpEndpoint endpoint) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.localAddress().getPort());
    }

    @Test
    void aPhoneAndTheBridgeTalkReliablyOverUdp() throws IOException {
        List<Inbound> atBridge = new CopyOnWriteArrayList<>();
        List<Inbound> atPhone = new CopyOnWriteArrayList<>();
        SscpEndpoint bridge = open(bridge(atBridge::add));
        SscpEndpoint phone = open(phone(atPhone::add)); // default: random first seq

        Frame request = phone.sendReliably(loopback(bridge), new PhoneMessage.KeepAlive());
        assertTrue(request.seq() >= 1 && request.seq() <= Frame.MAX_SEQ);
        await().atMost(PATIENCE).until(() -> atBridge.size() == 1);
        assertEquals(request, atBridge.get(0).frame());

        // Not answered yet: the retransmission is dropped by the bridge, not delivered again.
        clock.advance(Duration.ofMillis(500));
        await().atMost(PATIENCE).until(() -> bridge.stats().dropped(DropReason.DUPLICATE_UNANSWERED) == 1);

        bridge.reply(atBridge.get(0), new BridgeMessage.KeepAliveAck());
        await().atMost(PATIENCE).until(() -> atPhone.size() == 1);
        assertEquals(new BridgeMessage.KeepAliveAck(), atPhone.get(0).message());
        assertEquals(request, atPhone.get(0).answeredRequest().orElseThrow());
        assertEquals(0, phone.requestsInFlight());
        assertEquals(1, atBridge.size());
        assertEquals(2, phone.stats().sent());
        assertEquals(1, phone.stats().retransmitted());
    }

    @Test
    void aRegisteredPeersGarbageIsAnsweredWithError400() throws IOException {
        DatagramSocket peer = rawPeer();
        List<Inbound> delivered = new CopyOnWriteArrayList<>();
        SscpEndpoint bridge = open(bridge(delivered::add)
                .senderPolicy(source -> source.getPort() == peer.getLocalPort()));

        sendRaw(peer, bridge, TextCodec.bytes("<SSCP name=Garbage"));

        assertTrue(receiveRaw(peer).startsWith("Error|0|400|unknown message|"));
        assertEquals(1, bridge.stats().malformed());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void anUnknownPeersGarbageGetsAtMostOne401PerInterval() throws IOException {
        DatagramSocket peer = rawPeer();
        SscpEndpoint bridge = open(bridge(inbound -> { }));
        for (int i = 0; i < 5; i++) {
            sendRaw(peer, bridge, TextCodec.bytes("garbage"));
        }
        await().atMost(PATIENCE).until(() -> bridge.stats().malformed() == 5);

        assertTrue(receiveRaw(peer).startsWith("Error|0|401|Not registered|"));
        assertEquals(1, bridge.stats().errorsSent());
        assertEquals(1, bridge.stats().sent());
    }

    @Test
    void datagramsOver8KiBAreDroppedAndCounted() throws IOException {
        DatagramSocket peer = rawPeer();
        List<Inbound> delivered = new CopyOnWriteArrayList<>();
        SscpEndpoint bridge = open(bridge(delivered::add));

        sendRaw(peer, bridge, new byte[8 * 1024 + 1]);
        sendRaw(peer, bridge, new byte[60_000]);
        sendRaw(peer, bridge, new byte[8 * 1024]); // exactly the limit: read and decoded (and malformed)
        sendRaw(peer, bridge, TextCodec.bytes("KeepAlive|1"));

        await().atMost(PATIENCE).until(() -> delivered.size() == 1);
        TransportStats stats = bridge.stats();
        assertEquals(2, stats.dropped(DropReason.TOO_LARGE));
        assertEquals(1, stats.malformed());
        assertEquals(4, stats.received());
    }

    @Test
    void aFloodingSourceIsLimitedWhileAnotherGetsThroughAndTheCountersAddUp() throws IOException {
        DatagramSocket flooder = rawPeer();
        DatagramSocket other = rawPeer();
        List<Inbound> delivered = new CopyOnWriteArrayList<>();
        // The manual clock stands still, so the flooder gets its burst and nothing more.
        SscpEndpoint bridge = open(bridge(delivered::add)
                .config(EndpointConfig.defaults().withPerSourceLimit(new RateLimit(10, 10))));

        for (int i = 0; i < 30; i++) {
            sendRaw(flooder, bridge, TextCodec.bytes("KeepAlive"));
        }
        sendRaw(other, bridge, TextCodec.bytes("KeepAlive"));

        await().atMost(PATIENCE).until(() -> bridge.stats().received() == 31);
        await().atMost(PATIENCE).until(() -> bridge.stats().accountedFor() == 31);
        assertEquals(11, delivered.size());
        assertEquals(1, delivered.stream().filter(in -> in.source().getPort() == other.getLocalPort()).count());
        TransportStats stats = bridge.stats();
        assertEquals(20, stats.dropped(DropReason.RATE_LIMITED));
        assertEquals(stats.received(), stats.delivered() + stats.answersConsumed() + stats.malformed() + stats.droppedTotal());
    }

    @Test
    void aHandlerThatThrowsDoesNotKillTheReceiveLoop() throws IOException {
        DatagramSocket peer = rawPeer();
        List<Inbound> delivered = new CopyOnWriteArrayList<>();
        SscpEndpoint bridge = open(bridge(inbound -> {
            delivered.add(inbound);
            if (delivered.size() == 1) {
                Thread.currentThread().interrupt(); // would close an interruptible channel if left set
                throw new IllegalStateException("handler bug");
            }
        }));

        sendRaw(peer, bridge, TextCodec.bytes("KeepAlive|1"));
        await().atMost(PATIENCE).until(() -> bridge.stats().handlerFailures() == 1);
        sendRaw(peer, bridge, TextCodec.bytes("KeepAlive|2"));

        await().atMost(PATIENCE).until(() -> delivered.size() == 2);
        assertEquals(2, delivered.get(1).seq());
        assertTrue(bridge.isOpen());
    }

    @Test
    void closeFreesThePortAtOnceAndIsIdempotent() throws IOException {
        SscpEndpoint bridge = open(bridge(inbound -> { }).threadName("test-rx"));
        int port = bridge.localAddress().getPort();
        assertNotEquals(0, port, "port 0 reports the port actually bound");
        assertTrue(receiveThreadAlive("test-rx"));

        bridge.close();
        bridge.close();

        assertFalse(bridge.isOpen());
        assertFalse(receiveThreadAlive("test-rx"));
        try (DatagramChannel rebound = DatagramChannel.open()) {
            rebound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertEquals(port, ((InetSocketAddress) rebound.getLocalAddress()).getPort());
        }
    }

    @Test
    void aHandlerMayCloseItsOwnEndpoint() throws IOException {
        DatagramSocket peer = rawPeer();
        SscpEndpoint[] self = new SscpEndpoint[1];
        self[0] = open(bridge(inbound -> self[0].close()));
        sendRaw(peer, self[0], TextCodec.bytes("KeepAlive"));
        await().atMost(PATIENCE).until(() -> !self[0].isOpen());
    }

    @Test
    void aPortInUseIsReported() throws IOException {
        SscpEndpoint first = open(bridge(inbound -> { }));
        SscpEndpoint.Builder second = bridge(inbound -> { }).bindTo(first.localAddress());
        assertThrows(BindException.class, () -> toClose.add(second.open()));
        assertTrue(first.isOpen());
    }

    private static boolean receiveThreadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
