package org.sscpbridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        Instance instance,
        Trunking trunking,
        SipLimits sipLimits,
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
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(trunking, "trunking");
        Objects.requireNonNull(sipLimits, "sipLimits");
        Objects.requireNonNull(bounds, "bounds");
    }

    /**
     * This bridge among several sharing one store (docs/DEPLOYMENT.md): its name in the store's
     * device claims, and how often it looks whether its phones registered with another instance
     * ({@link Duration#ZERO}: never).
     */
    public record Instance(String id, Duration poll) {
        public Instance {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(poll, "poll");
        }
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
     * is not empty, a shared database at that JDBC URL (several bridges may use one) with at most
     * {@code pool} connections.
     */
    public record StoreConfig(Path dataDir, String url, String user, String password, int pool) {
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
     * Protective limits of the SIP side: requests and responses per second and burst per source
     * address (IP:port), sources tracked, datagrams waiting for the stack, live calls, and the
     * networks ({@code sip.trusted.sources}) whose datagrams no per-source rate holds.
     */
    public record SipLimits(int ratePerSource, int burstPerSource, int responseRatePerSource,
            int responseBurstPerSource, int maxSources, int queueMax, int maxCalls, List<Cidr> trustedSources) {
        public SipLimits {
            trustedSources = List.copyOf(trustedSources);
        }
    }

    /**
     * Message waiting (SPEC §6): whether lines SUBSCRIBE to message-summary, where the SUBSCRIBEs go
     * (a SIP URI; the registrar unless set), whether NOTIFYs outside a subscription are taken.
     */
    public record Mwi(boolean subscribe, String server, boolean unsolicited) {
        public Mwi {
            Objects.requireNonNull(server, "server");
        }
    }

    /**
     * {@code sip.mode} and the trunks (docs/TRUNK.md): in trunk mode ({@code enabled}) the lines do
     * not register; the trunks do, and calls go out through them. {@code trunks} is ordered by N.
     */
    public record Trunking(boolean enabled, boolean localCalls, List<Trunk> trunks) {
        public Trunking {
            trunks = List.copyOf(trunks);
        }
    }

    /**
     * Trunk N: its registrar and outbound proxy (SIP URIs), digest credentials (empty user: IP
     * authentication, no REGISTER), domain, which headers carry the line's number as caller id,
     * the prefix rules for dialled numbers, and its DIDs (called number to line number).
     */
    public record Trunk(int index, String registrar, String proxy, String user, String password, String domain,
            boolean callerIdFrom, boolean callerIdPai, String prefixStrip, String prefixAdd, Map<String, String> dids) {
        public Trunk {
            Objects.requireNonNull(registrar, "registrar");
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(prefixStrip, "prefixStrip");
            Objects.requireNonNull(prefixAdd, "prefixAdd");
            dids = Map.copyOf(dids);
        }

        /** No user: the carrier knows the bridge by its address, nothing registers. */
        public boolean ipAuthentication() {
            return user.isEmpty();
        }

        /**
         * The number a dialled {@code number} becomes on this trunk: the strip prefix taken off when
         * it starts with it, then the add prefix put in front.
         */
        public String outbound(String number) {
            String n = !prefixStrip.isEmpty() && number.startsWith(prefixStrip)
                    ? number.substring(prefixStrip.length()) : number;
            return prefixAdd + n;
        }

        @Override
        public String toString() {
            // Never print the password.
            return "trunk " + index + " " + registrar + (ipAuthentication() ? " (IP authentication)" : " as " + user);
        }
    }

    /** Whether moving from this configuration to {@code next} needs the SSCP socket reopened. */
    public boolean sscpSocketDiffers(BridgeConfig next) {
        return !sscp.equals(next.sscp) || !limits.equals(next.limits);
    }

    /** Whether moving from this configuration to {@code next} needs the SIP stack recreated. */
    public boolean sipStackDiffers(BridgeConfig next) {
        return !sip.equals(next.sip) || !sipLimits.equals(next.sipLimits);
    }

    /** Whether moving to {@code next} needs the store reopened (and so the SSCP side restarted). */
    public boolean storeDiffers(BridgeConfig next) {
        return !store.equals(next.store) || !instance.equals(next.instance);
    }

    /** Whether moving to {@code next} changes how lines register (so every line registers anew). */
    public boolean registrationDiffers(BridgeConfig next) {
        return !registrar.equals(next.registrar) || !proxy.equals(next.proxy) || !domain.equals(next.domain)
                || registerExpires != next.registerExpires || registerRate != next.registerRate || !registerRetryBase.equals(next.registerRetryBase)
                || !registerRetryMax.equals(next.registerRetryMax) || !trunking.equals(next.trunking);
    }
}
