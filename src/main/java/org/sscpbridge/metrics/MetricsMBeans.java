package org.sscpbridge.metrics;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's MBeans in domain {@value #DOMAIN}: {@code type=Bridge}, {@code type=Phones},
 * {@code type=Sscp}, {@code type=Sip}. {@link #register} puts all four in an MBean server (an
 * older registration under the same names, left by a bundle that did not stop cleanly, is
 * replaced); {@link #close} takes them out again. Plain JMX: no OSGi.
 *
 * <p>Thread-safety: attribute reads come from JMX threads and read the {@link MetricsSource}.
 */
public final class MetricsMBeans implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsMBeans.class);
    public static final String DOMAIN = "org.sscpbridge";

    private final MBeanServer server;
    private final List<ObjectName> names;

    private MetricsMBeans(MBeanServer server, List<ObjectName> names) {
        this.server = server;
        this.names = names;
    }

    public static ObjectName name(String type) {
        try {
            return new ObjectName(DOMAIN + ":type=" + type);
        } catch (JMException e) {
            throw new IllegalArgumentException(type, e);
        }
    }

    /** Registers the four MBeans; a failure is logged and leaves none of them registered. */
    public static MetricsMBeans register(MBeanServer server, MetricsSource source) {
        List<ObjectName> done = new ArrayList<>();
        MetricsMBeans beans = new MetricsMBeans(server, done);
        try {
            beans.add(name("Bridge"), new BridgeBean(source));
            beans.add(name("Phones"), new PhonesBean(source));
            beans.add(name("Sscp"), new SscpBean(source));
            beans.add(name("Sip"), new SipBean(source));
            LOG.debug("MBeans registered: {}", done);
        } catch (JMException e) {
            LOG.warn("MBeans in {} not registered: {}", DOMAIN, e.toString());
            beans.close();
        }
        return beans;
    }

    private void add(ObjectName name, Object bean) throws JMException {
        if (server.isRegistered(name)) {
            unregister(name);
        }
        server.registerMBean(bean, name);
        names.add(name);
    }

    /** Unregisters every MBean this registration added. Idempotent. */
    @Override
    public void close() {
        for (ObjectName name : names) {
            unregister(name);
        }
        names.clear();
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException e) {
            LOG.warn("MBean {} not unregistered: {}", name, e.toString());
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static final class BridgeBean implements BridgeMXBean {
        private final MetricsSource source;

        BridgeBean(MetricsSource source) {
            this.source = source;
        }

        @Override public boolean isEnabled() { return source.enabled(); }
        @Override public String getSscpEndpoint() { return orEmpty(source.sscpEndpoint()); }
        @Override public String getSipEndpoint() { return orEmpty(source.sipEndpoint()); }
        @Override public String getRegistrar() { return orEmpty(source.registrar()); }
        @Override public String getLastError() { return orEmpty(source.lastError()); }
        @Override public String getRefusedConfiguration() { return orEmpty(source.refusedConfiguration()); }
        @Override public List<String> getHealth() { return source.problems(); }
        @Override public int getPendingTimers() { return source.live().timers(); }

        @Override
        public boolean isHealthy() {
            return source.enabled() && source.lastError() == null && source.problems().isEmpty();
        }
    }

    static final class PhonesBean implements PhonesMXBean {
        private final MetricsSource source;

        PhonesBean(MetricsSource source) {
            this.source = source;
        }

        @Override public int getRegistered() { return source.phones().phones(); }
        @Override public int getLinesRegistered() { return source.phones().linesRegistered(); }
        @Override public int getLinesFailing() { return source.phones().linesFailing(); }
        @Override public int getLinesFailingAuth() { return source.phones().linesFailingAuth(); }
        @Override public long getCalls() { return source.phones().calls(); }
        @Override public Map<String, Long> getCallsByState() { return source.phones().callsByState(); }

        @Override
        public List<String> getFailingLines() {
            return source.phones().failingLines().stream()
                    .map(l -> l.number() + " of " + l.deviceId() + ": " + l.reason()).toList();
        }
    }

    static final class SscpBean implements SscpMXBean {
        private final MetricsSource source;

        SscpBean(MetricsSource source) {
            this.source = source;
        }

        @Override public long getDatagramsIn() { return source.sscp().received(); }
        @Override public long getDatagramsOut() { return source.sscp().sent(); }
        @Override public long getDelivered() { return source.sscp().delivered(); }
        @Override public long getAnswersConsumed() { return source.sscp().answersConsumed(); }
        @Override public long getMalformed() { return source.sscp().malformed(); }
        @Override public long getDropped() { return source.sscp().droppedTotal(); }
        @Override public Map<String, Long> getDroppedByReason() { return source.sscp().dropped(); }
        @Override public long getDroppedTooLarge() { return source.sscp().dropped("too-large"); }
        @Override public long getDroppedRateLimited() { return source.sscp().dropped("rate-limited"); }
        @Override public long getRetransmitted() { return source.sscp().retransmitted(); }
        @Override public long getGivenUp() { return source.sscp().givenUp(); }
        @Override public long getErrorsSent() { return source.sscp().errorsSent(); }
        @Override public long getSendFailures() { return source.sscp().sendFailures(); }
        @Override public long getReceiveFailures() { return source.sscp().receiveFailures(); }
        @Override public long getHandlerFailures() { return source.sscp().handlerFailures(); }
        @Override public long getInternalErrors() { return source.sscp().internalErrors(); }
    }

    static final class SipBean implements SipMXBean {
        private final MetricsSource source;

        SipBean(MetricsSource source) {
            this.source = source;
        }

        @Override public Map<String, Long> getRequestsIn() { return source.sip().requestsIn(); }
        @Override public Map<String, Long> getRequestsOut() { return source.sip().requestsOut(); }
        @Override public Map<String, Long> getResponsesIn() { return source.sip().responsesIn(); }
        @Override public Map<String, Long> getResponsesOut() { return source.sip().responsesOut(); }
        @Override public Map<String, Long> getTimeouts() { return source.sip().timeouts(); }
        @Override public long getRequestsInTotal() { return source.sip().requestsInTotal(); }
        @Override public long getRequestsOutTotal() { return source.sip().requestsOutTotal(); }
        @Override public long getResponsesInTotal() { return source.sip().responsesInTotal(); }
        @Override public long getResponsesOutTotal() { return source.sip().responsesOutTotal(); }
        @Override public long getTimeoutsTotal() { return source.sip().timeoutsTotal(); }
        @Override public Map<String, Long> getRefused() { return source.sip().refused(); }
        @Override public long getRefusedTotal() { return source.sip().refusedTotal(); }
        @Override public long getRegistrationFailures() { return source.sip().registrationFailures(); }
        @Override public int getLiveClientTransactions() { return source.live().sipClientTransactions(); }
        @Override public int getLiveServerTransactions() { return source.live().sipServerTransactions(); }
        @Override public long getRegistrationAuthFailures() { return source.sip().registrationAuthFailures(); }
        @Override public String getLastRegistrationFailure() { return source.sip().lastRegistrationFailure(); }

        @Override
        public String getRegistrarUnreachableSince() {
            SipCounters.Unreachable u = source.sip().registrarUnreachable();
            return u == null ? "" : u.since().truncatedTo(ChronoUnit.MILLIS).toString();
        }
    }
}
