package org.sscpbridge.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The four MBeans in the platform MBean server: their attributes as a JMX client reads them, and no leak. */
class MetricsMBeansTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final SipCounters sip = new SipCounters();
    private MetricsMBeans beans;

    private final MetricsSource source = new MetricsSource() {
        @Override public boolean enabled() { return true; }
        @Override public String sscpEndpoint() { return "127.0.0.1:2000"; }
        @Override public String sipEndpoint() { return "127.0.0.1:5070"; }
        @Override public String registrar() { return "sip:127.0.0.1:5060"; }
        @Override public String lastError() { return null; }
        @Override public String refusedConfiguration() { return "sscp.port: 'twenty' is not a whole number"; }
        @Override public List<String> problems() { return List.of("configuration sscp.bridge refused"); }

        @Override
        public SscpTotals sscp() {
            return new SscpTotals(10, 6, 1, 2, Map.of("too-large", 1L, "rate-limited", 0L), 9, 3, 0, 1, 0, 0, 0, 0);
        }

        @Override public SipCounters sip() { return sip; }

        @Override public LiveCounts live() { return new LiveCounts(3, 1, 7); }

        @Override
        public PhoneTotals phones() {
            return new PhoneTotals(1, 1, List.of(new PhoneTotals.FailingLine("SEP1", "1002", "403 Forbidden", true)),
                    Map.of("Connected", 2L));
        }
    };

    @AfterEach
    void close() {
        if (beans != null) {
            beans.close();
        }
    }

    private Set<ObjectName> ours() throws Exception {
        return server.queryNames(new ObjectName(MetricsMBeans.DOMAIN + ":*"), null);
    }

    private static long entry(Object tabular, String key) {
        CompositeData row = ((TabularData) tabular).get(new Object[] {key});
        return row == null ? 0 : (Long) row.get("value");
    }

    @Test
    void attributesReadAsAJmxClientSeesThem() throws Exception {
        beans = MetricsMBeans.register(server, source);
        sip.requestOut("REGISTER");
        sip.responseIn("REGISTER", 200);

        assertEquals(Boolean.TRUE, server.getAttribute(MetricsMBeans.name("Bridge"), "Enabled"));
        assertEquals(Boolean.FALSE, server.getAttribute(MetricsMBeans.name("Bridge"), "Healthy"));
        assertArrayEquals(new String[] {"configuration sscp.bridge refused"},
                (String[]) server.getAttribute(MetricsMBeans.name("Bridge"), "Health"));
        assertEquals("", server.getAttribute(MetricsMBeans.name("Bridge"), "LastError"));
        assertEquals(7, server.getAttribute(MetricsMBeans.name("Bridge"), "PendingTimers"));
        assertEquals(3, server.getAttribute(MetricsMBeans.name("Sip"), "LiveClientTransactions"));
        assertEquals(1, server.getAttribute(MetricsMBeans.name("Sip"), "LiveServerTransactions"));

        assertEquals(1, server.getAttribute(MetricsMBeans.name("Phones"), "Registered"));
        assertEquals(1, server.getAttribute(MetricsMBeans.name("Phones"), "LinesRegistered"));
        assertEquals(1, server.getAttribute(MetricsMBeans.name("Phones"), "LinesFailingAuth"));
        assertEquals(2L, entry(server.getAttribute(MetricsMBeans.name("Phones"), "CallsByState"), "Connected"));
        assertArrayEquals(new String[] {"1002 of SEP1: 403 Forbidden"},
                (String[]) server.getAttribute(MetricsMBeans.name("Phones"), "FailingLines"));

        assertEquals(10L, server.getAttribute(MetricsMBeans.name("Sscp"), "DatagramsIn"));
        assertEquals(9L, server.getAttribute(MetricsMBeans.name("Sscp"), "DatagramsOut"));
        assertEquals(2L, server.getAttribute(MetricsMBeans.name("Sscp"), "Malformed"));
        assertEquals(1L, server.getAttribute(MetricsMBeans.name("Sscp"), "DroppedTooLarge"));
        assertEquals(3L, server.getAttribute(MetricsMBeans.name("Sscp"), "Retransmitted"));

        assertEquals(1L, entry(server.getAttribute(MetricsMBeans.name("Sip"), "RequestsOut"), "REGISTER"));
        assertEquals(1L, entry(server.getAttribute(MetricsMBeans.name("Sip"), "ResponsesIn"), "REGISTER 2xx"));
        assertEquals("", server.getAttribute(MetricsMBeans.name("Sip"), "RegistrarUnreachableSince"));
    }

    @Test
    void closeUnregistersAllFourAndRegisteringAgainDoesNotLeak() throws Exception {
        for (int i = 0; i < 3; i++) {
            beans = MetricsMBeans.register(server, source);
            assertEquals(Set.of(MetricsMBeans.name("Bridge"), MetricsMBeans.name("Phones"), MetricsMBeans.name("Sscp"),
                    MetricsMBeans.name("Sip")), ours());
            beans.close();
            assertEquals(Set.of(), ours());
        }
    }

    @Test
    void aStaleRegistrationUnderTheSameNamesIsReplaced() throws Exception {
        MetricsMBeans stale = MetricsMBeans.register(server, source);
        beans = MetricsMBeans.register(server, source);
        assertEquals(4, ours().size());
        beans.close();
        assertEquals(Set.of(), ours());
        stale.close(); // nothing left to remove: no error
        assertTrue(server.isRegistered(ObjectName.getInstance("java.lang:type=Runtime")));
    }
}
