package org.sscpbridge.tools.phone;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.tools.decode.SscpDecodeMain;

/**
 * sscp-decode on a real capture of the simulator talking to the in-process bridge: tshark on
 * {@code lo} when it is installed (bin/install-test-peers installs it), written as classic pcap.
 */
class CaptureDecodeTest {
    private static final Path TSHARK = Path.of("/usr/bin/tshark");

    @TempDir
    Path dir;

    @Test
    void decodesWhatTsharkCapturedOnLoopback() throws Exception {
        if (!Files.isExecutable(TSHARK)) {
            // The self-written captures of SscpDecodeMainTest cover the decoder; this one needs the real tool.
            System.out.println("CaptureDecodeTest: " + TSHARK + " not installed; the live capture part is not run");
            return;
        }
        try (FakeBridge bridge = new FakeBridge()) {
            int port = bridge.address().getPort();
            Path pcap = dir.resolve("sscp.pcap");
            Process tshark = new ProcessBuilder(TSHARK.toString(), "-i", "lo", "-f", "udp port " + port, "-w", pcap.toString(), "-F", "pcap")
                    .redirectErrorStream(true).start();
            try {
                awaitCapturing(tshark);
                try (SimulatedPhone phone = SimulatedPhone.start(PhoneOptions.of(bridge.address(), "SEP00AABBCCDDEE")
                        .withBind(new InetSocketAddress("127.0.0.1", 0)), PhoneEvents.NONE)) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> phone.inspect(PhoneScreen::registration).join() == Registration.REGISTERED);
                    phone.perform(new org.sscpbridge.tools.phone.command.Command.Layout()).join();
                    await().atMost(Duration.ofSeconds(5)).until(() -> bridge.count(MessageType.LAYOUT_REQUEST) == 1);
                    Thread.sleep(500); // let the last answers reach the capture
                }
            } finally {
                tshark.destroy(); // SIGTERM: tshark flushes and closes the file
                assertTrue(tshark.waitFor(10, TimeUnit.SECONDS), "tshark did not stop");
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = SscpDecodeMain.run(new String[] {"--pcap", pcap.toString(), "--port", String.valueOf(port)},
                    new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();

            assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
            assertTrue(lines.stream().anyMatch(l -> l.contains(" phone Register(1) seq=") && l.contains("<Device id=SEP00AABBCCDDEE")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains(":" + port + " > 127.0.0.1:") && l.contains(" bridge RegisterAck(101) seq=")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains(" bridge PhoneLayout(105) seq=")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("ERROR")), lines.toString());
        }
    }

    /** tshark says "Capturing on 'Loopback: lo'" once its filter is in place. */
    private static void awaitCapturing(Process tshark) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(tshark.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.contains("Capturing on")) {
                        drainInBackground(reader);
                        return true;
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new AssertionError("tshark ended before capturing:\n" + seen);
        });
        assertTrue(started.get(30, TimeUnit.SECONDS));
        Thread.sleep(300); // the message comes just before the first read of the interface
    }

    private static void drainInBackground(BufferedReader reader) {
        Thread t = new Thread(() -> {
            try {
                while (reader.readLine() != null) {
                    // tshark's packet counter lines: read so that its pipe never fills
                }
            } catch (java.io.IOException e) {
                // the process ended: nothing more to read
            }
        }, "tshark-output");
        t.setDaemon(true);
        t.start();
    }
}
