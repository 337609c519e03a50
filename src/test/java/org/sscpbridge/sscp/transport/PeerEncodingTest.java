package org.sscpbridge.sscp.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.sscpbridge.sscp.codec.DisplayEncoding;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.time.ManualScheduler;

/** Each registered phone is written in its own display encoding (docs/PROTOCOL.md §6.9), with the real codec. */
class PeerEncodingTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 2000);
    private static final InetSocketAddress KOREAN_PHONE = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress OTHER_PHONE = new InetSocketAddress("192.0.2.11", 40000);
    private static final Charset EUC_KR = Charset.forName("EUC-KR");
    private static final DisplayEncoding KOREAN = new DisplayEncoding(EUC_KR, 16);
    private static final String HANGUL = "\uC804\uD654\uAC00 \uC654\uC2B5\uB2C8\uB2E4"; // 전화가 왔습니다

    private record Sent(InetSocketAddress target, byte[] bytes) {}

    private final ManualScheduler clock = new ManualScheduler();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Inbound> delivered = new ArrayList<>();
    private final SscpCodec codec = new SscpCodec();

    private FrameExchange bridge(EndpointConfig config) {
        return new FrameExchange(Direction.BRIDGE, codec, clock, config, source -> true, delivered::add,
                (peer, request) -> { }, () -> 1, (target, bytes) -> sent.add(new Sent(target, bytes)));
    }

    private FrameExchange bridge() {
        return bridge(EndpointConfig.defaults());
    }

    private static String declaration(Charset charset) {
        return "<?xml version=\"1.0\" encoding=\"" + charset.name() + "\"?>";
    }

    @Test
    void aPhoneRegisteredWithEucKrGetsEucKrBytesOthersUtf8() {
        FrameExchange bridge = bridge();
        bridge.encodeFor(KOREAN_PHONE, KOREAN);
        var display = new BridgeMessage.Display(HANGUL, 5);

        bridge.send(KOREAN_PHONE, display);
        bridge.send(OTHER_PHONE, display);

        byte[] korean = sent.get(0).bytes();
        assertEquals(declaration(EUC_KR) + "<SSCP name=\"Display\"><Text timeout=\"5\">" + HANGUL + "</Text></SSCP>",
                new String(korean, EUC_KR));
        assertArrayEquals((declaration(EUC_KR) + "<SSCP name=\"Display\"><Text timeout=\"5\">" + HANGUL
                + "</Text></SSCP>").getBytes(EUC_KR), korean);
        assertEquals(declaration(StandardCharsets.UTF_8) + "<SSCP name=\"Display\"><Text timeout=\"5\">" + HANGUL
                + "</Text></SSCP>", new String(sent.get(1).bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void reliableSendsAndTheirRetransmissionsAreInThePeersCharsetAndWidth() {
        FrameExchange bridge = bridge();
        bridge.encodeFor(KOREAN_PHONE, new DisplayEncoding(EUC_KR, 8));
        bridge.sendReliably(KOREAN_PHONE, new BridgeMessage.Display(HANGUL, 0));
        clock.advance(Duration.ofMillis(600));

        assertEquals(2, sent.size());
        assertArrayEquals(sent.get(0).bytes(), sent.get(1).bytes());
        String text = new String(sent.get(0).bytes(), EUC_KR);
        assertTrue(text.contains("<Text timeout=\"0\">\uC804\uD654\uAC00 \uC654\uC2B5\uB2C8\uB2E4</Text>"), text);
        // 8 code points: the whole 8-character text fits; one more would have been cut.
        bridge.sendReliably(KOREAN_PHONE, new BridgeMessage.Display(HANGUL + "!", 0));
        assertTrue(new String(sent.get(2).bytes(), EUC_KR).contains(">" + HANGUL + "</Text>"));
    }

    @Test
    void answersAreInThePeersCharset() {
        FrameExchange bridge = bridge();
        bridge.encodeFor(KOREAN_PHONE, KOREAN);
        bridge.onDatagram(new Datagram("<SSCP name=\"KeepAlive\" seq=\"9\"/>".getBytes(StandardCharsets.US_ASCII),
                KOREAN_PHONE, LOCAL));
        assertEquals(1, delivered.size());
        delivered.get(0).reply(new BridgeMessage.KeepAliveAck());
        assertEquals(declaration(EUC_KR) + "<SSCP name=\"KeepAliveAck\" seq=\"9\"/>",
                new String(sent.get(0).bytes(), EUC_KR));
    }

    @Test
    void undeclaredDatagramsFromThatPhoneAreReadInItsCharset() {
        FrameExchange bridge = bridge();
        bridge.encodeFor(KOREAN_PHONE, KOREAN);
        byte[] euckr = "<SSCP name=PhoneBook><User lastname=\"\uAE40\"/></SSCP>".getBytes(EUC_KR);

        bridge.onDatagram(new Datagram(euckr, KOREAN_PHONE, LOCAL));
        bridge.onDatagram(new Datagram(euckr, OTHER_PHONE, LOCAL));

        assertEquals(1, delivered.size());
        assertEquals("\uAE40", ((PhoneMessage.PhoneBook) delivered.get(0).message()).user().lastName());
        assertEquals(1, bridge.stats().malformed(), "the same bytes from a UTF-8 phone are not UTF-8");
    }

    @Test
    void aForgottenPeerIsWrittenInUtf8Again() {
        FrameExchange bridge = bridge();
        bridge.encodeFor(KOREAN_PHONE, KOREAN);
        bridge.forgetEncoding(KOREAN_PHONE);
        bridge.send(KOREAN_PHONE, new BridgeMessage.Display(HANGUL, 0));
        assertTrue(new String(sent.get(0).bytes(), StandardCharsets.UTF_8).startsWith(declaration(StandardCharsets.UTF_8)));
        assertEquals(0, bridge.peersWithEncoding());

        bridge.encodeFor(KOREAN_PHONE, KOREAN);
        bridge.encodeFor(KOREAN_PHONE, DisplayEncoding.DEFAULT);
        assertEquals(0, bridge.peersWithEncoding(), "the default is not stored");
    }

    @Test
    void encodingsAreBoundedByMaxPeersLeastRecentlyUsedFirst() {
        FrameExchange bridge = bridge(EndpointConfig.defaults().withMaxPeers(16));
        for (int i = 0; i < 40; i++) {
            bridge.encodeFor(new InetSocketAddress("192.0.2.10", 41000 + i), KOREAN);
        }
        assertEquals(16, bridge.peersWithEncoding());
        assertEquals(DisplayEncoding.DEFAULT, bridge.encodingOf(new InetSocketAddress("192.0.2.10", 41000)));
        assertEquals(KOREAN, bridge.encodingOf(new InetSocketAddress("192.0.2.10", 41039)));
    }
}
