package org.sscpbridge.feature.phonebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sscpbridge.store.PhoneBookStore;

/**
 * The phone book as CSV (RFC 4180): a header line {@code id,lastname,firstname,number}, one
 * record per entry, CRLF line ends, fields quoted when they hold a comma, a quote, a line break or
 * leading / trailing spaces (a quote inside doubled). Written without byte order mark.
 *
 * <p>Reading is stricter about structure than about style: LF, CRLF or CR line ends; the header
 * names the columns in any order (case, spaces, {@code _} and {@code -} ignored, so
 * {@code Last Name} is {@code lastname}; unknown columns ignored; {@code number} required); blank
 * lines skipped; unquoted fields trimmed; every record has the header's number of fields. An
 * unclosed quote, text after a closing quote, a quote inside an unquoted field or a record longer
 * than {@link PhoneBookFiles#MAX_LINE} characters refuses the file, naming the line.
 *
 * <p>Our own code rather than a CSV library: the grammar is a dozen lines, and a library would be a
 * further bundle to deploy for it.
 */
final class PhoneBookCsv {
    static final String HEADER = "id,lastname,firstname,number";
    private static final String[] COLUMNS = {"id", "lastname", "firstname", "number"};

    private final String text;
    private int pos;
    private int line = 1;

    private PhoneBookCsv(String text) {
        this.text = text;
    }

    /** The entries of {@code text} (no byte order mark), unvalidated, each with its line. */
    static List<RawEntry> read(String text) throws BadPhoneBookFile {
        PhoneBookCsv p = new PhoneBookCsv(text);
        int[] column = null; // index in a record of id, lastname, firstname, number (-1: absent)
        int width = 0;
        List<RawEntry> out = new ArrayList<>();
        while (p.pos < text.length()) {
            int at = p.line;
            List<String> fields = p.record();
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (column == null) {
                column = header(fields);
                width = fields.size();
                continue;
            }
            if (fields.size() != width) {
                throw new BadPhoneBookFile("line " + at + ": " + fields.size() + " fields, the header has " + width);
            }
            if (out.size() == PhoneBookFiles.MAX_ENTRIES) {
                throw new BadPhoneBookFile("line " + at + ": more than " + PhoneBookFiles.MAX_ENTRIES + " entries");
            }
            out.add(new RawEntry("line " + at, field(fields, column[0]), field(fields, column[1]),
                    field(fields, column[2]), field(fields, column[3])));
        }
        if (column == null) {
            throw new BadPhoneBookFile("line 1: no header " + HEADER);
        }
        return out;
    }

    private static int[] header(List<String> fields) throws BadPhoneBookFile {
        int[] column = {-1, -1, -1, -1};
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
            for (int c = 0; c < COLUMNS.length; c++) {
                if (COLUMNS[c].equals(name)) {
                    if (column[c] >= 0) {
                        throw new BadPhoneBookFile("line 1: column " + COLUMNS[c] + " twice in the header");
                    }
                    column[c] = i;
                }
            }
        }
        if (column[3] < 0) {
            throw new BadPhoneBookFile("line 1: the header has no number column (expected " + HEADER
                    + ", comma-separated)");
        }
        return column;
    }

    private static String field(List<String> fields, int index) {
        return index < 0 ? null : fields.get(index);
    }

    /** One record from {@code pos}, which it leaves after the record's line end. */
    private List<String> record() throws BadPhoneBookFile {
        int start = pos;
        int startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (pos - start > PhoneBookFiles.MAX_LINE) {
                throw new BadPhoneBookFile("line " + startLine + ": record longer than " + PhoneBookFiles.MAX_LINE
                        + " characters");
            }
            if (pos < text.length() && text.charAt(pos) == '"') {
                quoted(field, startLine, start);
                fields.add(field.toString());
            } else {
                while (pos < text.length() && !isEnd(text.charAt(pos))) {
                    if (pos - start > PhoneBookFiles.MAX_LINE) {
                        throw new BadPhoneBookFile("line " + startLine + ": record longer than "
                                + PhoneBookFiles.MAX_LINE + " characters");
                    }
                    char c = text.charAt(pos++);
                    if (c == '"') {
                        throw new BadPhoneBookFile("line " + line + ": a quote inside an unquoted field"
                                + " (quote the whole field and double the quote)");
                    }
                    field.append(c);
                }
                fields.add(field.toString().strip());
            }
            field.setLength(0);
            if (pos >= text.length()) {
                return fields;
            }
            char c = text.charAt(pos++);
            if (c == ',') {
                continue;
            }
            if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
            }
            line++;
            return fields;
        }
    }

    /** A quoted field from its opening quote on; CRLF inside becomes LF. */
    private void quoted(StringBuilder field, int startLine, int start) throws BadPhoneBookFile {
        int openedOn = line;
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw new BadPhoneBookFile("line " + openedOn + ": quoted field not closed");
            }
            if (pos - start > PhoneBookFiles.MAX_LINE) {
                throw new BadPhoneBookFile("line " + startLine + ": record longer than " + PhoneBookFiles.MAX_LINE
                        + " characters");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                if (pos < text.length() && text.charAt(pos) == '"') {
                    field.append('"');
                    pos++;
                    continue;
                }
                if (pos < text.length() && !isEnd(text.charAt(pos))) {
                    throw new BadPhoneBookFile("line " + line + ": text after a closing quote");
                }
                return;
            }
            if (c == '\r') {
                if (pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                field.append('\n');
                line++;
            } else {
                if (c == '\n') {
                    line++;
                }
                field.append(c);
            }
        }
    }

    private static boolean isEnd(char c) {
        return c == ',' || c == '\r' || c == '\n';
    }

    /** The entries as CSV text: the header, then one CRLF-terminated record each. */
    static String write(List<PhoneBookStore.Entry> entries) {
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        for (PhoneBookStore.Entry e : entries) {
            b.append(quote(e.id())).append(',').append(quote(e.lastName())).append(',')
                    .append(quote(e.firstName())).append(',').append(quote(e.number())).append("\r\n");
        }
        return b.toString();
    }

    static String quote(String value) {
        if (value == null) {
            return "";
        }
        boolean needs = !value.isEmpty() && (value.strip().length() != value.length()
                || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n'));
        return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
