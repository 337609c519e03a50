package org.sscpbridge.sip;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sscpbridge.call.MailboxStatus;

/**
 * Reads an {@code application/simple-message-summary} body (RFC 3842 §5.2). Lenient where the
 * grammar allows it to be (header names in any case, blanks around values, CRLF or LF line ends,
 * unknown summary lines and the optional message headers after the blank line ignored), strict
 * where a wrong value would light a wrong lamp: {@code Messages-Waiting} must be there and be
 * {@code yes} or {@code no}, and a {@code Voice-Message} line must be {@code new/old} with an
 * optional {@code (urgent_new/urgent_old)}.
 */
final class MessageSummary {
    /** Counts above this are refused: no real mailbox holds them, and the phone shows 4 digits at most. */
    static final int MAX_COUNT = 999_999;
    private static final Pattern COUNTS = Pattern.compile(
            "(\\d{1,9})\\s*/\\s*(\\d{1,9})(?:\\s*\\(\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*\\))?");
    private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9!%*_+`'~.\\-]+)\\s*:\\s*(.*)");

    /** The body is not a message summary; the message says why. */
    static final class MalformedException extends Exception {
        MalformedException(String why) {
            super(why);
        }
    }

    private MessageSummary() {
    }

    static MailboxStatus parse(String body) throws MalformedException {
        if (body == null || body.isBlank()) {
            throw new MalformedException("empty body");
        }
        Boolean waiting = null;
        int newCount = 0;
        int oldCount = 0;
        boolean voiceSeen = false;
        String[] lines = body.split("\r\n|\n|\r", -1);
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++; // leading blank lines: tolerated
        }
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                break; // the optional message headers follow: not ours to read
            }
            Matcher h = HEADER.matcher(line.strip());
            if (!h.matches()) {
                throw new MalformedException("line " + (i + 1) + " is not 'Name: value': '" + shorten(line) + "'");
            }
            String name = h.group(1).toLowerCase(Locale.ROOT);
            String value = h.group(2).strip();
            switch (name) {
                case "messages-waiting" -> {
                    if (waiting != null) {
                        throw new MalformedException("Messages-Waiting given twice");
                    }
                    waiting = switch (value.toLowerCase(Locale.ROOT)) {
                        case "yes" -> true;
                        case "no" -> false;
                        default -> throw new MalformedException("Messages-Waiting is '" + shorten(value)
                                + "', not yes or no");
                    };
                }
                case "voice-message" -> {
                    if (voiceSeen) {
                        throw new MalformedException("Voice-Message given twice");
                    }
                    voiceSeen = true;
                    Matcher c = COUNTS.matcher(value);
                    if (!c.matches()) {
                        throw new MalformedException("Voice-Message is '" + shorten(value)
                                + "', not new/old (urgent_new/urgent_old)");
                    }
                    newCount = count(c.group(1));
                    oldCount = count(c.group(2));
                    if (c.group(3) != null && (count(c.group(3)) > newCount || count(c.group(4)) > oldCount)) {
                        throw new MalformedException("Voice-Message has more urgent than all messages: '" + value + "'");
                    }
                }
                default -> {
                    // Message-Account, other message-context-classes (fax, pager, ...), extensions.
                }
            }
        }
        if (waiting == null) {
            throw new MalformedException("no Messages-Waiting line");
        }
        return new MailboxStatus(waiting, newCount, oldCount);
    }

    /** The body we would send for {@code status} (tests, logs). */
    static String format(MailboxStatus status) {
        return "Messages-Waiting: " + (status.waiting() ? "yes" : "no") + "\r\nVoice-Message: "
                + status.newMessages() + "/" + status.oldMessages() + " (0/0)\r\n";
    }

    private static int count(String digits) throws MalformedException {
        long n = Long.parseLong(digits);
        if (n > MAX_COUNT) {
            throw new MalformedException("message count " + digits + " above " + MAX_COUNT);
        }
        return (int) n;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
