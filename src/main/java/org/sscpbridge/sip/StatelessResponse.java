package org.sscpbridge.sip;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A response built from a {@link RawSipMessage} without the stack: no transaction, no dialog, no
 * parsing beyond the raw look (RFC 3261 §8.2.6: Via, From, Call-ID and CSeq copied, a To tag
 * added). What a refused request gets when the bridge will not spend a transaction on it.
 *
 * <p>Thread-safety: stateless.
 */
final class StatelessResponse {
    private StatelessResponse() {
    }

    /**
     * The bytes of response {@code status} {@code reason} to {@code request} (which must be
     * {@link RawSipMessage#answerable()}), with {@code Retry-After} when {@code retryAfterSeconds > 0}.
     */
    static byte[] to(RawSipMessage request, int status, String reason, int retryAfterSeconds) {
        StringBuilder b = new StringBuilder(512);
        b.append("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String via : request.vias()) {
            b.append("Via: ").append(via).append("\r\n");
        }
        b.append("From: ").append(request.from()).append("\r\n");
        String to = request.to();
        if (!to.toLowerCase(Locale.ROOT).matches(".*;\\s*tag\\s*=.*")) {
            // Any tag will do: no dialog is created, but a UAC needs one to tell final answers apart.
            to = to + ";tag=" + Integer.toHexString(request.callId().hashCode() ^ 0x5f3759df);
        }
        b.append("To: ").append(to).append("\r\n");
        b.append("Call-ID: ").append(request.callId()).append("\r\n");
        b.append("CSeq: ").append(request.cseq()).append("\r\n");
        if (retryAfterSeconds > 0) {
            b.append("Retry-After: ").append(retryAfterSeconds).append("\r\n");
        }
        b.append("Server: sscp-sip-bridge\r\n");
        b.append("Content-Length: 0\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
