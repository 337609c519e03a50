package org.sscpbridge.feature.phonebook;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sscpbridge.store.PhoneBookStore;

/**
 * The phone book as vCards. Written as vCard 3.0 (RFC 2426 over the MIME directory profile, RFC
 * 2425): per entry {@code BEGIN:VCARD}, {@code VERSION:3.0}, {@code UID} (the id), {@code N}
 * (last;first;;;), {@code FN}, {@code TEL}, {@code END:VCARD}; CRLF line ends; text values with
 * {@code \\ , ;} and line breaks escaped; lines folded at 75 octets without splitting a UTF-8
 * character; UTF-8, no byte order mark.
 *
 * <p>Read: vCard 2.1, 3.0 and 4.0 with the same properties. Lines are unfolded (a line starting
 * with a space or tab continues the one before), property groups ({@code item1.TEL}) and
 * parameters are ignored except {@code ENCODING=QUOTED-PRINTABLE} / {@code CHARSET} of vCard 2.1;
 * the first {@code TEL} is the number (a 4.0 {@code tel:} URI loses its scheme and parameters); a
 * card without {@code N}, or whose {@code N} holds no name, takes {@code FN} as last name (unless
 * {@code FN} is only its number); a card without any {@code TEL} is skipped and counted. Other
 * properties (PHOTO, EMAIL, ...) are ignored. A card not closed, a nested {@code BEGIN:VCARD}, text
 * outside the cards, an unknown VERSION or a logical line longer than
 * {@link PhoneBookFiles#MAX_LINE} characters refuses the file, naming the card and line.
 *
 * <p>Our own code rather than a vCard library (ez-vcard is no OSGi bundle and brings its own
 * dependencies): five properties and the line grammar are all the phone book needs.
 */
final class PhoneBookVCard {
    /** Octets per line before folding (RFC 2425 §5.8.1), not counting the CRLF. */
    static final int FOLD = 75;

    /** What a file held: the cards with a number, and how many cards had none. */
    record Parsed(List<RawEntry> entries, int skipped) {}

    private PhoneBookVCard() {
    }

    /** The cards of {@code text} (no byte order mark), unvalidated, each with its card and line. */
    static Parsed read(String text) throws BadPhoneBookFile {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<RawEntry> out = new ArrayList<>();
        int skipped = 0;
        int cards = 0;
        Card card = null;
        int i = 0;
        while (i < lines.length) {
            int at = i + 1;
            StringBuilder logical = new StringBuilder(lines[i++]);
            while (i < lines.length && !lines[i].isEmpty() && (lines[i].charAt(0) == ' ' || lines[i].charAt(0) == '\t')) {
                logical.append(lines[i], 1, lines[i].length());
                i++;
                checkLength(logical, at);
            }
            checkLength(logical, at);
            if (logical.toString().isBlank()) {
                continue;
            }
            int colon = colon(logical);
            if (colon < 0) {
                if (card == null) {
                    throw new BadPhoneBookFile("line " + at + ": outside BEGIN:VCARD ... END:VCARD");
                }
                continue; // e.g. a vCard 2.1 BASE64 continuation of an ignored PHOTO
            }
            List<String> head = split(logical.substring(0, colon), ';', true);
            String name = head.get(0).strip();
            name = name.substring(name.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
            boolean qp = head.stream().skip(1).map(p -> p.strip().toUpperCase(Locale.ROOT))
                    .anyMatch(p -> p.equals("QUOTED-PRINTABLE") || p.equals("ENCODING=QUOTED-PRINTABLE"));
            if (qp) {
                // vCard 2.1 soft line breaks: a quoted-printable value ending in '=' goes on.
                while (logical.length() > 0 && logical.charAt(logical.length() - 1) == '=' && i < lines.length) {
                    logical.setLength(logical.length() - 1);
                    logical.append(lines[i++].stripLeading());
                    checkLength(logical, at);
                }
            }
            String value = logical.substring(colon + 1);
            if (qp) {
                value = quotedPrintable(value, charset(head));
            }
            String where = "card " + cards + " (line " + at + ")";
            switch (name) {
                case "BEGIN" -> {
                    if (!value.strip().equalsIgnoreCase("VCARD")) {
                        throw new BadPhoneBookFile("line " + at + ": BEGIN:" + value.strip() + " is no vCard");
                    }
                    if (card != null) {
                        throw new BadPhoneBookFile(where + ": BEGIN:VCARD inside a card");
                    }
                    if (out.size() == PhoneBookFiles.MAX_ENTRIES) {
                        throw new BadPhoneBookFile("line " + at + ": more than " + PhoneBookFiles.MAX_ENTRIES
                                + " entries");
                    }
                    cards++;
                    card = new Card(cards, at);
                }
                case "END" -> {
                    if (card == null) {
                        throw new BadPhoneBookFile("line " + at + ": END without BEGIN:VCARD");
                    }
                    RawEntry e = card.entry();
                    if (e == null) {
                        skipped++;
                    } else {
                        out.add(e);
                    }
                    card = null;
                }
                default -> {
                    if (card == null) {
                        throw new BadPhoneBookFile("line " + at + ": outside BEGIN:VCARD ... END:VCARD");
                    }
                    card.property(name, value, at);
                }
            }
        }
        if (card != null) {
            throw new BadPhoneBookFile("card " + card.number + " (line " + card.line + "): no END:VCARD");
        }
        return new Parsed(out, skipped);
    }

    /** The properties of one card being read: the first of each counts. */
    private static final class Card {
        final int number;
        final int line;
        List<String> n;
        String fn;
        String tel;
        String uid;

        Card(int number, int line) {
            this.number = number;
            this.line = line;
        }

        void property(String name, String value, int at) throws BadPhoneBookFile {
            switch (name) {
                case "VERSION" -> {
                    String v = value.strip();
                    if (!v.equals("2.1") && !v.equals("3.0") && !v.equals("4.0")) {
                        throw new BadPhoneBookFile("card " + number + " (line " + at + "): VERSION " + v
                                + " not supported (2.1, 3.0, 4.0)");
                    }
                }
                case "N" -> {
                    if (n == null) {
                        n = split(value, ';', false).stream().map(PhoneBookVCard::unescape).toList();
                    }
                }
                case "FN" -> fn = fn == null ? unescape(value) : fn;
                case "TEL" -> tel = tel == null ? telNumber(unescape(value)) : tel;
                case "UID" -> uid = uid == null ? unescape(value) : uid;
                default -> {
                    // not a phone book field
                }
            }
        }

        RawEntry entry() {
            if (tel == null) {
                return null;
            }
            String last = n != null && !n.isEmpty() ? n.get(0) : null;
            String first = n != null && n.size() > 1 ? n.get(1) : null;
            boolean named = (last != null && !last.isBlank()) || (first != null && !first.isBlank());
            if (!named && fn != null && !fn.isBlank() && !fn.strip().equals(tel.strip())) {
                last = fn;
            }
            return new RawEntry("card " + number + " (line " + line + ")", uid == null ? null : uid.strip(),
                    last, first, tel);
        }
    }

    private static void checkLength(CharSequence logical, int at) throws BadPhoneBookFile {
        if (logical.length() > PhoneBookFiles.MAX_LINE) {
            throw new BadPhoneBookFile("line " + at + ": longer than " + PhoneBookFiles.MAX_LINE + " characters");
        }
    }

    /** The first ':' outside double quotes (a 4.0 parameter value may hold one), or -1. */
    private static int colon(CharSequence line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code s} split at {@code sep}: outside double quotes ({@code quotes}, for parameters), or
     * where not escaped by a backslash (for N's components, which stay escaped).
     */
    private static List<String> split(String s, char sep, boolean quotes) {
        List<String> parts = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!quotes && c == '\\' && i + 1 < s.length()) {
                b.append(c).append(s.charAt(++i));
            } else if (quotes && c == '"') {
                quoted = !quoted;
                b.append(c);
            } else if (c == sep && !quoted) {
                parts.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        parts.add(b.toString());
        return parts;
    }

    /** A text value with its escapes ({@code \\ \, \; \: \n \N}) resolved; other backslashes kept. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                switch (next) {
                    case '\\', ',', ';', ':' -> {
                        b.append(next);
                        i++;
                        continue;
                    }
                    case 'n', 'N' -> {
                        b.append('\n');
                        i++;
                        continue;
                    }
                    default -> {
                        // not an escape: the backslash is text
                    }
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /** A TEL value as a number: a {@code tel:} URI loses its scheme and its {@code ;} parameters. */
    private static String telNumber(String value) {
        String v = value.strip();
        if (v.regionMatches(true, 0, "tel:", 0, 4)) {
            v = v.substring(4);
            int semicolon = v.indexOf(';');
            if (semicolon >= 0) {
                v = v.substring(0, semicolon);
            }
        }
        return v;
    }

    private static Charset charset(List<String> params) {
        for (String p : params) {
            String s = p.strip();
            if (s.regionMatches(true, 0, "CHARSET=", 0, 8)) {
                try {
                    return Charset.forName(s.substring(8).replace("\"", ""));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Quoted-printable (RFC 2045 §6.7) decoded: {@code =XX} is a byte; a malformed {@code =} stays text. */
    static String quotedPrintable(String value, Charset charset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                bytes.write(hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return new String(bytes.toByteArray(), charset);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** The entries as vCard 3.0 text. */
    static String write(List<PhoneBookStore.Entry> entries) {
        StringBuilder b = new StringBuilder();
        for (PhoneBookStore.Entry e : entries) {
            b.append("BEGIN:VCARD\r\n").append("VERSION:3.0\r\n");
            if (e.id() != null) {
                b.append(fold("UID:" + escape(e.id())));
            }
            b.append(fold("N:" + escape(e.lastName()) + ";" + escape(e.firstName()) + ";;;"));
            String display = PhoneBook.displayName(e);
            b.append(fold("FN:" + escape(display.isEmpty() ? e.number() : display)));
            b.append(fold("TEL:" + e.number()));
            b.append("END:VCARD\r\n");
        }
        return b.toString();
    }

    /** A text value escaped (RFC 2426 §4: backslash, comma, semicolon, line breaks as {@code \n}). */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', ',', ';' -> b.append('\\').append(c);
                case '\r' -> {
                    if (i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                        i++;
                    }
                    b.append("\\n");
                }
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * One content line with its CRLF, folded so that no line exceeds {@link #FOLD} octets of UTF-8:
     * each continuation starts with a space, and no character is split.
     */
    static String fold(String line) {
        StringBuilder b = new StringBuilder(line.length() + 8);
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + n > FOLD) {
                b.append("\r\n ");
                octets = 1;
            }
            b.appendCodePoint(cp);
            octets += n;
            i += Character.charCount(cp);
        }
        return b.append("\r\n").toString();
    }
}
