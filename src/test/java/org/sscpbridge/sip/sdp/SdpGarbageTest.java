package org.sscpbridge.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.sscpbridge.sip.sdp.Samples.PHONE;
import static org.sscpbridge.sip.sdp.Samples.bytes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed input: only ever an {@link SdpException}, and nothing printed by the SDP parser. */
class SdpGarbageTest {

    private static final List<String> SAMPLES = List.of(Samples.BARESIP, Samples.ASTERISK, Samples.KAMAILIO_TRUNK,
            Samples.LINPHONE, Samples.IPV6, Samples.OPUS_ONLY);

    private final SdpNegotiator negotiator = new SdpNegotiator("sscp-bridge", "10.0.0.1", 1L);

    /** Runs both entry points; anything but a result or an SdpException fails the test. */
    private void feed(byte[] body) {
        try {
            negotiator.answer(body, PHONE);
        } catch (SdpException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        } catch (Throwable t) {
            fail("answer() threw " + t + " for:\n" + new String(body, StandardCharsets.ISO_8859_1), t);
        }
        try {
            negotiator.readAnswer(body, PHONE);
        } catch (SdpException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        } catch (Throwable t) {
            fail("readAnswer() threw " + t + " for:\n" + new String(body, StandardCharsets.ISO_8859_1), t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        " ",
        "\r\n",
        "garbage",
        "v=1\r\nm=audio 4000 RTP/AVP 0\r\n",
        "m=audio 4000 RTP/AVP 0\r\nv=0\r\n",
        "v=0",
        "v=0\r\n",
        "v=0\r\nx\r\n",
        "v=0\r\n=\r\n",
        "v=0\r\nM=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nm=\r\n",
        "v=0\r\nm=audio\r\n",
        "v=0\r\nm=audio 4000\r\n",
        "v=0\r\nm=audio x RTP/AVP 0\r\n",
        "v=0\r\nm=audio -1 RTP/AVP 0\r\n",
        "v=0\r\nm=audio 99999 RTP/AVP 0\r\n",
        "v=0\r\nm=audio 70000 RTP/AVP 0\r\n",
        "v=0\r\nm=audio 4000/x RTP/AVP 0\r\n",
        "v=0\r\nc=\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=IN\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=IN IP4\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4/x\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=XX YY ZZ\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP abc 999 -1\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=\r\na=:\r\na=rtpmap:\r\na=rtpmap:x\r\na=rtpmap:96 /\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 96\r\na=rtpmap:96 PCMU/x\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 96\r\na=rtpmap:96 PCMU/-8000\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=ptime:\r\na=ptime:NaN\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=ptime:1e309\r\n",
        "v=0\r\no=\r\ns=\r\nt=\r\nb=AS:abc\r\ne=\r\np=\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\u0000\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\rm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=sendonly\r\na=recvonly\r\na=inactive\r\n",
        "v=0\r\nc=IN IP6 ::1%lo\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=IN IP6 [::1]\r\nm=audio 4000 RTP/AVP 0\r\n",
        "\uFEFFv=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000/1/2/3/4\r\n",
        "v=0\r\nc=IN IP4 \u00e9\u00e9\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nc=IN IP4 1.2.3.4\r\nm=\u00e9udio 4000 RTP/AVP 0\r\n",
    })
    void garbageIsAnSdpException(String text) {
        feed(bytes(text));
    }

    @Test
    void emptyAndNullAreSdpExceptions() {
        SdpException e = assertThrows(SdpException.class, () -> negotiator.answer(null, PHONE));
        assertEquals("the SDP offer is empty", e.getMessage());
        e = assertThrows(SdpException.class, () -> negotiator.readAnswer(new byte[0], PHONE));
        assertEquals("the SDP answer is empty", e.getMessage());
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsing() {
        byte[] big = bytes(Samples.ASTERISK + "a=x:" + "y".repeat(SdpNegotiator.MAX_SDP_BYTES) + "\r\n");
        SdpException e = assertThrows(SdpException.class, () -> negotiator.answer(big, PHONE));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void manyMediaLinesAreFine() throws Exception {
        StringBuilder sdp = new StringBuilder("v=0\r\nc=IN IP4 192.0.2.1\r\n");
        for (int i = 0; i < 500; i++) {
            sdp.append("m=video ").append(6000 + i).append(" RTP/AVP 96\r\n");
        }
        sdp.append("m=audio 4000 RTP/AVP 0\r\n");
        assertEquals(501, Samples.media(Samples.parse(negotiator.answer(bytes(sdp.toString()), PHONE).sdp())).size());
    }

    @Test
    void everyTruncationOfTheSamples() {
        String err = quietly(() -> {
            for (String sample : SAMPLES) {
                byte[] full = bytes(Samples.crlf(sample.replace("\r\n", "\n")));
                for (int length = 0; length <= full.length; length++) {
                    feed(Arrays.copyOf(full, length));
                }
            }
        });
        assertEquals("", err, "the parser printed to System.err");
    }

    @Test
    void randomMutationsOfTheSamples() {
        Random random = new Random(4566L);
        byte[] nasty = bytes("=/: \t\r\n0123456789-.*#[]%abcmvoIPN\u00e9");
        String err = quietly(() -> {
            for (int round = 0; round < 3000; round++) {
                byte[] body = bytes(SAMPLES.get(round % SAMPLES.size()));
                int edits = 1 + random.nextInt(6);
                for (int e = 0; e < edits; e++) {
                    int at = random.nextInt(body.length);
                    switch (random.nextInt(4)) {
                        case 0 -> body[at] = nasty[random.nextInt(nasty.length)];
                        case 1 -> body[at] = (byte) random.nextInt(256);
                        case 2 -> body = splice(body, at, Math.min(body.length, at + random.nextInt(20)), new byte[0]);
                        default -> {
                            int from = random.nextInt(body.length);
                            int to = Math.min(body.length, from + random.nextInt(40));
                            body = splice(body, at, at, Arrays.copyOfRange(body, from, to));
                        }
                    }
                    if (body.length == 0) {
                        break;
                    }
                }
                feed(body);
            }
        });
        assertEquals("", err, "the parser printed to System.err");
    }

    @Test
    void randomBytes() {
        Random random = new Random(3264L);
        String err = quietly(() -> {
            for (int round = 0; round < 2000; round++) {
                byte[] body = new byte[random.nextInt(300)];
                random.nextBytes(body);
                if (round % 2 == 0 && body.length > 4) {
                    body[0] = 'v';
                    body[1] = '=';
                    body[2] = '0';
                    body[3] = '\n';
                }
                feed(body);
            }
        });
        assertEquals("", err, "the parser printed to System.err");
    }

    private static byte[] splice(byte[] body, int from, int to, byte[] insert) {
        byte[] out = new byte[body.length - (to - from) + insert.length];
        System.arraycopy(body, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(body, to, out, from + insert.length, body.length - to);
        return out;
    }

    /**
     * Runs {@code action} with System.err captured, returns what this thread printed (other threads'
     * output, e.g. a SIP stack of another test being finalized, passes through).
     */
    private static String quietly(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread caller = Thread.currentThread();
        java.io.OutputStream split = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                if (Thread.currentThread() == caller) {
                    synchronized (captured) {
                        captured.write(b);
                    }
                } else {
                    saved.write(b);
                }
            }
        };
        System.setErr(new PrintStream(split, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }
}
