package org.sscpbridge.sip;

import javax.sip.header.MinExpiresHeader;
import javax.sip.message.Response;

/**
 * The answers a refreshed client request of one line (REGISTER, SUBSCRIBE) may retry on: a
 * 401/407 with the line's credentials (twice at most, more only for a stale nonce, RFC 3261 §22),
 * a 423 with the Min-Expires asked for (three times at most, §10.2.8). Confined to its owner's
 * thread or lock, like the owner's other state.
 */
final class RefreshRetries {
    private static final int MAX_AUTH_ROUNDS = 2;
    private static final int MAX_423_ROUNDS = 3;

    private final DigestAuthenticator digest;
    private final String authUser;
    private int authRounds;
    private int rounds423;

    RefreshRetries(DigestAuthenticator digest, String authUser) {
        this.digest = digest;
        this.authUser = authUser;
    }

    /** A 2xx: the next failure starts counting afresh. */
    void succeeded() {
        authRounds = 0;
        rounds423 = 0;
    }

    /**
     * A 401/407: null when the request should go again (the digest has taken the challenge), else
     * why it failed, for the line's status.
     */
    String onChallenge(Response response, String statusLine) {
        DigestAuthenticator.Challenge challenge = DigestAuthenticator.challengeOf(response);
        if (challenge == null) {
            return statusLine + " with a challenge the bridge cannot answer";
        }
        if (!digest.accept(challenge) || (authRounds >= MAX_AUTH_ROUNDS && !challenge.stale())) {
            return statusLine + ": wrong credentials for " + authUser;
        }
        authRounds++;
        return null;
    }

    /** Any answer but a challenge: the credentials were taken. */
    void notChallenged() {
        authRounds = 0;
    }

    /**
     * A 423 to a request that asked for {@code requested} seconds while {@code current} is the
     * line's Expires: the longer Expires to ask next, or 0 when there is none to try.
     */
    int longerExpires(Response response, int requested, int current) {
        if (response.getStatusCode() != Response.INTERVAL_TOO_BRIEF || requested <= 0
                || rounds423++ >= MAX_423_ROUNDS) {
            return 0;
        }
        MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
        return min != null && min.getExpires() > current ? min.getExpires() : 0;
    }
}
