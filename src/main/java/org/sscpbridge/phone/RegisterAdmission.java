package org.sscpbridge.phone;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.time.Scheduler;

/**
 * Decides what a Register gets (SPEC §4): the device must be configured (or autoprovisioning on),
 * come from an allowed network, pass the secret challenge when it has a secret, and not steal a
 * live session from another address unless it proved the secret. Thread-safe.
 */
final class RegisterAdmission {
    /** How long an issued nonce may be answered. */
    static final Duration NONCE_LIFETIME = Duration.ofSeconds(30);
    /** Bound on outstanding nonces, so a flood of Registers cannot grow memory without limit. */
    static final int MAX_NONCES = 10_000;

    sealed interface Decision {}

    record Accept(DeviceConfig config, boolean provedSecret) implements Decision {}

    record Reject(int code, String reason) implements Decision {}

    record Challenge(String nonce) implements Decision {}

    private record NonceKey(String deviceId, InetSocketAddress source) {}

    private record Issued(String nonce, Instant expires) {}

    private final DeviceDirectory directory;
    private final Scheduler clock;
    private volatile boolean autoprovision;
    private final Map<NonceKey, Issued> nonces = new ConcurrentHashMap<>();

    RegisterAdmission(DeviceDirectory directory, Scheduler clock, boolean autoprovision) {
        this.directory = directory;
        this.clock = clock;
        this.autoprovision = autoprovision;
    }

    void setAutoprovision(boolean on) {
        autoprovision = on;
    }

    Decision decide(PhoneMessage.Register register, InetSocketAddress source, Optional<PhoneSession> current) {
        String id = register.deviceId();
        Optional<DeviceConfig> configured = directory.find(id);
        if (configured.isEmpty() && !autoprovision) {
            return new Reject(403, "unknown device " + id);
        }
        DeviceConfig config = configured.orElseGet(() -> DeviceConfig.autoprovisioned(id));
        if (!config.allows(source.getAddress())) {
            return new Reject(403, "device " + id + " may not register from " + source.getAddress().getHostAddress());
        }
        boolean proved = false;
        if (config.secret().isPresent()) {
            NonceKey key = new NonceKey(id, source);
            if (register.authResponse() == null) {
                return challenge(key);
            }
            Issued issued = nonces.remove(key);
            if (issued == null || clock.now().isAfter(issued.expires())) {
                // The nonce is unknown or stale: a fresh challenge, not a refusal (the phone may have
                // answered an older one, or its answer crossed a bridge restart).
                return challenge(key);
            }
            if (!DeviceChallenge.verify(config.secret().get(), issued.nonce(), id, register.authResponse())) {
                return new Reject(403, "challenge answer wrong for " + id);
            }
            proved = true;
        }
        if (current.isPresent() && !current.get().address().equals(source) && current.get().isLive() && !proved) {
            return new Reject(409, "device " + id + " is registered from another address");
        }
        return new Accept(config, proved);
    }

    private Challenge challenge(NonceKey key) {
        if (nonces.size() >= MAX_NONCES) {
            Instant now = clock.now();
            nonces.values().removeIf(i -> now.isAfter(i.expires()));
            if (nonces.size() >= MAX_NONCES) {
                nonces.clear();
            }
        }
        String nonce = DeviceChallenge.newNonce();
        nonces.put(key, new Issued(nonce, clock.now().plus(NONCE_LIFETIME)));
        return new Challenge(nonce);
    }
}
