package org.sscpbridge.feature.phonebook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sscpbridge.store.PhoneBookStore;

/**
 * Phone book files for the operator's import and export, the format chosen by the file's extension:
 * {@code .csv} ({@link PhoneBookCsv}) or {@code .vcf} / {@code .vcard} ({@link PhoneBookVCard}),
 * UTF-8 both (a byte order mark is tolerated on reading).
 *
 * <p>Reading is all or nothing and bounded: at most {@link #MAX_BYTES} bytes, {@link #MAX_ENTRIES}
 * entries, lines (records) of at most {@link #MAX_LINE} characters. Every entry is validated like a
 * phone's ({@link PhoneBook#validated}) after the visual separators of its number (spaces,
 * {@code - . / ( )}) are removed, and an id may appear once per file. The first bad entry refuses
 * the whole file with a {@link BadPhoneBookFile} naming its line (or card) and field, so nothing is
 * stored from a file that is partly wrong.
 */
public final class PhoneBookFiles {
    /** Largest file read. */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    /** Most entries in one file. */
    public static final int MAX_ENTRIES = 100_000;
    /** Longest line (CSV record, unfolded vCard line), in characters. */
    public static final int MAX_LINE = 65_536;

    /** The file formats, by extension. */
    public enum Format {
        CSV, VCARD;

        /** The format {@code file}'s name ends in. */
        public static Format of(Path file) throws BadPhoneBookFile {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".vcf") || name.endsWith(".vcard")) {
                return VCARD;
            }
            throw new BadPhoneBookFile(file + ": name must end in .csv or .vcf");
        }
    }

    /** What a file held: valid entries (of the owner asked for) and the vCards without a number. */
    public record Content(List<PhoneBookStore.Entry> entries, int skipped) {}

    private PhoneBookFiles() {
    }

    /**
     * Reads and validates {@code file} as entries of {@code owner} (null: the shared directory).
     * A refusal's message starts with the file's name.
     */
    public static Content read(Path file, String owner) throws IOException, BadPhoneBookFile {
        Format format = Format.of(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new BadPhoneBookFile(file + ": larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
        try {
            return parse(format, bytes, owner);
        } catch (BadPhoneBookFile e) {
            throw new BadPhoneBookFile(file.getFileName() + " " + e.getMessage());
        }
    }

    /** {@code bytes} in {@code format} as validated entries of {@code owner}. */
    public static Content parse(Format format, byte[] bytes, String owner) throws BadPhoneBookFile {
        String text = utf8(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<RawEntry> raw;
        int skipped = 0;
        if (format == Format.CSV) {
            raw = PhoneBookCsv.read(text);
        } else {
            PhoneBookVCard.Parsed parsed = PhoneBookVCard.read(text);
            raw = parsed.entries();
            skipped = parsed.skipped();
        }
        List<PhoneBookStore.Entry> entries = new ArrayList<>(raw.size());
        Map<String, String> ids = new HashMap<>();
        for (RawEntry r : raw) {
            PhoneBookStore.Entry e;
            try {
                e = PhoneBook.validated(owner, r.id(), r.lastName(), r.firstName(), plainNumber(r.number()));
            } catch (PhoneBook.InvalidEntry invalid) {
                throw new BadPhoneBookFile(r.where() + ": " + invalid.getMessage());
            }
            if (e.id() != null) {
                String first = ids.putIfAbsent(e.id(), r.where());
                if (first != null) {
                    throw new BadPhoneBookFile(r.where() + ": id '" + e.id() + "' again (first at " + first + ")");
                }
            }
            entries.add(e);
        }
        return new Content(List.copyOf(entries), skipped);
    }

    /** A number without the separators people write for reading it: spaces, {@code - . / ( )}. */
    static String plainNumber(String number) {
        return number == null ? null : number.replaceAll("[\\s\\u00A0\\-./()]", "");
    }

    /** Strict UTF-8: a byte that is not names its line. */
    private static String utf8(byte[] bytes) throws BadPhoneBookFile {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new BadPhoneBookFile("line " + line + ": not UTF-8 (byte " + (in.position() + 1) + ")");
        }
        return out.flip().toString();
    }

    /** {@code entries} as the text of {@code format}. */
    public static String render(Format format, List<PhoneBookStore.Entry> entries) {
        return format == Format.CSV ? PhoneBookCsv.write(entries) : PhoneBookVCard.write(entries);
    }

    /**
     * Writes {@code entries} to {@code file} in the format of its extension, replacing the file at
     * once (a temporary file beside it, then moved), so a reader never sees half of it.
     */
    public static void write(Path file, List<PhoneBookStore.Entry> entries) throws IOException, BadPhoneBookFile {
        Format format = Format.of(file);
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, render(format, entries), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
