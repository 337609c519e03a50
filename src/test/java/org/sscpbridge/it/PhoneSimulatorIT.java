package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.ProcessLog;

/**
 * Step 3 end to end: {@code bin/sscp-phone --script} registers with the real bridge (Felix,
 * bin/bridge, auto-provisioning on) and {@code sscp:phones} lists the device with the address it
 * registered from (OPERATOR.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneSimulatorIT {
    private static final String DEVICE = "SEP00AABBCCDDEE";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private int sscpPort;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of("1001", "secret1001"));
        sscpPort = FreePorts.udp();
        bridge = BridgeProcess.start(work, Map.of(
                "autoprovision", "true",
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.address", "127.0.0.1",
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "data.dir", work.resolve("data").toString()));
    }

    @AfterAll
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    @Test
    void theSimulatedPhoneRegistersAndTheConsoleListsIt() throws Exception {
        int phonePort = FreePorts.udp();
        Path script = work.resolve("register.script");
        // The sleep keeps the phone alive while the console is asked.
        Files.writeString(script, """
                expect RegisterAck within 15
                sleep 5
                """, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(BridgeProcess.home().resolve("bin/sscp-phone").toString(),
                "--bridge", "127.0.0.1:" + sscpPort, "--device", DEVICE, "--bind", "127.0.0.1:" + phonePort,
                "--script", script.toString())
                .directory(BridgeProcess.home().toFile())
                .redirectErrorStream(true);
        pb.environment().put("BRIDGE_NO_BUILD", "1");
        Process phone = pb.start();
        ProcessLog phoneLog = new ProcessLog("sscp-phone", phone.getInputStream());
        try {
            // Either the RegisterAck arrives or the script reports that it did not: no need to wait longer.
            int at = phoneLog.await(0, l -> l.startsWith("<< RegisterAck") || l.contains("not received"), Duration.ofSeconds(30));
            assertTrue(phoneLog.lines().get(at).startsWith("<< RegisterAck"), "no RegisterAck:\n" + String.join("\n", phoneLog.lines()));

            String phones = bridge.run("sscp:phones");
            String row = phones.lines().filter(l -> l.contains(DEVICE)).findFirst()
                    .orElseThrow(() -> new AssertionError("sscp:phones does not list " + DEVICE + ":\n" + phones));
            assertTrue(row.contains("127.0.0.1:" + phonePort), "the row names the phone's address: " + row);
            assertEquals(1, phones.lines().filter(l -> l.contains(DEVICE)).count(), phones);

            assertTrue(phone.waitFor(30, TimeUnit.SECONDS), "sscp-phone did not finish its script");
            assertEquals(0, phone.exitValue(), String.join("\n", phoneLog.lines()));
        } finally {
            phone.destroyForcibly();
        }
    }
}
