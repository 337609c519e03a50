package org.sscpbridge.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.metrics.Health;
import org.sscpbridge.metrics.LiveCounts;
import org.sscpbridge.metrics.MetricsSource;
import org.sscpbridge.metrics.PhoneTotals;
import org.sscpbridge.metrics.SipCounters;
import org.sscpbridge.metrics.SscpTotals;
import org.sscpbridge.phone.CallSnapshot;
import org.sscpbridge.phone.LineStatus;
import org.sscpbridge.phone.PhoneSession;
import org.sscpbridge.phone.SscpServer;
import org.sscpbridge.sip.SipUserAgent;
import org.sscpbridge.sscp.transport.DropReason;
import org.sscpbridge.sscp.transport.TransportStats;
import org.sscpbridge.time.SystemScheduler;

/**
 * The bridge's numbers for the MBeans and {@code sscp:status}: lives as long as the {@link Bridge},
 * so counters grow across disable / enable and socket moves. Reads the live SSCP server and SIP
 * user agent without the bridge's lock (a JMX read never waits for a disable).
 *
 * <p>Thread-safety: thread-safe; the bridge reports changes under its lock, readers read volatiles.
 */
final class BridgeMetrics implements MetricsSource {

    /** The SSCP server now (null while disabled) and the totals of the ones closed before it. */
    private record Sscp(SscpServer live, SscpTotals retired) {}

    private final SipCounters sip = new SipCounters();
    private final Supplier<BridgeConfig> config;
    private final Supplier<SipUserAgent> ua;
    private final Supplier<String> lastError;
    private final Supplier<SystemScheduler> timers;
    private volatile Sscp sscp = new Sscp(null, SscpTotals.ZERO);
    private volatile String refused;
    private volatile String storeProblem;

    BridgeMetrics(Supplier<BridgeConfig> config, Supplier<SipUserAgent> ua, Supplier<String> lastError,
            Supplier<SystemScheduler> timers) {
        this.config = config;
        this.ua = ua;
        this.lastError = lastError;
        this.timers = timers;
    }

    @Override
    public LiveCounts live() {
        SipUserAgent now = ua.get();
        SystemScheduler scheduler = timers.get();
        return new LiveCounts(now == null ? 0 : now.liveClientTransactions(),
                now == null ? 0 : now.liveServerTransactions(), scheduler == null ? 0 : scheduler.pending());
    }

    /** Where every SIP user agent of the bridge counts. */
    SipCounters sipCounters() {
        return sip;
    }

    void sscpOpened(SscpServer server) {
        sscp = new Sscp(server, sscp.retired());
    }

    /** After {@code server} closed: its final counts join the totals. */
    void sscpClosed(SscpServer server) {
        Sscp now = sscp;
        if (now.live() == server) {
            sscp = new Sscp(null, now.retired().plus(totals(server.stats())));
        }
    }

    void sipClosed() {
        sip.clearRegistrarState();
    }

    /** Why the last configuration was refused; null when a good one was applied. */
    void refused(String reason) {
        refused = reason;
    }

    /** Why the store could not be opened; null once it opened. */
    void storeProblem(String reason) {
        storeProblem = reason;
    }

    @Override
    public boolean enabled() {
        return sscp.live() != null && ua.get() != null;
    }

    @Override
    public String sscpEndpoint() {
        SscpServer s = sscp.live();
        BridgeConfig c = config.get();
        return s != null && c != null ? c.sscp().host() + ":" + s.localAddress().getPort()
                : c == null ? "" : c.sscp().toString();
    }

    @Override
    public String sipEndpoint() {
        SipUserAgent u = ua.get();
        BridgeConfig c = config.get();
        return u != null ? u.settings().address() + ":" + u.localPort() : c == null ? "" : c.sip().toString();
    }

    @Override
    public String registrar() {
        BridgeConfig c = config.get();
        return c == null ? "" : c.registrar();
    }

    @Override
    public String lastError() {
        return lastError.get();
    }

    @Override
    public String refusedConfiguration() {
        return refused;
    }

    @Override
    public List<String> problems() {
        return Health.problems(refused, storeProblem, registrar(), sip.registrarUnreachable(), phones());
    }

    @Override
    public SscpTotals sscp() {
        Sscp now = sscp;
        return now.live() == null ? now.retired() : now.retired().plus(totals(now.live().stats()));
    }

    @Override
    public SipCounters sip() {
        return sip;
    }

    @Override
    public PhoneTotals phones() {
        SscpServer s = sscp.live();
        if (s == null) {
            return PhoneTotals.NONE;
        }
        int phones = 0;
        int registered = 0;
        List<PhoneTotals.FailingLine> failing = new ArrayList<>();
        for (PhoneSession session : s.registry().all()) {
            phones++;
            for (LineStatus line : session.lineStatuses()) {
                if (line.status().state() == RegistrationState.REGISTERED) {
                    registered++;
                } else if (line.status().state() == RegistrationState.FAILED) {
                    String reason = line.status().reason();
                    failing.add(new PhoneTotals.FailingLine(session.deviceId(), line.number(), reason,
                            Health.isAuthFailure(reason)));
                }
            }
        }
        Map<String, Long> byState = new LinkedHashMap<>();
        for (CallSnapshot call : s.calls()) {
            byState.merge(call.state(), 1L, Long::sum);
        }
        return new PhoneTotals(phones, registered, failing, byState);
    }

    /** The transport's snapshot in this package's words; every drop reason present, zero or not. */
    static SscpTotals totals(TransportStats t) {
        Map<String, Long> drops = new LinkedHashMap<>();
        for (DropReason r : DropReason.values()) {
            drops.put(r.label(), t.dropped(r));
        }
        return new SscpTotals(t.received(), t.delivered(), t.answersConsumed(), t.malformed(), drops, t.sent(),
                t.retransmitted(), t.givenUp(), t.errorsSent(), t.sendFailures(), t.receiveFailures(),
                t.handlerFailures(), t.internalErrors());
    }
}
