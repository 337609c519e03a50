package org.sscpbridge.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscpbridge.sip.sdp.Samples.PHONE;
import static org.sscpbridge.sip.sdp.Samples.attributes;
import static org.sscpbridge.sip.sdp.Samples.bytes;
import static org.sscpbridge.sip.sdp.Samples.formats;
import static org.sscpbridge.sip.sdp.Samples.media;
import static org.sscpbridge.sip.sdp.Samples.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sdp.MediaDescription;
import javax.sdp.SessionDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SdpNegotiator#answer}: the bridge answering the far end's offer for the phone. */
class SdpAnswerTest {

    private final SdpNegotiator negotiator = new SdpNegotiator("sscp-bridge", "10.0.0.1", 777L);

    private static final MediaOffer WITH_G729 = new MediaOffer("192.168.10.23", 16000,
            List.of(Codec.PCMU, Codec.PCMA, Codec.G729, Codec.TELEPHONE_EVENT), 20, Direction.SEND_RECV);

    @Test
    void baresip() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(bytes(Samples.BARESIP), PHONE);
        // The offer's order wins: opus and G722 are not the phone's, PCMU comes before PCMA.
        assertEquals(new NegotiatedMedia("192.168.1.50", 25482, Codec.PCMU, Optional.of(Codec.TELEPHONE_EVENT), 20,
                Direction.SEND_RECV), answer.media());
        SessionDescription sd = parse(answer.sdp());
        assertEquals(777L, sd.getOrigin().getSessionId());
        assertEquals("10.0.0.1", sd.getOrigin().getAddress());
        assertEquals("sscp-bridge", sd.getSessionName().getValue());
        assertEquals("192.168.10.23", sd.getConnection().getAddress());
        assertEquals("IP4", sd.getConnection().getAddressType());
        List<MediaDescription> media = media(sd);
        assertEquals(1, media.size());
        MediaDescription audio = media.get(0);
        assertEquals("audio", audio.getMedia().getMediaType());
        assertEquals(16000, audio.getMedia().getMediaPort());
        assertEquals("RTP/AVP", audio.getMedia().getProtocol());
        assertEquals(List.of("0", "101"), formats(audio));
        assertEquals(List.of("rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/8000", "fmtp:101 0-16", "ptime:20",
                "sendrecv"), attributes(audio));
    }

    @Test
    void asterisk() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(bytes(Samples.ASTERISK), PHONE);
        assertEquals(new NegotiatedMedia("10.10.0.5", 16384, Codec.PCMA, Optional.of(Codec.TELEPHONE_EVENT), 20,
                Direction.SEND_RECV), answer.media());
        assertEquals(List.of("8", "101"), formats(media(parse(answer.sdp())).get(0)));
    }

    @Test
    void kamailioRelayedTrunkEchoesTheOfferersPayloadTypes() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(bytes(Samples.KAMAILIO_TRUNK), WITH_G729);
        Codec dtmf96 = new Codec("telephone-event", 96, 8000);
        // G729 first in the offer; telephone-event on the offerer's 96; the offerer's ptime 30.
        assertEquals(new NegotiatedMedia("203.0.113.7", 30000, Codec.G729, Optional.of(dtmf96), 30,
                Direction.SEND_RECV), answer.media());
        MediaDescription audio = media(parse(answer.sdp())).get(0);
        assertEquals(List.of("18", "96"), formats(audio));
        assertEquals(List.of("rtpmap:18 G729/8000", "rtpmap:96 telephone-event/8000", "fmtp:96 0-16", "ptime:20",
                "sendrecv"), attributes(audio));
    }

    @Test
    void kamailioRelayedTrunkWithoutG729OnThePhone() throws Exception {
        NegotiatedMedia media = negotiator.answer(bytes(Samples.KAMAILIO_TRUNK), PHONE).media();
        assertEquals(Codec.PCMU, media.codec());
        assertEquals(Optional.of(new Codec("telephone-event", 96, 8000)), media.dtmf());
    }

    @Test
    void linphoneWithVideoGetsTheVideoRejected() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(bytes(Samples.LINPHONE), PHONE);
        // PCMU has no rtpmap (static 0); telephone-event/48000 is not ours, telephone-event/8000 on 101 is.
        assertEquals(new NegotiatedMedia("192.168.0.20", 7078, Codec.PCMU, Optional.of(Codec.TELEPHONE_EVENT), 20,
                Direction.SEND_RECV), answer.media());
        List<MediaDescription> media = media(parse(answer.sdp()));
        assertEquals(2, media.size(), "as many m-lines as the offer");
        assertEquals(List.of("0", "101"), formats(media.get(0)));
        MediaDescription video = media.get(1);
        assertEquals("video", video.getMedia().getMediaType());
        assertEquals(0, video.getMedia().getMediaPort());
        assertEquals("RTP/AVP", video.getMedia().getProtocol());
        assertEquals(List.of("96", "97"), formats(video));
        assertEquals(List.of(), attributes(video));
    }

    @Test
    void ipv6Offer() throws Exception {
        NegotiatedMedia media = negotiator.answer(bytes(Samples.IPV6), PHONE).media();
        assertEquals(new NegotiatedMedia("2001:db8::10", 40000, Codec.PCMA, Optional.of(Codec.TELEPHONE_EVENT), 20,
                Direction.SEND_RECV), media);
    }

    @Test
    void ipv6PhoneAnswers() throws Exception {
        MediaOffer phone6 = new MediaOffer("2001:db8::23", 16000, List.of(Codec.PCMA), 20, Direction.SEND_RECV);
        SdpNegotiator n = new SdpNegotiator("sscp-bridge", "2001:db8::1", 5);
        SdpNegotiator.Answer answer = n.answer(bytes(Samples.IPV6), phone6);
        SessionDescription sd = parse(answer.sdp());
        assertEquals("IP6", sd.getConnection().getAddressType());
        assertEquals("2001:db8::23", sd.getConnection().getAddress());
        assertEquals("IP6", sd.getOrigin().getAddressType());
        assertEquals(Optional.empty(), answer.media().dtmf(), "the phone has no telephone-event");
        assertEquals(List.of("8"), formats(media(sd).get(0)));
    }

    @ParameterizedTest(name = "offer [{0}], phone [{1}] -> {2}")
    @CsvSource(delimiter = ';', value = {
        "0 8;        PCMA PCMU;                 PCMU",
        "8 0;        PCMU PCMA;                 PCMA",
        "18 8 0;     PCMU PCMA;                 PCMA",
        "18 8 0;     PCMU G729;                 G729",
        "3 9 0;      PCMA PCMU;                 PCMU",
        "101 0 8;    PCMA PCMU TELEPHONE-EVENT; PCMU",
        "13 8;       PCMU PCMA;                 PCMA",
        "0;          PCMU;                      PCMU",
        "96 97 8 0;  PCMU PCMA;                 PCMA",
    })
    void intersectionFollowsTheOffersOrder(String offered, String phone, String expected) throws Exception {
        String offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                + "m=audio 5000 RTP/AVP " + offered + "\r\n"
                + "a=rtpmap:96 opus/48000/2\r\na=rtpmap:97 iLBC/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
        List<Codec> codecs = new ArrayList<>();
        for (String name : phone.split(" ")) {
            codecs.add(Codec.byName(name).orElseThrow());
        }
        MediaOffer local = new MediaOffer("192.168.10.23", 16000, codecs, 20, Direction.SEND_RECV);
        SdpNegotiator.Answer answer = negotiator.answer(bytes(offer), local);
        Codec want = Codec.byName(expected).orElseThrow();
        assertEquals(want, answer.media().codec());
        List<String> answered = formats(media(parse(answer.sdp())).get(0));
        assertEquals(String.valueOf(want.payloadType()), answered.get(0));
        assertEquals(1 + (answer.media().dtmf().isPresent() ? 1 : 0), answered.size(), "one voice codec only");
    }

    @Test
    void dynamicPayloadTypesForStaticCodecsAreEchoed() throws Exception {
        String offer = """
                v=0
                o=- 1 1 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 5000 RTP/AVP 97 98
                a=rtpmap:97 pcma/8000
                a=rtpmap:98 Telephone-Event/8000
                """;
        SdpNegotiator.Answer answer = negotiator.answer(bytes(offer), PHONE);
        assertEquals(new Codec("PCMA", 97, 8000), answer.media().codec());
        assertEquals(Optional.of(new Codec("telephone-event", 98, 8000)), answer.media().dtmf());
        MediaDescription audio = media(parse(answer.sdp())).get(0);
        assertEquals(List.of("97", "98"), formats(audio));
        assertTrue(attributes(audio).contains("rtpmap:97 PCMA/8000"));
        assertTrue(attributes(audio).contains("fmtp:98 0-16"));
    }

    @Test
    void theFirstUsableAudioStreamIsTakenTheOthersRejected() throws Exception {
        String offer = """
                v=0
                o=- 1 1 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=video 6000 RTP/AVP 96
                a=rtpmap:96 H264/90000
                m=audio 5000 RTP/SAVP 0
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj
                m=audio 5002 RTP/AVP 111
                a=rtpmap:111 opus/48000/2
                m=audio 5004 RTP/AVP 8
                c=IN IP4 192.0.2.44
                m=audio 5006 RTP/AVP 0
                m=application 7000 UDP/BFCP *
                """;
        SdpNegotiator.Answer answer = negotiator.answer(bytes(offer), PHONE);
        assertEquals("192.0.2.44", answer.media().remoteIp());
        assertEquals(5004, answer.media().remotePort());
        assertEquals(Codec.PCMA, answer.media().codec());
        List<MediaDescription> media = media(parse(answer.sdp()));
        assertEquals(6, media.size());
        int[] ports = new int[6];
        for (int i = 0; i < 6; i++) {
            ports[i] = media.get(i).getMedia().getMediaPort();
        }
        assertEquals("[0, 0, 0, 16000, 0, 0]", Arrays.toString(ports));
        assertEquals("RTP/SAVP", media.get(1).getMedia().getProtocol());
        assertEquals(List.of("*"), formats(media.get(5)));
        assertEquals("UDP/BFCP", media.get(5).getMedia().getProtocol());
    }

    @Test
    void avpfIsAnsweredAsAvpf() throws Exception {
        String offer = Samples.ASTERISK.replace("RTP/AVP", "RTP/AVPF");
        MediaDescription audio = media(parse(negotiator.answer(bytes(offer), PHONE).sdp())).get(0);
        assertEquals("RTP/AVPF", audio.getMedia().getProtocol());
    }

    @ParameterizedTest(name = "{0}: 488 ({1})")
    @CsvSource(delimiter = ';', value = {
        "opus only;           no codec in common",
        "telephone-event only; no codec in common",
        "video only;          no audio stream",
        "no m-line;           no audio stream",
        "audio port 0;        disabled (port 0)",
        "SRTP only;           RTP/SAVP",
        "unknown dynamic pt;  no codec in common",
    })
    void noCommonCodecIs488(String name, String reason) {
        String head = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";
        String body = switch (name) {
            case "opus only" -> Samples.OPUS_ONLY;
            case "telephone-event only" -> head + "m=audio 5000 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\n";
            case "video only" -> head + "m=video 5000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";
            case "no m-line" -> head;
            case "audio port 0" -> head + "m=audio 0 RTP/AVP 0 8\r\n";
            case "SRTP only" -> head + "m=audio 5000 RTP/SAVP 0 8\r\n";
            case "unknown dynamic pt" -> head + "m=audio 5000 RTP/AVP 96\r\n";
            default -> throw new IllegalArgumentException(name);
        };
        NoCommonCodecException e = assertThrows(NoCommonCodecException.class,
                () -> negotiator.answer(bytes(body), PHONE));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void noCommonCodecMessageListsBothSides() {
        NoCommonCodecException e = assertThrows(NoCommonCodecException.class,
                () -> negotiator.answer(bytes(Samples.OPUS_ONLY), PHONE));
        assertEquals("no codec in common: the offer has [opus/48000], the phone [PCMA/8000, PCMU/8000, "
                + "telephone-event/8000]", e.getMessage());
    }

    @ParameterizedTest(name = "offer {0} at {1} level, c={2}, phone {3} -> {4}")
    @CsvSource({
        "sendrecv, media,   192.0.2.1, SEND_RECV, SEND_RECV",
        "sendonly, media,   192.0.2.1, SEND_RECV, RECV_ONLY",
        "recvonly, media,   192.0.2.1, SEND_RECV, SEND_ONLY",
        "inactive, media,   192.0.2.1, SEND_RECV, INACTIVE",
        "'',       media,   192.0.2.1, SEND_RECV, SEND_RECV",
        "sendrecv, media,   0.0.0.0,   SEND_RECV, RECV_ONLY",
        "'',       media,   0.0.0.0,   SEND_RECV, RECV_ONLY",
        "sendonly, media,   0.0.0.0,   SEND_RECV, RECV_ONLY",
        "recvonly, media,   0.0.0.0,   SEND_RECV, INACTIVE",
        "sendrecv, media,   192.0.2.1, SEND_ONLY, SEND_ONLY",
        "sendonly, media,   192.0.2.1, SEND_ONLY, INACTIVE",
        "recvonly, media,   192.0.2.1, RECV_ONLY, INACTIVE",
        "recvonly, media,   192.0.2.1, SEND_ONLY, SEND_ONLY",
        "sendrecv, media,   192.0.2.1, INACTIVE,  INACTIVE",
        "sendonly, session, 192.0.2.1, SEND_RECV, RECV_ONLY",
        "inactive, session, 192.0.2.1, SEND_RECV, INACTIVE",
        "sendrecv, media,   ::,        SEND_RECV, RECV_ONLY",
    })
    void directionIsMirrored(String attribute, String level, String address, Direction phone, Direction expected)
            throws Exception {
        String type = address.contains(":") ? "IP6" : "IP4";
        String sessionAttr = level.equals("session") && !attribute.isEmpty() ? "a=" + attribute + "\r\n" : "";
        String mediaAttr = level.equals("media") && !attribute.isEmpty() ? "a=" + attribute + "\r\n" : "";
        String offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN " + type + " " + address + "\r\nt=0 0\r\n"
                + sessionAttr + "m=audio 5000 RTP/AVP 0\r\n" + mediaAttr;
        MediaOffer local = new MediaOffer("192.168.10.23", 16000, List.of(Codec.PCMU), 20, phone);
        SdpNegotiator.Answer answer = negotiator.answer(bytes(offer), local);
        assertEquals(expected, answer.media().direction());
        assertEquals(address, answer.media().remoteIp());
        List<String> attributes = attributes(media(parse(answer.sdp())).get(0));
        assertEquals(expected.attribute(), attributes.get(attributes.size() - 1));
    }

    @Test
    void mediaLevelDirectionOverridesSessionLevel() throws Exception {
        String offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\na=sendonly\r\n"
                + "m=audio 5000 RTP/AVP 0\r\na=sendrecv\r\n";
        assertEquals(Direction.SEND_RECV, negotiator.answer(bytes(offer), PHONE).media().direction());
    }

    @Test
    void mediaLevelConnectionOverridesSessionLevel() throws Exception {
        String offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                + "m=audio 5000 RTP/AVP 0\r\nc=IN IP4 198.51.100.7\r\n";
        assertEquals("198.51.100.7", negotiator.answer(bytes(offer), PHONE).media().remoteIp());
    }

    @ParameterizedTest(name = "ptime {0} -> {1}")
    @CsvSource({"30, 30", "10, 10", "200, 200", "20.0, 20", "5, 20", "500, 20", "abc, 20", "'', 20"})
    void ptimeIsTheOfferersWhenSane(String ptime, int expected) throws Exception {
        String offer = "v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\na=ptime:" + ptime + "\r\n";
        assertEquals(expected, negotiator.answer(bytes(offer), PHONE).media().ptimeMillis());
    }

    @Test
    void unusableConnectionsAreSdpExceptionsNot488() {
        String[] offers = {
            "v=0\r\nm=audio 5000 RTP/AVP 0\r\n",
            "v=0\r\nc=IN IP4 pbx.example.com\r\nm=audio 5000 RTP/AVP 0\r\n",
            "v=0\r\nc=IN IP4 2001:db8::1\r\nm=audio 5000 RTP/AVP 0\r\n",
            "v=0\r\nc=IN IP6 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\n",
            "v=0\r\nc=IN IP4 192.0.2.300\r\nm=audio 5000 RTP/AVP 0\r\n",
        };
        for (String offer : offers) {
            SdpException e = assertThrows(SdpException.class, () -> negotiator.answer(bytes(offer), PHONE), offer);
            assertEquals(SdpException.class, e.getClass(), offer + ": " + e.getMessage());
        }
    }

    @Test
    void answerVersionMovesOnlyWhenTheAnswerChanges() throws Exception {
        SdpNegotiator n = new SdpNegotiator("sscp-bridge", "10.0.0.1", 1);
        long v1 = parse(n.answer(bytes(Samples.ASTERISK), PHONE).sdp()).getOrigin().getSessionVersion();
        long v2 = parse(n.answer(bytes(Samples.ASTERISK), PHONE).sdp()).getOrigin().getSessionVersion();
        assertEquals(0, v1);
        assertEquals(v1, v2, "same answer, same version");
        MediaOffer hold = new MediaOffer(PHONE.ip(), PHONE.port(), PHONE.codecs(), 20, Direction.SEND_ONLY);
        long v3 = parse(n.answer(bytes(Samples.ASTERISK), hold).sdp()).getOrigin().getSessionVersion();
        assertEquals(v1 + 1, v3);
        n.offer(PHONE, 10);
        long v4 = parse(n.answer(bytes(Samples.ASTERISK), PHONE).sdp()).getOrigin().getSessionVersion();
        assertEquals(11, v4);
        assertEquals(11, n.sessionVersion());
    }

    @Test
    void answerToStringShowsTheSdp() throws Exception {
        String s = negotiator.answer(bytes(Samples.ASTERISK), PHONE).toString();
        assertTrue(s.contains("m=audio 16000 RTP/AVP 8 101"), s);
    }
}
