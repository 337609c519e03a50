package org.sscpbridge.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.phone.SscpServer;
import org.sscpbridge.sip.SipSettings;
import org.sscpbridge.sip.SipStartException;
import org.sscpbridge.sip.SipUserAgent;

/**
 * Owns the bridge's life: the SIP user agent and the SSCP server, opened on enable, closed on
 * disable, and reopened only where a new configuration touches them. Plain Java: the OSGi
 * component feeds it configurations; every method is safe to call from any thread.
 */
public final class Bridge implements BridgeControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    private BridgeConfig config;
    /** What the operator wants now: starts as the config's {@code enabled}, moved by enable/disable. */
    private boolean wanted;
    private SipUserAgent sip;
    private SscpServer sscp;
    private String lastError;

    /** Applies a configuration: the first one starts the bridge if it says enabled. */
    public synchronized void configure(BridgeConfig next) {
        BridgeConfig previous = config;
        config = next;
        if (previous == null || previous.enabled() != next.enabled()) {
            wanted = next.enabled();
        }
        if (!wanted) {
            stopAll();
            return;
        }
        if (isRunning() && previous != null) {
            applyToRunning(previous, next);
        } else {
            tryStart();
        }
    }

    private void applyToRunning(BridgeConfig previous, BridgeConfig next) {
        boolean sipChanged = previous.sipStackDiffers(next) || !sipSettings(previous).equals(sipSettings(next));
        boolean sscpChanged = previous.sscpSocketDiffers(next);
        if (!sipChanged && !sscpChanged) {
            LOG.info("configuration updated; sockets unchanged");
            return;
        }
        try {
            if (sipChanged) {
                closeSip();
                sip = SipUserAgent.start(sipSettings(next));
            }
            if (sscpChanged) {
                closeSscp();
                sscp = SscpServer.open(sscpBind(next));
            }
            lastError = null;
        } catch (SipStartException | IOException e) {
            fail(e.getMessage());
        }
    }

    private void tryStart() {
        try {
            start();
        } catch (BridgeException e) {
            LOG.error("bridge stays disabled: {}", e.getMessage());
        }
    }

    private void start() throws BridgeException {
        if (config == null) {
            throw new BridgeException("no configuration yet");
        }
        if (isRunning()) {
            return;
        }
        try {
            sip = SipUserAgent.start(sipSettings(config));
            sscp = SscpServer.open(sscpBind(config));
            lastError = null;
            LOG.info("bridge enabled: SSCP udp {}, SIP udp {}", config.sscp(), config.sip());
        } catch (SipStartException | IOException e) {
            fail(e.getMessage());
            throw new BridgeException(e.getMessage(), e);
        }
    }

    /** Records why the bridge cannot run and leaves it cleanly disabled. */
    private void fail(String reason) {
        lastError = reason;
        stopAll();
        LOG.error("bridge disabled: {}", reason);
    }

    private boolean isRunning() {
        return sip != null && sscp != null;
    }

    private void stopAll() {
        closeSscp();
        closeSip();
    }

    private void closeSscp() {
        if (sscp != null) {
            sscp.close();
            sscp = null;
        }
    }

    private void closeSip() {
        if (sip != null) {
            sip.close();
            sip = null;
        }
    }

    private static SipSettings sipSettings(BridgeConfig c) {
        return new SipSettings(c.sip().host(), c.sip().port(), c.registrar(), c.proxy(), c.domain());
    }

    private static InetSocketAddress sscpBind(BridgeConfig c) {
        return new InetSocketAddress(c.sscp().host(), c.sscp().port());
    }

    @Override
    public synchronized BridgeStatus status() {
        BridgeConfig c = config;
        String sscpAt = sscp != null ? c.sscp().host() + ":" + sscp.localAddress().getPort()
                : c == null ? "-" : c.sscp().toString();
        String sipAt = sip != null ? sip.settings().address() + ":" + sip.localPort()
                : c == null ? "-" : c.sip().toString();
        return new BridgeStatus(isRunning(), sscpAt, sipAt, c == null ? "-" : c.registrar(),
                sscp == null ? 0 : sscp.phoneCount(), 0, 0, sscp == null ? "" : sscp.counters(), lastError);
    }

    @Override
    public synchronized BridgeStatus enable() throws BridgeException {
        wanted = true;
        start();
        return status();
    }

    @Override
    public synchronized BridgeStatus disable() {
        wanted = false;
        if (isRunning()) {
            stopAll();
            LOG.info("bridge disabled by operator");
        }
        return status();
    }

    @Override
    public String sipPing(String uri, Duration timeout) throws BridgeException {
        SipUserAgent ua;
        String target;
        synchronized (this) {
            ua = sip;
            target = uri == null || uri.isBlank() ? (config == null ? null : config.registrar()) : uri;
        }
        if (ua == null) {
            throw new BridgeException("bridge is disabled: no SIP user agent to send from");
        }
        try {
            Response r = ua.options(target, timeout).get();
            return "OPTIONS " + target + " -> " + r.getStatusCode() + " " + r.getReasonPhrase();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof TimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                    : String.valueOf(cause.getMessage());
            throw new BridgeException("OPTIONS " + target + " failed: " + why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        stopAll();
        config = null;
    }
}
