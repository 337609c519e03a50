package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.KarafInstance;
import org.sscpbridge.it.support.KarafShell;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * Issue 12, Karaf: the bridge installs in Apache Karaf 4.4 from this build's features repository
 * ({@code feature:repo-add} + {@code feature:install sscp-sip-bridge}), configured through Karaf's
 * {@code etc/*.cfg}; a simulated phone registers against a real Kamailio through it, and
 * {@code sscp:status} answers in Karaf's shell.
 */
class KarafIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DEVICE = "SEP00000000CAFE";
    private static final String LINE = "3001";

    @TempDir
    Path work;

    @Test
    void featureInstallsTheBridgeAndAPhoneRegistersThroughKaraf() throws Exception {
        int sscpPort = FreePorts.udp();
        try (KamailioServer kamailio = KamailioServer.start(work, Map.of(LINE, "pw" + LINE));
                KarafInstance karaf = KarafInstance.prepare(work.resolve("karaf"), Map.of(
                        "sscp.bridge", Map.of(
                                "sscp.address", "127.0.0.1",
                                "sscp.port", String.valueOf(sscpPort),
                                "sip.address", "127.0.0.1",
                                "sip.port", String.valueOf(FreePorts.udp()),
                                "sip.registrar", kamailio.uri(),
                                "sip.domain", KamailioServer.DOMAIN,
                                // Karaf expands its own properties in etc/*.cfg.
                                "data.dir", "${karaf.data}/sscp-bridge"),
                        "sscp.device-a", Map.of(
                                "device.id", DEVICE,
                                "line1.number", LINE,
                                "line1.password", "pw" + LINE,
                                "line1.name", "Alice")))) {
            // The bridge logs through its own embedded SLF4J: into a file of Karaf's log folder.
            karaf.addSystemProperty("org.slf4j.simpleLogger.logFile", "${karaf.log}/sscp-bridge.log");
            karaf.start(Duration.ofSeconds(120));

            // By its Maven URL, as after `mvn install` (target/features/features.xml as a file: URL works too).
            String added = karaf.run("feature:repo-add " + KarafInstance.featuresUrl());
            assertFalse(added.contains("Error"), added);
            String repos = karaf.run("feature:repo-list");
            assertTrue(repos.contains("sscp-sip-bridge-" + System.getProperty("karaf.it.version")), repos);
            String listed = karaf.run("feature:list");
            assertTrue(listed.contains("sscp-sip-bridge"), listed);

            karaf.run("feature:install sscp-sip-bridge");
            String installed = karaf.run("feature:list -i");
            assertTrue(installed.matches("(?s).*sscp-sip-bridge\\s*\\|[^\\n]*Started.*"), installed);
            String bundles = karaf.run("bundle:list");
            assertTrue(bundles.contains("SSCP-to-SIP bridge"), bundles);
            List<String> notActive = bundles.lines()
                    .filter(l -> l.matches("^\\s*\\d+\\s*\\|.*"))
                    .filter(l -> !l.contains("| Active"))
                    .toList();
            assertEquals(List.of(), notActive, "every bundle Active:\n" + bundles);

            try (KarafShell shell = karaf.shell()) {
                String status = shell.awaitOutput("sscp:status", "SSCP bridge: enabled", WAIT);
                assertTrue(status.contains("127.0.0.1:" + sscpPort), status);
                assertTrue(status.contains("registrar " + kamailio.uri()), status);

                // The device configuration (etc/sscp.device-a.cfg) may land a moment after the bridge's.
                Thread.sleep(1_500);
                try (TestPhone phone = new TestPhone(new InetSocketAddress("127.0.0.1", sscpPort))) {
                    phone.send(new PhoneMessage.Register(DEVICE, "AP-IP300", "1.0", null, null));
                    phone.await(BridgeMessage.RegisterAck.class);
                    phone.await(BridgeMessage.Display.class, d -> d.text().equals("Line " + LINE + ": registered"), WAIT);
                    assertTrue(kamailio.hasBinding(LINE), "Kamailio holds no binding for " + LINE);

                    String registered = shell.awaitOutput("sscp:status", "phones 1, lines registered 1", WAIT);
                    assertTrue(registered.contains("SSCP bridge: enabled"), registered);
                    String phones = shell.run("sscp:phones");
                    assertTrue(phones.contains(DEVICE) && phones.contains("1 phone"), phones);
                }
            }

            // data.dir = ${karaf.data}/sscp-bridge: the store is in Karaf's data folder.
            Path store = karaf.home().resolve("data/sscp-bridge/sscp-bridge.mv.db");
            assertTrue(Files.isRegularFile(store), "no store at " + store);
            Path bridgeLog = karaf.home().resolve("data/log/sscp-bridge.log");
            String logText = Files.isRegularFile(bridgeLog) ? Files.readString(bridgeLog, StandardCharsets.UTF_8) : "";
            assertTrue(logText.contains("bridge enabled"), "bridge log " + bridgeLog + ":\n" + logText);
        }
    }
}
