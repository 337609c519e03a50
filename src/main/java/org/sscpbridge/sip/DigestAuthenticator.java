package org.sscpbridge.sip;

import gov.nist.javax.sip.header.AuthenticationHeader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.Locale;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Digest authentication for one SIP account (RFC 3261 §22, RFC 2617 / 7616: MD5, MD5-sess,
 * SHA-256, qop=auth). Remembers the last challenge so that later requests (refreshes,
 * unregistration) are authorized up front, with the nonce count incremented each time.
 * Not thread-safe: one owner (a registration) uses it under its own lock.
 */
final class DigestAuthenticator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final String password;
    private Challenge challenge;
    private int nonceCount;

    /** What a 401/407 asked for. */
    record Challenge(boolean proxy, String realm, String nonce, String opaque, String algorithm, boolean qopAuth,
            boolean stale) {}

    DigestAuthenticator(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** Reads the challenge of a 401 or 407; null if it holds none we can answer. */
    static Challenge challengeOf(Response response) {
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        // Both challenge headers are the RI's AuthenticationHeader: one reading serves 401 and 407.
        Object header = response.getHeader(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        if (!(header instanceof AuthenticationHeader h)) {
            return null;
        }
        String realm = h.getRealm();
        String nonce = h.getNonce();
        String opaque = h.getOpaque();
        String algorithm = h.getAlgorithm();
        String qop = h.getQop();
        String stale = h.getParameter("stale");
        if (realm == null || nonce == null) {
            return null;
        }
        String alg = algorithm == null ? "MD5" : algorithm;
        if (digestName(alg) == null) {
            return null;
        }
        boolean qopAuth = qop != null && qop.toLowerCase(Locale.ROOT).matches("(.*,\\s*)?auth(\\s*,.*)?");
        return new Challenge(proxy, realm, nonce, opaque, alg, qopAuth, "true".equalsIgnoreCase(stale));
    }

    /**
     * Takes a new challenge. Returns false when it should not be answered again: the same nonce
     * was already answered and the server did not call it stale, i.e. the credentials are wrong.
     */
    boolean accept(Challenge next) {
        boolean repeated = challenge != null && nonceCount > 0 && challenge.nonce().equals(next.nonce())
                && !next.stale();
        if (repeated) {
            return false;
        }
        boolean freshNonce = challenge == null || !challenge.nonce().equals(next.nonce());
        challenge = next;
        if (freshNonce) {
            nonceCount = 0;
        }
        return true;
    }

    boolean hasChallenge() {
        return challenge != null;
    }

    /** Adds Authorization (or Proxy-Authorization) answering the remembered challenge, if any. */
    void authorize(Request request, HeaderFactory headers) throws ParseException {
        if (challenge == null) {
            return;
        }
        nonceCount++;
        URI uri = request.getRequestURI();
        String digestUri = uri.toString();
        String nc = String.format("%08x", nonceCount);
        String cnonce = HexFormat.of().formatHex(randomBytes());
        String response = response(request.getMethod(), digestUri, nc, cnonce);
        AuthorizationHeader h = challenge.proxy()
                ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        h.setUsername(user);
        h.setRealm(challenge.realm());
        h.setNonce(challenge.nonce());
        h.setURI(uri);
        h.setResponse(response);
        h.setAlgorithm(challenge.algorithm());
        if (challenge.opaque() != null) {
            h.setOpaque(challenge.opaque());
        }
        if (challenge.qopAuth()) {
            h.setQop("auth");
            h.setCNonce(cnonce);
            h.setNonceCount(nonceCount);
        }
        request.removeHeader(challenge.proxy() ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        request.addHeader(h);
    }

    private String response(String method, String digestUri, String nc, String cnonce) {
        String alg = challenge.algorithm();
        String ha1 = hash(alg, user + ":" + challenge.realm() + ":" + password);
        if (alg.toLowerCase(Locale.ROOT).endsWith("-sess")) {
            ha1 = hash(alg, ha1 + ":" + challenge.nonce() + ":" + cnonce);
        }
        String ha2 = hash(alg, method + ":" + digestUri);
        if (challenge.qopAuth()) {
            return hash(alg, ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        }
        return hash(alg, ha1 + ":" + challenge.nonce() + ":" + ha2);
    }

    private static String digestName(String algorithm) {
        return switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "MD5", "MD5-SESS" -> "MD5";
            case "SHA-256", "SHA-256-SESS" -> "SHA-256";
            default -> null;
        };
    }

    static String hash(String algorithm, String text) {
        try {
            MessageDigest md = MessageDigest.getInstance(digestName(algorithm));
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
