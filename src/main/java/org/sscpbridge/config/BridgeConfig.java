package org.sscpbridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The bridge's configuration (PID {@code sscp.bridge}), already checked: every value is in range.
 * Built by {@link BridgeConfigParser}; see OPERATOR.md / README for the keys.
 */
public record BridgeConfig(
        boolean enabled,
        Endpoint sscp,
        Endpoint sip,
        String registrar,
        String proxy,
        String domain,
        int registerExpires,
        Duration registerRetryBase,
        Duration registerRetryMax,
        int registerRate,
        int keepalive,
        String digitMap,
        Duration interdigitTimeout,
        boolean dtmfInfo,
        boolean autoprovision,
        StoreConfig store,
        int historyMax,
        FeatureNumbers features,
        Limits limits,
        Mwi mwi,
        Bounds bounds) {

    public BridgeConfig {
        Objects.requireNonNull(sscp, "sscp");
        Objects.requireNonNull(sip, "sip");
        Objects.requireNonNull(registrar, "registrar");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(digitMap, "digitMap");
        Objects.requireNonNull(registerRetryBase, "registerRetryBase");
        Objects.requireNonNull(registerRetryMax, "registerRetryMax");
        Objects.requireNonNull(interdigitTimeout, "interdigitTimeout");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(mwi, "mwi");
        Objects.requireNonNull(bounds, "bounds");
    }

    /** A local UDP address: host (literal IP or name) and port (0 = any free port). */
    public record Endpoint(String host, int port) {
        public Endpoint {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /**
     * Where the durable store lives: the embedded database in {@code dataDir}, or, when {@code url}
     * is not empty, a shared database at that JDBC URL (several bridges may use one).
     */
    public record StoreConfig(Path dataDir, String url, String user, String password) {
        public StoreConfig {
            Objects.requireNonNull(dataDir, "dataDir");
            url = url == null ? "" : url;
            user = user == null ? "" : user;
            password = password == null ? "" : password;
        }

        @Override
        public String toString() {
            // Never print the password.
            return url.isEmpty() ? "embedded in " + dataDir : url + (user.isEmpty() ? "" : " as " + user);
        }
    }

    /** PBX numbers and codes that soft keys dial; empty when not configured. */
    public record FeatureNumbers(String voicemail, String park, String pickup, String meetme, String conferenceUri,
            Duration noAnswerForward) {}

    /**
     * Protective limits of the SSCP side: datagrams per second and burst per source address, the
     * same per source IP (phones behind one NAT share it), and how many peers the transport tracks.
     */
    /**
     * Queue bounds (docs/RELIABILITY.md "Resource bounds"): events waiting per phone
     * ({@code sscp.phone.queue.max}) and per SIP dialog ({@code sip.dialog.queue.max}), phones
     * registered without a device configuration ({@code autoprovision.max}), store requests
     * waiting ({@code store.queue.max}).
     */
    public record Bounds(int phoneQueue, int dialogQueue, int autoprovisionMax, int storeQueue) {
        /** The defaults of {@link Defaults#BRIDGE}. */
        public static Bounds defaults() {
            return new Bounds(Defaults.bridgeInt("sscp.phone.queue.max"), Defaults.bridgeInt("sip.dialog.queue.max"),
                    Defaults.bridgeInt("autoprovision.max"), Defaults.bridgeInt("store.queue.max"));
        }
    }

    public record Limits(int ratePerSecond, int rateBurst, int ratePerIp, int burstPerIp, int maxPeers) {}

    /**
     * Message waiting (SPEC §6): whether lines SUBSCRIBE to message-summary, where the SUBSCRIBEs go
     * (a SIP URI; the registrar unless set), whether NOTIFYs outside a subscription are taken.
     */
    public record Mwi(boolean subscribe, String server, boolean unsolicited) {
        public Mwi {
            Objects.requireNonNull(server, "server");
        }
    }

    /** Whether moving from this configuration to {@code next} needs the SSCP socket reopened. */
    public boolean sscpSocketDiffers(BridgeConfig next) {
        return !sscp.equals(next.sscp) || !limits.equals(next.limits);
    }

    /** Whether moving from this configuration to {@code next} needs the SIP stack recreated. */
    public boolean sipStackDiffers(BridgeConfig next) {
        return !sip.equals(next.sip);
    }

    /** Whether moving to {@code next} needs the store reopened (and so the SSCP side restarted). */
    public boolean storeDiffers(BridgeConfig next) {
        return !store.equals(next.store);
    }

    /** Whether moving to {@code next} changes how lines register (so every line registers anew). */
    public boolean registrationDiffers(BridgeConfig next) {
        return !registrar.equals(next.registrar) || !proxy.equals(next.proxy) || !domain.equals(next.domain)
                || registerExpires != next.registerExpires || registerRate != next.registerRate || !registerRetryBase.equals(next.registerRetryBase)
                || !registerRetryMax.equals(next.registerRetryMax);
    }
}
