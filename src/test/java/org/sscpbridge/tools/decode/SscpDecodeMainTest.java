package org.sscpbridge.tools.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/sscp-decode's main: inputs, options, exit status. */
class SscpDecodeMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(byte[] stdin, String... args) {
        return SscpDecodeMain.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oneDatagramPerFileIncludingTheMalformedOne() throws Exception {
        String[] names = {"seed-09-SpeedDial.xml", "seed-11-HeadsetStatus.xml", "seed-14-PhoneBook-labelled.txt"};
        String[] args = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            Path f = dir.resolve(names[i]);
            Files.write(f, DecodeOutputTest.fixture(names[i]));
            args[i] = f.toString();
        }
        assertEquals(0, run(new byte[0], args), err());
        assertEquals(3, lines().size(), lines().toString());
        assertTrue(lines().get(0).endsWith("phone SpeedDial(9) seq=- <SpeedDial number=3>"));
        assertTrue(lines().get(1).contains("ERROR 400"));
        assertTrue(lines().get(2).contains("PhoneBook(14)"));
    }

    @Test
    void hexOnStandardInputOneDatagramPerLine() {
        String hex = HexFormat.of().formatHex(bytes("<SSCP name=\"Tone\" seq=\"4\"><Tone type=\"Dial\"/></SSCP>")) + "\n\n# note\n"
                + HexFormat.of().formatHex(bytes("<SSCP name=\"KeepAlive\"/>")) + "\nnot hex\n";
        assertEquals(1, run(bytes(hex), "--hex"), "a bad line is reported and counts as unread input");
        assertEquals(List.of("stdin line 1: bridge Tone(109) seq=4 <Tone type=Dial>", "stdin line 4: phone KeepAlive(3) seq=-"), lines());
        assertTrue(err().contains("stdin line 5: not an even number of hex digits"), err());
    }

    @Test
    void rawStandardInputIsOneDatagram() throws Exception {
        assertEquals(0, run(DecodeOutputTest.fixture("seed-10-Forward-labelled.txt"), "--json"));
        assertEquals(1, lines().size());
        assertTrue(lines().get(0).startsWith("{\"origin\":\"stdin\""), lines().get(0));
        assertTrue(lines().get(0).contains("\"name\":\"Forward\""), lines().get(0));
    }

    @Test
    void fromOverridesTheGuess() {
        assertEquals(0, run(bytes("<SSCP name=\"Ack\" seq=\"7\"/>"), "--from", "bridge"));
        assertEquals(List.of("stdin: bridge Ack(118) seq=7"), lines());
    }

    private static byte[] capture() throws Exception {
        byte[] register = bytes("<SSCP name=\"Register\" seq=\"1\"><Device id=\"SEP00AABBCCDDEE\"/></SSCP>");
        byte[] ack = bytes("<SSCP name=\"RegisterAck\" seq=\"1\"><Session keepalive=\"30\"/><Line id=\"1\" number=\"1001\"/></SSCP>");
        byte[] garbage = bytes("<SSCP name=\"Dial\"><Number value=\"12ab\"/></SSCP>");
        return new PcapBuilder(LinkLayer.ETHERNET, ByteOrder.LITTLE_ENDIAN, false)
                .packet(1_764_000_000L, 1, PcapBuilder.ethernet(PcapBuilder.ipv4Udp("127.0.0.1", 40000, "127.0.0.1", 2000, register), 0x0800))
                .packet(1_764_000_000L, 2, PcapBuilder.ethernet(PcapBuilder.ipv4Udp("127.0.0.1", 5353, "127.0.0.1", 5353, bytes("mdns")), 0x0800))
                .packet(1_764_000_000L, 3, PcapBuilder.ethernet(PcapBuilder.ipv4Udp("127.0.0.1", 2000, "127.0.0.1", 40000, ack), 0x0800))
                .packet(1_764_000_000L, 4, PcapBuilder.ethernet(PcapBuilder.ipv4Udp("127.0.0.1", 40000, "127.0.0.1", 2000, garbage), 0x0800))
                .bytes();
    }

    @Test
    void aPcapWrittenByTheTestDecodesWithDirectionsFromThePort() throws Exception {
        Path pcap = dir.resolve("sscp.pcap");
        Files.write(pcap, capture());
        assertEquals(0, run(new byte[0], "--pcap", pcap.toString()), err());
        assertEquals(3, lines().size(), lines().toString());
        assertEquals("2025-11-24T16:00:00.000001Z 127.0.0.1:40000 > 127.0.0.1:2000 phone Register(1) seq=1 <Device id=SEP00AABBCCDDEE>",
                lines().get(0));
        assertEquals("2025-11-24T16:00:00.000003Z 127.0.0.1:2000 > 127.0.0.1:40000 bridge RegisterAck(101) seq=1"
                + " <Session keepalive=30> <Line id=1 number=1001>", lines().get(1));
        // The malformed one is printed too, with the codec's code and reason and the element tree.
        String bad = lines().get(2);
        assertTrue(bad.startsWith("2025-11-24T16:00:00.000004Z 127.0.0.1:40000 > 127.0.0.1:2000 phone Dial(8) seq=- ERROR 400 "), bad);
        assertTrue(bad.contains("\"12ab\""), bad);
        assertTrue(bad.endsWith("| tree: <SSCP name=Dial> <Number value=12ab> (47 bytes)"), bad);
    }

    @Test
    void anotherPortSelectsOtherPackets() throws Exception {
        Path pcap = dir.resolve("sscp.pcap");
        Files.write(pcap, capture());
        assertEquals(0, run(new byte[0], "--pcap", pcap.toString(), "--port", "5353"));
        assertEquals(1, lines().size());
        assertTrue(lines().get(0).contains("127.0.0.1:5353 > 127.0.0.1:5353 bridge ? seq=- ERROR 400"), lines().get(0));
    }

    @Test
    void aTruncatedPcapPrintsWhatCameBeforeAndSaysWhereItStopped() throws Exception {
        byte[] whole = capture();
        Path pcap = dir.resolve("cut.pcap");
        Files.write(pcap, Arrays.copyOf(whole, whole.length - 20));
        assertEquals(1, run(new byte[0], "--pcap", pcap.toString(), "--json"));
        assertEquals(2, lines().size(), "Register and RegisterAck were whole");
        assertTrue(err().contains("truncated pcap file: packet 4"), err());
        assertTrue(err().contains("stopped after packet 3"), err());
    }

    @Test
    void badOptionsAndMissingFiles() {
        assertEquals(2, run(new byte[0], "--pcap"));
        assertEquals(2, run(new byte[0], "--frobnicate"));
        assertEquals(2, run(new byte[0], "--pcap", "x.pcap", "--hex"));
        assertEquals(2, run(new byte[0], "--port", "70000"));
        assertEquals(1, run(new byte[0], dir.resolve("missing.xml").toString()));
        assertEquals(1, run(new byte[0], "--pcap", dir.resolve("missing.pcap").toString()));
        assertTrue(err().contains("cannot read"), err());
    }
}
