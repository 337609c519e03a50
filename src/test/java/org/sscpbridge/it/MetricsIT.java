package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * Metrics over JMX, health in words and sscp:debug, end to end: the bridge in real Felix with a
 * JMX connector on loopback, a real Kamailio, a simulated phone; a JMX client reads the MBeans of
 * domain org.sscpbridge as an operator's jconsole would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DEVICE = "SEP00000000AB01";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private TestPhone phone;
    private JMXConnector jmx;
    private MBeanServerConnection mbeans;
    private Map<String, String> config;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioServer.start(work, Map.of("3001", "pw3001"));
        int sscpPort = FreePorts.udp();
        int jmxPort = FreePorts.udpAndTcp();
        config = new HashMap<>(Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "keepalive", "30"));
        bridge = BridgeProcess.start(work, config, Map.of("sscp.device-m", Map.of("device.id", DEVICE,
                "line1.number", "3001", "line1.password", "pw3001", "line1.name", "Line 3001")),
                BridgeProcess.jmxOptions(jmxPort));
        jmx = JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        mbeans = jmx.getMBeanServerConnection();
        phone = new TestPhone(new InetSocketAddress("127.0.0.1", sscpPort));
        // FileInstall hands the device file over shortly after start.
        Thread.sleep(1_500);
    }

    @AfterAll
    void stop() throws Exception {
        if (phone != null) {
            phone.close();
        }
        if (jmx != null) {
            jmx.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static ObjectName name(String type) throws Exception {
        return new ObjectName("org.sscpbridge:type=" + type);
    }

    private Object attribute(String type, String attribute) throws Exception {
        return mbeans.getAttribute(name(type), attribute);
    }

    private long entry(String type, String attribute, String key) throws Exception {
        CompositeData row = ((TabularData) attribute(type, attribute)).get(new Object[] {key});
        return row == null ? 0 : (Long) row.get("value");
    }

    @Test
    @Order(1)
    void theFourMBeansAreThere() throws Exception {
        Set<ObjectName> names = mbeans.queryNames(new ObjectName("org.sscpbridge:*"), null);
        assertEquals(Set.of(name("Bridge"), name("Phones"), name("Sscp"), name("Sip")), names);
        assertEquals(Boolean.TRUE, attribute("Bridge", "Enabled"));
    }

    @Test
    @Order(2)
    void aRegisteredPhoneAndItsLineAreCountedWithTheirTraffic() throws Exception {
        phone.send(new PhoneMessage.Register(DEVICE, "AP-IP300", "1.0", null, null));
        phone.await(BridgeMessage.RegisterAck.class);
        phone.await(BridgeMessage.Display.class, d -> d.text().equals("Line 3001: registered"), WAIT);

        await().atMost(WAIT).until(() -> Integer.valueOf(1).equals(attribute("Phones", "LinesRegistered")));
        assertEquals(1, attribute("Phones", "Registered"));
        assertEquals(0, attribute("Phones", "LinesFailing"));
        assertTrue(entry("Sip", "RequestsOut", "REGISTER") >= 1);
        assertTrue(entry("Sip", "ResponsesIn", "REGISTER 2xx") >= 1, "REGISTER answered 200");
        assertTrue((Long) attribute("Sscp", "DatagramsIn") > 0);
        assertTrue((Long) attribute("Sscp", "DatagramsOut") > 0);
        assertEquals("", attribute("Sip", "RegistrarUnreachableSince"));
        assertArrayEquals(new String[0], (String[]) attribute("Bridge", "Health"));
        assertEquals(Boolean.TRUE, attribute("Bridge", "Healthy"));

        String status = bridge.run("sscp:status");
        assertTrue(status.contains("phones 1, lines registered 1"), status);
        assertTrue(status.contains("SIP messages: requests in"), status);
        assertTrue(status.contains("health: ok"), status);
    }

    @Test
    @Order(3)
    void aMalformedDatagramRaisesTheMalformedCounter() throws Exception {
        long before = (Long) attribute("Sscp", "Malformed");
        phone.sendRaw("<KeepAlive seq=\"oops".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> (Long) attribute("Sscp", "Malformed") == before + 1);
    }

    @Test
    @Order(4)
    void sscpDebugLogsTheNextDatagramDecodedNamingTheDevice() throws Exception {
        String on = bridge.run("sscp:debug " + DEVICE + " on");
        assertTrue(on.contains("SSCP debug on"), on);
        int from = bridge.log().size();
        phone.sendWithSeq(new PhoneMessage.KeepAlive());
        phone.await(BridgeMessage.KeepAliveAck.class);
        bridge.log().await(from, l -> l.contains("phone " + DEVICE + " sscp in") && l.contains("KeepAlive"), WAIT);
        bridge.log().await(from, l -> l.contains("phone " + DEVICE + " sscp out") && l.contains("KeepAliveAck"), WAIT);

        bridge.run("sscp:debug " + DEVICE + " off");
        int after = bridge.log().size();
        phone.sendWithSeq(new PhoneMessage.KeepAlive());
        phone.await(BridgeMessage.KeepAliveAck.class);
        bridge.run("sscp:status"); // let any log line of the keepalive arrive first
        assertFalse(bridge.log().linesFrom(after).stream().anyMatch(l -> l.contains(DEVICE + " sscp in")),
                "debug off: no decoded datagram logged");
    }

    @Test
    @Order(5)
    void aRefusedConfigurationIsNamedInTheStatusUntilAGoodOneArrives() throws Exception {
        Map<String, String> bad = new HashMap<>(config);
        bad.put("sscp.port", "twenty");
        bridge.reconfigure(bad);
        String status = bridge.awaitOutput("sscp:status", "configuration sscp.bridge refused", WAIT);
        assertTrue(status.contains("SSCP bridge: enabled"), status);
        assertTrue(status.contains("sscp.port: 'twenty' is not a whole number"), status);
        assertTrue(((String) attribute("Bridge", "RefusedConfiguration")).contains("twenty"));

        bridge.reconfigure(config);
        await().atMost(WAIT).until(() -> "".equals(attribute("Bridge", "RefusedConfiguration")));
        assertFalse(bridge.run("sscp:status").contains("refused"));
    }

    @Test
    @Order(6)
    void disableAndEnableNeitherLeakNorResetTheMBeans() throws Exception {
        long in = (Long) attribute("Sscp", "DatagramsIn");
        bridge.run("sscp:disable");
        assertEquals(Boolean.FALSE, attribute("Bridge", "Enabled"));
        assertEquals(0, attribute("Phones", "Registered"));
        assertTrue((Long) attribute("Sscp", "DatagramsIn") >= in, "counters kept while disabled");
        bridge.run("sscp:enable");
        assertEquals(Boolean.TRUE, attribute("Bridge", "Enabled"));
        assertEquals(4, mbeans.queryNames(new ObjectName("org.sscpbridge:*"), null).size());
    }

    @Test
    @Order(7)
    void theLogHasNoPerMessageInfoFromJainSip() {
        List<String> chatty = bridge.log().lines().stream()
                .filter(l -> l.contains("INFO") && l.contains("gov.nist")).toList();
        assertEquals(List.of(), chatty);
    }
}
