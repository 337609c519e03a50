package org.sscpbridge.tools.phone;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The answer to a registration challenge (SPEC §4):
 * {@code lowercase hex(HMAC-SHA256(key = secret, data = nonce + device id))}, all UTF-8.
 */
public final class AuthAnswer {
    private AuthAnswer() {
    }

    public static String compute(String secret, String nonce, String deviceId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((nonce + deviceId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java runtime ships HmacSHA256, and a non-empty key is always valid.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
