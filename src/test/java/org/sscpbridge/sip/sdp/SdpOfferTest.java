package org.sscpbridge.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscpbridge.sip.sdp.Samples.PHONE;
import static org.sscpbridge.sip.sdp.Samples.attributes;
import static org.sscpbridge.sip.sdp.Samples.formats;
import static org.sscpbridge.sip.sdp.Samples.media;
import static org.sscpbridge.sip.sdp.Samples.parse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.sdp.MediaDescription;
import javax.sdp.Origin;
import javax.sdp.SessionDescription;
import javax.sdp.TimeDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SdpOfferTest {

    private final SdpNegotiator negotiator = new SdpNegotiator("sscp-bridge", "10.0.0.1", 123456L);

    @Test
    void offerIsExactlyThis() {
        String text = new String(negotiator.offer(PHONE, 7), StandardCharsets.UTF_8);
        assertEquals(String.join("\r\n",
                "v=0",
                "o=- 123456 7 IN IP4 10.0.0.1",
                "s=sscp-bridge",
                "c=IN IP4 192.168.10.23",
                "t=0 0",
                "m=audio 16000 RTP/AVP 8 0 101",
                "a=rtpmap:8 PCMA/8000",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-16",
                "a=ptime:20",
                "a=sendrecv",
                ""), text);
    }

    @Test
    void offerParsesBackFieldByField() throws Exception {
        SessionDescription sd = parse(negotiator.offer(PHONE, 7));
        assertEquals(0, sd.getVersion().getVersion());
        Origin o = sd.getOrigin();
        assertEquals("-", o.getUsername());
        assertEquals(123456L, o.getSessionId());
        assertEquals(7L, o.getSessionVersion());
        assertEquals("IN", o.getNetworkType());
        assertEquals("IP4", o.getAddressType());
        assertEquals("10.0.0.1", o.getAddress());
        assertEquals("sscp-bridge", sd.getSessionName().getValue());
        assertEquals("IN", sd.getConnection().getNetworkType());
        assertEquals("IP4", sd.getConnection().getAddressType());
        assertEquals("192.168.10.23", sd.getConnection().getAddress());
        List<?> times = sd.getTimeDescriptions(false);
        assertEquals(1, times.size());
        assertTrue(((TimeDescription) times.get(0)).getTime().isZero());
        List<MediaDescription> media = media(sd);
        assertEquals(1, media.size());
        MediaDescription audio = media.get(0);
        assertEquals("audio", audio.getMedia().getMediaType());
        assertEquals(16000, audio.getMedia().getMediaPort());
        assertEquals("RTP/AVP", audio.getMedia().getProtocol());
        assertEquals(List.of("8", "0", "101"), formats(audio));
        assertNull(audio.getConnection());
        assertEquals(List.of("rtpmap:8 PCMA/8000", "rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/8000",
                "fmtp:101 0-16", "ptime:20", "sendrecv"), attributes(audio));
    }

    @Test
    void everyLineEndsWithCrlf() {
        String text = new String(negotiator.offer(PHONE, 1), StandardCharsets.US_ASCII);
        assertTrue(text.endsWith("\r\n"));
        assertFalse(text.replace("\r\n", "").contains("\n"));
        assertFalse(text.replace("\r\n", "").contains("\r"));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void directionIsAlwaysExplicit(Direction direction) throws Exception {
        MediaOffer offer = new MediaOffer("192.168.10.23", 16000, List.of(Codec.PCMU), 20, direction);
        SessionDescription sd = parse(negotiator.offer(offer, 1));
        List<String> attributes = attributes(media(sd).get(0));
        assertEquals(direction.attribute(), attributes.get(attributes.size() - 1));
        // Hold keeps the real address (RFC 3264 §8.4), never 0.0.0.0.
        assertEquals("192.168.10.23", sd.getConnection().getAddress());
    }

    @Test
    void ipv6PhoneAndBridge() throws Exception {
        SdpNegotiator v6 = new SdpNegotiator("sscp-bridge", "2001:db8::1", 99L);
        MediaOffer offer = new MediaOffer("[2001:db8::23]", 16002, List.of(Codec.PCMU, Codec.TELEPHONE_EVENT), 20,
                Direction.SEND_RECV);
        String text = new String(v6.offer(offer, 0), StandardCharsets.UTF_8);
        assertTrue(text.contains("\r\no=- 99 0 IN IP6 2001:db8::1\r\n"), text);
        assertTrue(text.contains("\r\nc=IN IP6 2001:db8::23\r\n"), text);
        SessionDescription sd = parse(text.getBytes(StandardCharsets.UTF_8));
        assertEquals("IP6", sd.getConnection().getAddressType());
        assertEquals("2001:db8::23", sd.getConnection().getAddress());
    }

    @Test
    void staticCodecsWithoutTelephoneEventHaveNoFmtp() throws Exception {
        MediaOffer offer = new MediaOffer("10.1.1.1", 20000, List.of(Codec.G729, Codec.PCMU), 30, Direction.SEND_RECV);
        MediaDescription audio = media(parse(negotiator.offer(offer, 1))).get(0);
        assertEquals(List.of("18", "0"), formats(audio));
        assertEquals(List.of("rtpmap:18 G729/8000", "rtpmap:0 PCMU/8000", "ptime:30", "sendrecv"), attributes(audio));
    }

    @Test
    void dynamicPayloadTypesAreWrittenAsGiven() throws Exception {
        MediaOffer offer = new MediaOffer("10.1.1.1", 20000,
                List.of(Codec.PCMU, new Codec("telephone-event", 96, 8000)), 20, Direction.SEND_RECV);
        MediaDescription audio = media(parse(negotiator.offer(offer, 1))).get(0);
        assertEquals(List.of("0", "96"), formats(audio));
        assertTrue(attributes(audio).contains("fmtp:96 0-16"));
        assertTrue(attributes(audio).contains("rtpmap:96 telephone-event/8000"));
    }

    @Test
    void sessionIdIsStablePerNegotiatorAndVersionIsTheCallers() throws Exception {
        SdpNegotiator n = new SdpNegotiator("sscp-bridge", "10.0.0.1");
        long id = n.sessionId();
        assertTrue(id >= 1 && id < (1L << 32), "session id " + id);
        assertEquals(-1, n.sessionVersion());
        for (long version = 0; version < 3; version++) {
            Origin o = parse(n.offer(PHONE, version)).getOrigin();
            assertEquals(id, o.getSessionId());
            assertEquals(version, o.getSessionVersion());
            assertEquals(version, n.sessionVersion());
        }
    }

    @Test
    void sessionNameAndOriginAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SdpNegotiator("a\r\nb=x", "10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> new SdpNegotiator("x", "pbx.example.com"));
        assertThrows(IllegalArgumentException.class, () -> new SdpNegotiator("x", "10.0.0.256"));
        assertThrows(IllegalArgumentException.class, () -> new SdpNegotiator("x", "10.0.0.1", -1));
        assertThrows(NullPointerException.class, () -> new SdpNegotiator(null, "10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> negotiator.offer(PHONE, -1));
        assertThrows(NullPointerException.class, () -> negotiator.offer(null, 1));
    }

    @Test
    void blankSessionNameBecomesDash() throws Exception {
        SdpNegotiator n = new SdpNegotiator(" ", "10.0.0.1", 5);
        assertEquals("-", parse(n.offer(PHONE, 1)).getSessionName().getValue());
    }

    @Test
    void offerIsAcceptedByAnotherNegotiatorAndItsAnswerReadBack() throws Exception {
        SdpNegotiator far = new SdpNegotiator("far", "192.0.2.9", 1);
        MediaOffer farMedia = new MediaOffer("192.0.2.10", 30000,
                List.of(Codec.PCMU, Codec.G729, Codec.TELEPHONE_EVENT), 20, Direction.SEND_RECV);
        byte[] offer = negotiator.offer(PHONE, 1);
        SdpNegotiator.Answer answer = far.answer(offer, farMedia);
        // The far end picks in the offer's order: PCMA is not in its list, PCMU is.
        assertEquals(new NegotiatedMedia("192.168.10.23", 16000, Codec.PCMU, Optional.of(Codec.TELEPHONE_EVENT),
                20, Direction.SEND_RECV), answer.media());
        NegotiatedMedia ours = negotiator.readAnswer(answer.sdp(), PHONE);
        assertEquals(new NegotiatedMedia("192.0.2.10", 30000, Codec.PCMU, Optional.of(Codec.TELEPHONE_EVENT),
                20, Direction.SEND_RECV), ours);
    }

    @Test
    void offerBytesAreFreshEachTime() {
        byte[] a = negotiator.offer(PHONE, 3);
        byte[] b = negotiator.offer(PHONE, 3);
        assertArrayEquals(a, b);
        a[0] = 'x';
        assertEquals('v', negotiator.offer(PHONE, 3)[0]);
    }
}
