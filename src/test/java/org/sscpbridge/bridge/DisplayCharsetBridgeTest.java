package org.sscpbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.config.BridgeConfigParser;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.phone.DeviceDirectory;
import org.sscpbridge.sscp.codec.DisplayEncoding;

/**
 * A phone configured {@code display.charset = EUC-KR} gets its datagrams in EUC-KR from the
 * moment it registers, follows a reload, and is written in UTF-8 again once it is gone (real
 * loopback sockets, no OSGi; docs/PROTOCOL.md §6.9).
 */
class DisplayCharsetBridgeTest {
    private static final Charset EUC_KR = Charset.forName("EUC-KR");
    private static final String DEVICE = "SEP00AABBCCDDEE";
    private static final String NAME = "\uAE40\uCCA0\uC218"; // 김철수
    private static final Pattern NAME_AND_SEQ = Pattern.compile("<SSCP name=\"(\\w+)\"(?: seq=\"(\\d+)\")?");

    @TempDir
    Path data;

    private final DeviceDirectory devices = new DeviceDirectory();
    private final Bridge bridge = new Bridge(devices);
    private DatagramSocket phone;
    private int sscpPort;

    @AfterEach
    void close() {
        bridge.close();
        if (phone != null) {
            phone.close();
        }
    }

    private static DeviceConfig device(DisplayEncoding display) {
        return new DeviceConfig(DEVICE, List.of(new DeviceConfig.Line(1, "1001", null, "pw", NAME)), List.of(),
                Optional.empty(), List.of(), display);
    }

    @Test
    void eucKrFromRegistrationOnFollowingReloadsAndForgottenWhenThePhoneGoes() throws Exception {
        devices.put(device(new DisplayEncoding(EUC_KR, 16)));
        sscpPort = FreePorts.udp();
        bridge.configure(BridgeConfigParser.parse(Map.of("sscp.address", "127.0.0.1", "sscp.port",
                String.valueOf(sscpPort), "sip.port", String.valueOf(FreePorts.udp()), "data.dir", data.toString())));
        phone = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        phone.setSoTimeout(200);

        send("<SSCP name=\"Register\" seq=\"1\"><Device id=\"" + DEVICE + "\"/></SSCP>");
        byte[] ack = await("RegisterAck");
        String text = new String(ack, EUC_KR);
        assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"EUC-KR\"?>"), text);
        assertTrue(text.contains("label=\"" + NAME + "\""), text);
        assertTrue(contains(ack, NAME.getBytes(EUC_KR)), "the label in EUC-KR bytes");

        devices.put(device(DisplayEncoding.DEFAULT)); // the operator edits the .cfg: reload
        String layout = new String(await("PhoneLayout"), StandardCharsets.UTF_8);
        assertTrue(layout.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") && layout.contains(NAME), layout);

        devices.put(device(new DisplayEncoding(EUC_KR, 0)));
        assertTrue(new String(await("PhoneLayout"), EUC_KR).contains("encoding=\"EUC-KR\""));

        send("<SSCP name=\"Unregister\" seq=\"2\"/>");
        await("UnregisterAck");
        // Gone: the next datagram is answered "Not registered", and in UTF-8 again.
        for (int seq = 3; seq < 100; seq++) {
            send("<SSCP name=\"KeepAlive\" seq=\"" + seq + "\"/>");
            byte[] answer = next(500);
            if (answer != null && name(answer).equals("Error")) {
                String error = new String(answer, StandardCharsets.UTF_8);
                assertTrue(error.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), error);
                return;
            }
        }
        fail("no Error 401 after Unregister");
    }

    private void send(String xml) throws Exception {
        byte[] b = xml.getBytes(StandardCharsets.US_ASCII);
        phone.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), sscpPort));
    }

    /** The next datagram named {@code name}; reliable requests on the way are acknowledged. */
    private byte[] await(String name) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            byte[] d = next(200);
            if (d != null && name(d).equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no " + name + " within 10 s");
    }

    private byte[] next(int timeoutMillis) throws Exception {
        byte[] buf = new byte[8192];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        phone.setSoTimeout(timeoutMillis);
        try {
            phone.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        byte[] d = java.util.Arrays.copyOf(buf, p.getLength());
        Matcher m = NAME_AND_SEQ.matcher(new String(d, StandardCharsets.ISO_8859_1));
        if (m.find() && m.group(2) != null && !m.group(1).endsWith("Ack") && !m.group(1).equals("Error")) {
            send("<SSCP name=\"Ack\" seq=\"" + m.group(2) + "\"/>");
        }
        return d;
    }

    private static String name(byte[] datagram) {
        Matcher m = NAME_AND_SEQ.matcher(new String(datagram, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : "";
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
