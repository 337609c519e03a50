package org.sscpbridge.sip;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.sscpbridge.config.BridgeConfig.Trunk;

/**
 * Trunk mode's routing (docs/TRUNK.md), plain rules without SIP types: which line an incoming call
 * is for, which trunk a line's calls use, and whether a dialled number stays on the bridge. Every
 * lookup is a map or index lookup, never a scan of the phones. Immutable; thread-safe as long as
 * {@code knownLine} is.
 */
public final class TrunkPlan {
    private final List<Trunk> trunks;
    private final boolean localCalls;
    private final Predicate<String> knownLine;
    /** Every trunk's DIDs together (the parser refuses a DID on two trunks). */
    private final Map<String, String> dids = new HashMap<>();
    /** Line number to the trunk whose DID map names it first. */
    private final Map<String, Trunk> trunkOfLine = new HashMap<>();

    /**
     * @param trunks     the trunks, trunk 1 first (at least one)
     * @param localCalls whether a call to one of the bridge's own lines stays on the bridge
     * @param knownLine  whether a number is a line of a phone registered at this bridge (the phone
     *                   registry's line index)
     */
    public TrunkPlan(List<Trunk> trunks, boolean localCalls, Predicate<String> knownLine) {
        if (trunks.isEmpty()) {
            throw new IllegalArgumentException("trunk mode needs a trunk");
        }
        this.trunks = List.copyOf(trunks);
        this.localCalls = localCalls;
        this.knownLine = knownLine;
        for (Trunk t : this.trunks) {
            dids.putAll(t.dids());
            t.dids().values().forEach(line -> trunkOfLine.putIfAbsent(line, t));
        }
    }

    public List<Trunk> trunks() {
        return trunks;
    }

    /**
     * The line an INVITE is for: the Request-URI user when it is a line of this bridge, else the To
     * user when it is; else the DID map of the Request-URI user, else of the To user. Empty: nobody
     * here (404).
     */
    public Optional<String> incoming(String requestUser, String toUser) {
        if (requestUser != null && knownLine.test(requestUser)) {
            return Optional.of(requestUser);
        }
        if (toUser != null && knownLine.test(toUser)) {
            return Optional.of(toUser);
        }
        String byRequest = requestUser == null ? null : dids.get(requestUser);
        if (byRequest != null) {
            return Optional.of(byRequest);
        }
        return Optional.ofNullable(toUser == null ? null : dids.get(toUser));
    }

    /** The trunk a line registers behind and calls out through: the first whose DIDs name it, else trunk 1. */
    public Trunk trunkOf(String line) {
        return trunkOfLine.getOrDefault(line, trunks.get(0));
    }

    /** Whether a call to {@code number} stays on the bridge: local calls wanted and it is one of our lines. */
    public boolean isLocal(String number) {
        return localCalls && knownLine.test(number);
    }
}
