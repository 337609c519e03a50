package org.sscpbridge.sip.sdp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Vector;
import javax.sdp.Attribute;
import javax.sdp.MediaDescription;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;

/** Real-world-shaped SDP bodies and helpers shared by the SDP tests. */
final class Samples {
    private Samples() {
    }

    /** baresip 3.x: opus, G722, G.711 and telephone-event, session-level c=, a tool line, b=AS. */
    static final String BARESIP = """
            v=0
            o=- 1204283371 2818467373 IN IP4 192.168.1.50
            s=-
            c=IN IP4 192.168.1.50
            t=0 0
            a=tool:baresip 3.10.1
            m=audio 25482 RTP/AVP 96 9 0 8 101
            b=AS:128
            a=rtpmap:96 opus/48000/2
            a=fmtp:96 stereo=1;sprop-stereo=1
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=sendrecv
            a=label:1
            a=ssrc:3163464838 cname:5e7fbe2a-a2b4-4a45-b7a8-3b5f4b4b1f5c
            a=rtcp-rsize
            a=ptime:20
            """;

    /** Asterisk 20 (chan_pjsip): PCMA first, maxptime, CRLF line ends. */
    static final String ASTERISK = crlf("""
            v=0
            o=- 1717171717 1717171719 IN IP4 10.10.0.5
            s=Asterisk
            c=IN IP4 10.10.0.5
            t=0 0
            m=audio 16384 RTP/AVP 8 0 3 101
            a=rtpmap:8 PCMA/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:3 GSM/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=ptime:20
            a=maxptime:150
            a=sendrecv
            """);

    /** A SIP trunk's offer as relayed by Kamailio: G729 first, telephone-event on 96, ptime 30, a=rtcp. */
    static final String KAMAILIO_TRUNK = crlf("""
            v=0
            o=root 28153 28153 IN IP4 203.0.113.7
            s=call
            c=IN IP4 203.0.113.7
            t=0 0
            m=audio 30000 RTP/AVP 18 0 96
            a=rtpmap:18 G729/8000
            a=fmtp:18 annexb=no
            a=rtpmap:0 PCMU/8000
            a=rtpmap:96 telephone-event/8000
            a=fmtp:96 0-15
            a=ptime:30
            a=sendrecv
            a=rtcp:30001
            a=nortpproxy:yes
            """);

    /** Linphone: opus, PCMU without rtpmap, two telephone-events, rtcp-fb, and a video stream. */
    static final String LINPHONE = """
            v=0
            o=alice 2845 1398 IN IP4 192.168.0.20
            s=Talk
            c=IN IP4 192.168.0.20
            t=0 0
            a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
            m=audio 7078 RTP/AVP 96 0 8 97 101
            a=rtpmap:96 opus/48000/2
            a=fmtp:96 useinbandfec=1
            a=rtpmap:97 telephone-event/48000
            a=rtpmap:101 telephone-event/8000
            a=rtcp-fb:* trr-int 1000
            a=rtcp-fb:* ccm tmmbr
            m=video 9078 RTP/AVP 96 97
            a=rtpmap:96 VP8/90000
            a=rtpmap:97 H264/90000
            a=fmtp:97 profile-level-id=42801F
            """;

    /** IPv6 everywhere, media-level c=, only PCMA. */
    static final String IPV6 = """
            v=0
            o=- 42 42 IN IP6 2001:db8::10
            s=-
            t=0 0
            m=audio 40000 RTP/AVP 8 101
            c=IN IP6 2001:db8::10
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            """;

    /** Opus only: nothing in common with a G.711 phone. */
    static final String OPUS_ONLY = """
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            m=audio 5004 RTP/AVP 111
            a=rtpmap:111 opus/48000/2
            """;

    static final MediaOffer PHONE = new MediaOffer("192.168.10.23", 16000,
            List.of(Codec.PCMA, Codec.PCMU, Codec.TELEPHONE_EVENT), 20, Direction.SEND_RECV);

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String crlf(String text) {
        return text.replace("\n", "\r\n");
    }

    static SessionDescription parse(byte[] sdp) throws Exception {
        return SdpFactory.getInstance().createSessionDescription(new String(sdp, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("rawtypes")
    static List<MediaDescription> media(SessionDescription sd) throws Exception {
        Vector v = sd.getMediaDescriptions(false);
        return v.stream().map(o -> (MediaDescription) o).toList();
    }

    /** The attributes of a media description as "name" or "name:value". */
    @SuppressWarnings("rawtypes")
    static List<String> attributes(MediaDescription md) {
        Vector v = md.getAttributes(false);
        return v.stream().map(o -> {
            Attribute a = (Attribute) o;
            try {
                return a.getValue() == null ? a.getName() : a.getName() + ":" + a.getValue();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @SuppressWarnings("rawtypes")
    static List<String> formats(MediaDescription md) throws Exception {
        Vector v = md.getMedia().getMediaFormats(false);
        return v.stream().map(Object::toString).toList();
    }
}
