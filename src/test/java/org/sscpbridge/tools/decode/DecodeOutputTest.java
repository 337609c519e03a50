package org.sscpbridge.tools.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sscpbridge.sscp.message.Direction;

/** The text and JSON lines of sscp-decode for every seed fixture and a few datagrams of our own. */
class DecodeOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DatagramDecoder decoder = new DatagramDecoder();

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = DecodeOutputTest.class.getResourceAsStream("/sscp/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    private DecodedDatagram decodeFixture(String name) throws IOException {
        return decoder.decode(RawDatagram.of(name, null, fixture(name)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "seed-09-SpeedDial.xml|phone SpeedDial(9) seq=- <SpeedDial number=3>",
        "seed-09-SpeedDial-labelled.txt|phone SpeedDial(9) seq=- <SpeedDial number=3>",
        "seed-10-Forward.xml|phone Forward(10) seq=- <Address number=1012>",
        "seed-10-Forward-labelled.txt|phone Forward(10) seq=- <Address number=1012>",
        "seed-12-SoftKeyEvent.xml|phone SoftKeyEvent(12) seq=- <Event id=1 name=Redial> <CallIdentifier id=01002007> <Group id=23>",
        "seed-12-SoftKeyEvent-labelled.txt|phone SoftKeyEvent(12) seq=- <Event id=1 name=Redial> <CallIdentifier id=01002007> <Group id=23>",
        "seed-14-PhoneBook.xml|phone PhoneBook(14) seq=- <User id=test1012 lastname=kim firstname=sangmi>",
        "seed-14-PhoneBook-labelled.txt|phone PhoneBook(14) seq=- <User id=test1012 lastname=kim firstname=sangmi>",
    })
    void textOfEachValidSeedFixture(String file, String expected) throws IOException {
        assertEquals(file + ": " + expected, TextFormat.line(decodeFixture(file)));
    }

    @ParameterizedTest
    @CsvSource({"seed-11-HeadsetStatus.xml, 110", "seed-11-HeadsetStatus-labelled.txt, 129"})
    void theHeadsetPlaceholderIsATypedErrorShownWithItsTree(String file, int bytes) throws IOException {
        DecodedDatagram d = decodeFixture(file);
        assertEquals(file + ": phone HeadsetStatus(11) seq=- ERROR 400 bad attribute Mode@type: \"On/Off\" is the seed's"
                + " placeholder, not a value (On or Off) | tree: <SSCP name=HeadsetStatus> <Mode type=On/Off> (" + bytes + " bytes)",
                TextFormat.line(d));

        JsonNode j = JSON.readTree(JsonFormat.line(d));
        assertEquals("HeadsetStatus", j.get("name").asText());
        assertEquals(11, j.get("id").asInt());
        assertEquals(false, j.get("ok").asBoolean());
        assertEquals(400, j.get("error").get("code").asInt());
        assertTrue(j.get("error").get("reason").asText().contains("placeholder"));
        assertEquals("Mode", j.get("elements").get(0).get("name").asText());
        assertEquals("On/Off", j.get("elements").get(0).get("attributes").get("type").asText());
    }

    @ParameterizedTest
    @CsvSource({
        "seed-09-SpeedDial.xml, SpeedDial, 9, SpeedDial, number, 3",
        "seed-10-Forward.xml, Forward, 10, Address, number, 1012",
        "seed-12-SoftKeyEvent.xml, SoftKeyEvent, 12, Event, name, Redial",
        "seed-14-PhoneBook.xml, PhoneBook, 14, User, lastname, kim",
    })
    void jsonOfEachValidSeedFixture(String file, String name, int id, String element, String attribute, String value) throws IOException {
        JsonNode j = JSON.readTree(JsonFormat.line(decodeFixture(file)));
        assertEquals(file, j.get("origin").asText());
        assertEquals(name, j.get("name").asText());
        assertEquals(id, j.get("id").asInt());
        assertEquals("phone", j.get("sender").asText());
        assertTrue(j.get("seq").isNull());
        assertTrue(j.get("ok").asBoolean());
        assertTrue(j.get("error").isNull());
        assertTrue(j.get("time").isNull());
        assertEquals(element, j.get("elements").get(0).get("name").asText());
        assertEquals(value, j.get("elements").get(0).get("attributes").get(attribute).asText());
    }

    @Test
    void aCapturedBridgeMessageShowsTimeAddressesAndSeq() throws Exception {
        byte[] xml = "<SSCP name=\"Display\" seq=\"12\"><Text timeout=\"5\">Call from 1002</Text></SSCP>".getBytes(StandardCharsets.UTF_8);
        RawDatagram raw = new RawDatagram("packet 3", Instant.parse("2026-11-24T10:00:00.123456Z"),
                new InetSocketAddress("127.0.0.1", 2000), new InetSocketAddress("127.0.0.1", 40000), Direction.BRIDGE, xml);
        DecodedDatagram d = decoder.decode(raw);
        assertEquals("2026-11-24T10:00:00.123456Z 127.0.0.1:2000 > 127.0.0.1:40000 bridge Display(107) seq=12 <Text timeout=5>\"Call from 1002\"",
                TextFormat.line(d));
        JsonNode j = JSON.readTree(JsonFormat.line(d));
        assertEquals(12, j.get("seq").asLong());
        assertEquals("127.0.0.1:2000", j.get("source").asText());
        assertEquals("Call from 1002", j.get("elements").get(0).get("text").asText());
    }

    @Test
    void unparseableBytesStillGetALineWithTheError() {
        DecodedDatagram d = decoder.decode(RawDatagram.of("stdin line 1", null, "<SSCP name=".getBytes(StandardCharsets.UTF_8)));
        String line = TextFormat.line(d);
        assertTrue(line.startsWith("stdin line 1: phone ? seq=- ERROR 400 "), line);
        assertTrue(line.endsWith("(11 bytes)"), line);
        assertTrue(JsonFormat.line(d).contains("\"elements\":null"), JsonFormat.line(d));
    }

    @Test
    void theSenderIsGuessedFromTheNameUnlessGiven() {
        byte[] ack = "<SSCP name=\"RegisterAck\"><Session keepalive=\"30\"/></SSCP>".getBytes(StandardCharsets.UTF_8);
        assertEquals(Direction.BRIDGE, decoder.decode(RawDatagram.of("x", null, ack)).sender());
        DecodedDatagram forced = decoder.decode(RawDatagram.of("x", Direction.PHONE, ack));
        assertEquals(Direction.PHONE, forced.sender());
        assertTrue(TextFormat.line(forced).contains("ERROR 400 unknown message \"RegisterAck\""), TextFormat.line(forced));
    }

    @Test
    void hexLines() {
        assertEquals("<S", new String(HexLines.parse("3c 53"), StandardCharsets.UTF_8));
        assertEquals("<S", new String(HexLines.parse("3c:53\r"), StandardCharsets.UTF_8));
        assertEquals("<S", new String(HexLines.parse("0x3C53"), StandardCharsets.UTF_8));
        assertEquals(null, HexLines.parse("  "));
        assertEquals(null, HexLines.parse("# comment"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> HexLines.parse("3c5"))
                .getMessage().contains("hex"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> HexLines.parse("zz"));
    }
}
