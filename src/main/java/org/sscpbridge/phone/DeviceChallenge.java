package org.sscpbridge.phone;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The device-secret challenge of SPEC §4: nonce, and {@code hex(HMAC-SHA256(secret, nonce + device id))}. */
public final class DeviceChallenge {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceChallenge() {}

    public static String newNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** What a phone holding {@code secret} answers to {@code nonce}. */
    public static String response(String secret, String nonce, String deviceId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((nonce + deviceId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Checks an answer in constant time (hex, either case). */
    public static boolean verify(String secret, String nonce, String deviceId, String answer) {
        if (answer == null) {
            return false;
        }
        byte[] expected = response(secret, nonce, deviceId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = answer.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
