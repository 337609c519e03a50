package org.sscpbridge.sscp.codec;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which charsets SSCP datagrams may be written in (docs/PROTOCOL.md §6.9): a charset the JVM
 * can encode and decode that is ASCII-compatible, i.e. writes every ASCII character as that one
 * ASCII byte, so that markup, the XML declaration and every byte-level scan stay the same as in
 * UTF-8. Stateful (escape-sequence) charsets such as ISO-2022-KR are refused: a shift state
 * could hide markup from a byte-level reader.
 *
 * <p>Thread-safety: thread-safe (the verdict cache holds at most one entry per JVM charset).
 */
public final class WireCharsets {
    /** Every ASCII character that markup, declarations and numbers use. */
    private static final String ASCII_SAMPLE;

    static {
        StringBuilder sb = new StringBuilder("\t\n\r");
        for (char c = 0x20; c < 0x7F; c++) {
            sb.append(c);
        }
        ASCII_SAMPLE = sb.toString();
    }

    private static final byte[] ASCII_SAMPLE_BYTES = ASCII_SAMPLE.getBytes(StandardCharsets.US_ASCII);
    private static final Map<Charset, String> VERDICTS = new ConcurrentHashMap<>();
    private static final String OK = "";

    private WireCharsets() {
    }

    /**
     * The charset called {@code name} (canonical name or alias, case-insensitive).
     *
     * @throws IllegalArgumentException naming why it cannot carry SSCP: unknown to the JVM,
     *     encode-only or decode-only, stateful, or not ASCII-compatible
     */
    public static Charset forName(String name) {
        Charset charset;
        try {
            charset = Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("'" + name + "' is not a charset this JVM knows (e.g. UTF-8, EUC-KR)");
        }
        String problem = problem(charset);
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "' " + problem);
        }
        return charset;
    }

    /** Whether {@code charset} may carry SSCP datagrams (see the class comment). */
    public static boolean isUsable(Charset charset) {
        return problem(charset).isEmpty();
    }

    private static String problem(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return OK;
        }
        return VERDICTS.computeIfAbsent(charset, WireCharsets::judge);
    }

    private static String judge(Charset charset) {
        if (!charset.canEncode()) {
            return "cannot be encoded to";
        }
        if (charset.name().toUpperCase(Locale.ROOT).startsWith("ISO-2022")) {
            return "is stateful (escape sequences); use its EUC form (e.g. EUC-KR)";
        }
        if (!Arrays.equals(ASCII_SAMPLE.getBytes(charset), ASCII_SAMPLE_BYTES)) {
            return "does not write ASCII as ASCII bytes (as UTF-16 or EBCDIC)";
        }
        return OK;
    }
}
