package org.sscpbridge.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sscpbridge.metrics.SipCounters.Refusal;

/**
 * A first, cheap look at a received SIP datagram, before the stack parses it or creates any
 * transaction: is it a request or a response, which method, and the few headers needed to refuse
 * it with a stateless answer (Via, From, To, Call-ID, CSeq). It also checks what the stack would
 * otherwise take on trust or answer unevenly: a SIP start line, header lines that have a name,
 * the mandatory headers (RFC 3261 §8.1.1), a CSeq that names the method, and a Content-Length no
 * larger than the body that came (RFC 3261 §18.3: such a UDP message is discarded).
 *
 * @param request  whether it is a request (else a response)
 * @param method   the request's method, or the CSeq method of a response; empty when unknown
 * @param status   the response's status code, 0 for a request
 * @param requestUser the user part of a request's sip: Request-URI; empty when none
 * @param vias     the Via header values in order
 * @param from     the From header value; empty when missing (likewise to, callId, cseq)
 * @param problem  why the message is bad, null when it is fine
 * @param refusal  the counter the problem is counted under, null when it is fine
 */
public record RawSipMessage(boolean request, String method, int status, String requestUser, List<String> vias,
        String from, String to, String callId, String cseq, String problem, Refusal refusal) {

    /** The keepalive of RFC 5626 §3.5.1 (CRLF, CRLFCRLF): the stack answers those itself. */
    public boolean keepalive() {
        return method.isEmpty() && problem == null && !request && status == 0;
    }

    public boolean ok() {
        return problem == null;
    }

    /** Whether a stateless response can be built: a request with every header a response copies. */
    public boolean answerable() {
        return request && !"ACK".equals(method) && !vias.isEmpty() && !from.isEmpty() && !to.isEmpty()
                && !callId.isEmpty() && !cseq.isEmpty();
    }

    private static final RawSipMessage KEEPALIVE = new RawSipMessage(false, "", 0, "", List.of(), "", "", "", "",
            null, null);

    /** Reads {@code length} bytes of {@code data}; never throws. */
    public static RawSipMessage read(byte[] data, int length) {
        int n = Math.min(length, data.length);
        int start = 0;
        boolean blank = true;
        for (int i = 0; i < n; i++) {
            if (data[i] != '\r' && data[i] != '\n') {
                blank = false;
                break;
            }
        }
        if (blank) {
            return KEEPALIVE;
        }
        // Headers are ASCII (RFC 3261 §25: UTF-8 only in quoted strings and comments); ISO-8859-1
        // maps every byte to one char, so offsets stay byte offsets.
        String text = new String(data, start, n, StandardCharsets.ISO_8859_1);
        Builder b = new Builder();
        int headerEnd = text.indexOf("\r\n\r\n");
        int bodyStart = headerEnd < 0 ? -1 : headerEnd + 4;
        if (headerEnd < 0 && text.indexOf("\n\n") >= 0) {
            headerEnd = text.indexOf("\n\n");
            bodyStart = headerEnd + 2;
        }
        String head = headerEnd < 0 ? text : text.substring(0, headerEnd);
        String[] lines = head.split("\r?\n", -1);
        if (!b.startLine(lines[0])) {
            return b.bad("not a SIP start line: " + printable(lines[0]), Refusal.GARBAGE);
        }
        // Every header is read even after a bad one: the mandatory ones may still allow a 400.
        String problem = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue; // folded continuation of the previous header (RFC 3261 §7.3.1)
            }
            int colon = line.indexOf(':');
            String name = colon <= 0 ? "" : line.substring(0, colon).trim();
            if (name.isEmpty() || !isToken(name)) {
                problem = problem != null ? problem : "header line without a name: " + printable(line);
                continue;
            }
            String p = b.header(name.toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            problem = problem != null ? problem : p;
        }
        if (problem != null) {
            return b.bad(problem, Refusal.BAD_HEADERS);
        }
        if (headerEnd < 0) {
            return b.bad("headers do not end (no empty line): truncated?", Refusal.BAD_HEADERS);
        }
        String missing = b.missing();
        if (missing != null) {
            return b.bad("no " + missing + " header", Refusal.BAD_HEADERS);
        }
        String cseqProblem = b.checkCseq();
        if (cseqProblem != null) {
            return b.bad(cseqProblem, Refusal.BAD_HEADERS);
        }
        if (b.contentLength != null) {
            long declared;
            try {
                declared = Long.parseLong(b.contentLength);
            } catch (NumberFormatException e) {
                return b.bad("Content-Length is not a number: " + printable(b.contentLength),
                        Refusal.BAD_CONTENT_LENGTH);
            }
            int body = n - bodyStart;
            if (declared < 0 || declared > body) {
                return b.bad("Content-Length " + declared + " but " + body + " body bytes",
                        Refusal.BAD_CONTENT_LENGTH);
            }
        }
        return b.build(null, null);
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-.!%*_+`'~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** At most 60 characters, control bytes as '?': safe to put in a log line. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 60; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 60 ? out + "..." : out.toString();
    }

    private static final class Builder {
        boolean request;
        String method = "";
        int status;
        String requestUser = "";
        final List<String> vias = new ArrayList<>();
        String from = "";
        String to = "";
        String callId = "";
        String cseq = "";
        String contentLength;

        boolean startLine(String line) {
            if (line.startsWith("SIP/2.0 ")) {
                String[] parts = line.split(" ", 3);
                if (parts.length < 2 || parts[1].length() != 3) {
                    return false;
                }
                try {
                    status = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    return false;
                }
                return status >= 100 && status <= 699;
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 3 || !"SIP/2.0".equals(parts[2]) || !isToken(parts[0]) || parts[1].isEmpty()) {
                return false;
            }
            request = true;
            method = parts[0];
            requestUser = userOf(parts[1]);
            return true;
        }

        private static String userOf(String uri) {
            String lower = uri.toLowerCase(Locale.ROOT);
            int colon = lower.startsWith("sip:") ? 4 : lower.startsWith("sips:") ? 5 : -1;
            int at = uri.indexOf('@');
            return colon < 0 || at < colon ? "" : uri.substring(colon, at);
        }

        /** Takes one header; returns a problem or null. Compact forms per RFC 3261 §7.3.3. */
        String header(String name, String value) {
            switch (name) {
                case "via", "v" -> vias.add(value);
                case "from", "f" -> from = value;
                case "to", "t" -> to = value;
                case "call-id", "i" -> callId = value;
                case "cseq" -> cseq = value;
                case "content-length", "l" -> {
                    if (contentLength != null && !contentLength.equals(value)) {
                        return "two different Content-Length headers";
                    }
                    contentLength = value;
                }
                default -> {
                    // not needed before the stack parses the message
                }
            }
            return null;
        }

        String missing() {
            if (vias.isEmpty()) {
                return "Via";
            }
            if (from.isEmpty()) {
                return "From";
            }
            if (to.isEmpty()) {
                return "To";
            }
            if (callId.isEmpty()) {
                return "Call-ID";
            }
            return cseq.isEmpty() ? "CSeq" : null;
        }

        String checkCseq() {
            String[] parts = cseq.trim().split("\\s+");
            if (parts.length != 2) {
                return "bad CSeq: " + printable(cseq);
            }
            try {
                long number = Long.parseLong(parts[0]);
                if (number < 0 || number >= (1L << 31)) {
                    return "CSeq number out of range: " + printable(parts[0]);
                }
            } catch (NumberFormatException e) {
                return "bad CSeq: " + printable(cseq);
            }
            if (request) {
                // ACK and CANCEL carry the INVITE's number with their own method (RFC 3261 §17.1.1.3, §9.1).
                return parts[1].equals(method) ? null : "CSeq method " + printable(parts[1]) + " is not " + method;
            }
            method = parts[1];
            return null;
        }

        RawSipMessage bad(String problem, Refusal refusal) {
            return build(problem, refusal);
        }

        RawSipMessage build(String problem, Refusal refusal) {
            return new RawSipMessage(request, method, status, requestUser, List.copyOf(vias), from, to, callId, cseq,
                    problem, refusal);
        }
    }
}
