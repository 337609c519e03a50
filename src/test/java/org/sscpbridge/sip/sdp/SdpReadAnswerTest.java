package org.sscpbridge.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscpbridge.sip.sdp.Samples.PHONE;
import static org.sscpbridge.sip.sdp.Samples.bytes;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SdpNegotiator#readAnswer}: the far end's answer to the phone's offer. */
class SdpReadAnswerTest {

    private static final String HEAD = "v=0\r\no=- 5 5 IN IP4 10.10.0.5\r\ns=Asterisk\r\nc=IN IP4 10.10.0.5\r\nt=0 0\r\n";

    private final SdpNegotiator negotiator = new SdpNegotiator("sscp-bridge", "10.0.0.1", 1L);

    private NegotiatedMedia read(String answer) throws SdpException {
        return negotiator.readAnswer(bytes(answer), PHONE);
    }

    @Test
    void asteriskAnswer() throws Exception {
        NegotiatedMedia media = read(HEAD + """
                m=audio 16384 RTP/AVP 8 101
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=maxptime:150
                a=sendrecv
                """);
        assertEquals(new NegotiatedMedia("10.10.0.5", 16384, Codec.PCMA, Optional.of(Codec.TELEPHONE_EVENT), 20,
                Direction.SEND_RECV), media);
    }

    @Test
    void firstOfTheAnswersFormatsThatWeOffered() throws Exception {
        // We prefer PCMA, but the answer's order decides: it lists PCMU first.
        assertEquals(Codec.PCMU, read(HEAD + "m=audio 4000 RTP/AVP 18 0 8\r\n").codec());
        assertEquals(Codec.PCMA, read(HEAD + "m=audio 4000 RTP/AVP 96 8 0\r\na=rtpmap:96 opus/48000/2\r\n").codec());
    }

    @Test
    void staticTypesWithoutRtpmapAndDynamicOnesByRtpmap() throws Exception {
        NegotiatedMedia media = read(HEAD + "m=audio 4000 RTP/AVP 100 110\r\na=rtpmap:100 PCMU/8000\r\n"
                + "a=rtpmap:110 telephone-event/8000\r\na=fmtp:110 0-15\r\n");
        assertEquals(new Codec("PCMU", 100, 8000), media.codec());
        assertEquals(Optional.of(new Codec("telephone-event", 110, 8000)), media.dtmf());
        assertEquals(Optional.empty(), read(HEAD + "m=audio 4000 RTP/AVP 0\r\n").dtmf());
    }

    @Test
    void baresipAnswer() throws Exception {
        String answer = """
                v=0
                o=- 3049253436 3049253437 IN IP4 192.168.1.50
                s=-
                c=IN IP4 192.168.1.50
                t=0 0
                a=tool:baresip 3.10.1
                m=audio 25482 RTP/AVP 0 101
                b=AS:80
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-15
                a=sendrecv
                a=rtcp-rsize
                a=ssrc:1187431347 cname:9a0fa6d5-4b2a-4a7a-9a8b-ce2f7e9b6d5e
                a=ptime:20
                """;
        assertEquals(new NegotiatedMedia("192.168.1.50", 25482, Codec.PCMU, Optional.of(Codec.TELEPHONE_EVENT), 20,
                Direction.SEND_RECV), read(answer));
    }

    @Test
    void linphoneAnswerWithRejectedVideoFirst() throws Exception {
        String answer = HEAD + "m=video 0 RTP/AVP 96\r\nm=audio 7078 RTP/AVP 0 101\r\nc=IN IP4 192.168.0.20\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n";
        NegotiatedMedia media = read(answer);
        assertEquals("192.168.0.20", media.remoteIp());
        assertEquals(7078, media.remotePort());
        assertEquals(Codec.PCMU, media.codec());
    }

    @Test
    void ipv6Answer() throws Exception {
        NegotiatedMedia media = read("v=0\r\no=- 1 1 IN IP6 2001:db8::7\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 8\r\nc=IN IP6 2001:DB8::7\r\n");
        assertEquals("2001:DB8::7", media.remoteIp());
        assertEquals(Codec.PCMA, media.codec());
    }

    @Test
    void rejectedAudioIsAClearNoCommonCodec() {
        NoCommonCodecException e = assertThrows(NoCommonCodecException.class,
                () -> read(HEAD + "m=audio 0 RTP/AVP 8\r\n"));
        assertEquals("the far end rejected the audio stream (port 0)", e.getMessage());
    }

    @Test
    void noOfferedCodecInTheAnswer() {
        NoCommonCodecException e = assertThrows(NoCommonCodecException.class,
                () -> read(HEAD + "m=audio 4000 RTP/AVP 18 101\r\na=rtpmap:101 telephone-event/8000\r\n"));
        assertTrue(e.getMessage().contains("none of the offered codecs"), e.getMessage());
    }

    @Test
    void otherProblemsArePlainSdpExceptions() {
        List<String> answers = List.of(
                HEAD,                                                     // no m-line
                HEAD + "m=video 4000 RTP/AVP 96\r\n",                     // no audio
                HEAD + "m=audio 4000 RTP/SAVP 0\r\n",                     // SRTP
                "v=0\r\nm=audio 4000 RTP/AVP 0\r\n",                      // no c=
                "v=0\r\nc=IN IP4 host.example\r\nm=audio 4000 RTP/AVP 0\r\n");
        for (String answer : answers) {
            SdpException e = assertThrows(SdpException.class, () -> read(answer), answer);
            assertEquals(SdpException.class, e.getClass(), e.getMessage());
        }
    }

    @ParameterizedTest(name = "answer {0}, c={1}, we offered {2} -> {3}")
    @CsvSource({
        "sendrecv, 10.10.0.5, SEND_RECV, SEND_RECV",
        "'',       10.10.0.5, SEND_RECV, SEND_RECV",
        "recvonly, 10.10.0.5, SEND_RECV, SEND_ONLY",
        "sendonly, 10.10.0.5, SEND_RECV, RECV_ONLY",
        "inactive, 10.10.0.5, SEND_RECV, INACTIVE",
        "sendrecv, 0.0.0.0,   SEND_RECV, RECV_ONLY",
        "recvonly, 10.10.0.5, SEND_ONLY, SEND_ONLY",
        "sendrecv, 10.10.0.5, SEND_ONLY, SEND_ONLY",
        "inactive, 10.10.0.5, SEND_ONLY, INACTIVE",
        "sendonly, 10.10.0.5, RECV_ONLY, RECV_ONLY",
        "sendrecv, 10.10.0.5, INACTIVE,  INACTIVE",
    })
    void directionFromThePhonesPointOfView(String attribute, String address, Direction offered, Direction expected)
            throws Exception {
        MediaOffer offer = new MediaOffer(PHONE.ip(), PHONE.port(), PHONE.codecs(), 20, offered);
        String answer = "v=0\r\nc=IN IP4 " + address + "\r\nm=audio 4000 RTP/AVP 0\r\n"
                + (attribute.isEmpty() ? "" : "a=" + attribute + "\r\n");
        assertEquals(expected, negotiator.readAnswer(bytes(answer), offer).direction());
    }

    @Test
    void sessionLevelDirection() throws Exception {
        assertEquals(Direction.SEND_ONLY,
                read("v=0\r\nc=IN IP4 10.0.0.9\r\na=recvonly\r\nm=audio 4000 RTP/AVP 0\r\n").direction());
    }

    @ParameterizedTest(name = "answer ptime {0} -> {1}")
    @CsvSource({"30, 30", "40, 40", "0, 20", "1000, 20", "x, 20"})
    void ptime(String ptime, int expected) throws Exception {
        assertEquals(expected, read(HEAD + "m=audio 4000 RTP/AVP 0\r\na=ptime:" + ptime + "\r\n").ptimeMillis());
    }

    @Test
    void telephoneEventAtAnotherRateIsNotOurs() throws Exception {
        NegotiatedMedia media = read(HEAD + "m=audio 4000 RTP/AVP 0 97\r\na=rtpmap:97 telephone-event/48000\r\n");
        assertEquals(Optional.empty(), media.dtmf());
    }
}
