package org.sscpbridge.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Codec, Direction and MediaOffer, and the package's import rule. */
class SdpValuesTest {

    @Test
    void knownCodecs() {
        assertEquals(new Codec("PCMU", 0, 8000), Codec.PCMU);
        assertEquals(new Codec("PCMA", 8, 8000), Codec.PCMA);
        assertEquals(new Codec("G729", 18, 8000), Codec.G729);
        assertEquals(new Codec("telephone-event", 101, 8000), Codec.TELEPHONE_EVENT);
        assertEquals("0 PCMU/8000", Codec.PCMU.toString());
        assertTrue(Codec.TELEPHONE_EVENT.isTelephoneEvent());
        assertFalse(Codec.PCMU.isTelephoneEvent());
        assertSame(Codec.PCMU, Codec.PCMU.withPayloadType(0));
        assertEquals(new Codec("PCMU", 96, 8000), Codec.PCMU.withPayloadType(96));
    }

    @ParameterizedTest
    @CsvSource({"PCMU, PCMU", "pcmu, PCMU", "' PCMA ', PCMA", "g729, G729", "Telephone-Event, telephone-event"})
    void byName(String name, String expected) {
        assertEquals(expected, Codec.byName(name).orElseThrow().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "opus", "G722", "PCM", "PCMU/8000"})
    void byNameUnknown(String name) {
        assertEquals(Optional.empty(), Codec.byName(name));
    }

    @Test
    void byNameNull() {
        assertEquals(Optional.empty(), Codec.byName(null));
    }

    @Test
    void codecValidation() {
        assertThrows(IllegalArgumentException.class, () -> new Codec("", 0, 8000));
        assertThrows(IllegalArgumentException.class, () -> new Codec("PC MU", 0, 8000));
        assertThrows(IllegalArgumentException.class, () -> new Codec("PCMU/8000", 0, 8000));
        assertThrows(IllegalArgumentException.class, () -> new Codec("PCMU", -1, 8000));
        assertThrows(IllegalArgumentException.class, () -> new Codec("PCMU", 128, 8000));
        assertThrows(IllegalArgumentException.class, () -> new Codec("PCMU", 0, 0));
        assertThrows(NullPointerException.class, () -> new Codec(null, 0, 8000));
    }

    @ParameterizedTest
    @CsvSource({
        "SEND_RECV, SEND_RECV, sendrecv, true,  true",
        "SEND_ONLY, RECV_ONLY, sendonly, true,  false",
        "RECV_ONLY, SEND_ONLY, recvonly, false, true",
        "INACTIVE,  INACTIVE,  inactive, false, false",
    })
    void directions(Direction d, Direction mirror, String attribute, boolean sends, boolean receives) {
        assertEquals(mirror, d.mirror());
        assertEquals(attribute, d.attribute());
        assertEquals(sends, d.sends());
        assertEquals(receives, d.receives());
        assertEquals(d, Direction.of(sends, receives));
        assertEquals(Optional.of(d), Direction.fromAttribute(attribute.toUpperCase()));
        assertEquals(d, d.and(Direction.SEND_RECV));
        assertEquals(Direction.INACTIVE, d.and(Direction.INACTIVE));
    }

    @Test
    void directionIntersection() {
        assertEquals(Direction.INACTIVE, Direction.SEND_ONLY.and(Direction.RECV_ONLY));
        assertEquals(Direction.SEND_ONLY, Direction.SEND_ONLY.and(Direction.SEND_RECV));
        assertEquals(Optional.empty(), Direction.fromAttribute("rtpmap"));
        assertEquals(Optional.empty(), Direction.fromAttribute(null));
    }

    @Test
    void mediaOfferValidation() {
        List<Codec> g711 = List.of(Codec.PCMU);
        assertEquals("2001:db8::1", new MediaOffer("[2001:db8::1]", 1, g711, 20, Direction.SEND_RECV).ip());
        assertThrows(IllegalArgumentException.class, () -> new MediaOffer("localhost", 1000, g711, 20, Direction.SEND_RECV));
        assertThrows(IllegalArgumentException.class, () -> new MediaOffer("1.2.3", 1000, g711, 20, Direction.SEND_RECV));
        assertThrows(IllegalArgumentException.class, () -> new MediaOffer("fe80::1%eth0", 1000, g711, 20, Direction.SEND_RECV));
        assertThrows(IllegalArgumentException.class, () -> new MediaOffer("1.2.3.4", 0, g711, 20, Direction.SEND_RECV));
        assertThrows(IllegalArgumentException.class, () -> new MediaOffer("1.2.3.4", 65536, g711, 20, Direction.SEND_RECV));
        assertThrows(IllegalArgumentException.class, () -> new MediaOffer("1.2.3.4", 1000, List.of(), 20, Direction.SEND_RECV));
        assertThrows(IllegalArgumentException.class,
                () -> new MediaOffer("1.2.3.4", 1000, List.of(Codec.TELEPHONE_EVENT), 20, Direction.SEND_RECV));
        assertThrows(IllegalArgumentException.class, () -> new MediaOffer("1.2.3.4", 1000,
                List.of(Codec.PCMU, new Codec("PCMA", 0, 8000)), 20, Direction.SEND_RECV));
        assertThrows(IllegalArgumentException.class, () -> new MediaOffer("1.2.3.4", 1000, g711, 0, Direction.SEND_RECV));
        assertThrows(NullPointerException.class, () -> new MediaOffer("1.2.3.4", 1000, g711, 20, null));
        List<Codec> mutable = new ArrayList<>(g711);
        MediaOffer offer = new MediaOffer("1.2.3.4", 1000, mutable, 20, Direction.SEND_RECV);
        mutable.add(Codec.PCMA);
        assertEquals(g711, offer.codecs());
    }

    @Test
    void ipLiterals() {
        assertEquals(Optional.of("IP4"), IpLiteral.addressType("0.0.0.0"));
        assertEquals(Optional.of("IP6"), IpLiteral.addressType("::"));
        assertEquals(Optional.of("IP6"), IpLiteral.addressType("::ffff:192.0.2.1"));
        assertEquals(Optional.empty(), IpLiteral.addressType("01.2.3.4.5"));
        assertEquals(Optional.empty(), IpLiteral.addressType("256.1.1.1"));
        assertEquals(Optional.empty(), IpLiteral.addressType("example.com"));
        assertEquals(Optional.empty(), IpLiteral.addressType("1::2::3"));
        assertEquals(Optional.empty(), IpLiteral.addressType(null));
        assertTrue(IpLiteral.isUnspecified("0.0.0.0"));
        assertTrue(IpLiteral.isUnspecified("::"));
        assertFalse(IpLiteral.isUnspecified("10.0.0.1"));
        assertEquals("224.2.1.1", IpLiteral.strip("224.2.1.1/127/3"));
    }

    @Test
    void sdpPackageNeverImportsSscp() throws IOException {
        Path dir = Path.of("src/main/java/org/sscpbridge/sip/sdp");
        assertTrue(Files.isDirectory(dir), dir.toAbsolutePath().toString());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                assertFalse(text.contains("org.sscpbridge.sscp"), file + " imports sscp");
                assertFalse(text.contains("org.sscpbridge.phone"), file + " imports phone");
            }
        }
    }

    @Test
    void noCommonCodecIsAnSdpException() {
        assertTrue(SdpException.class.isAssignableFrom(NoCommonCodecException.class));
        SdpException e = new SdpException("x", new IllegalStateException());
        assertEquals("x", e.getMessage());
    }
}
