package org.sscpbridge.feature.phonebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscpbridge.feature.phonebook.PhoneBookFiles.Format;
import org.sscpbridge.store.PhoneBookStore.Entry;

/** The phone book's CSV and vCard files: round trips, the RFCs' edge cases, refusals naming the place. */
class PhoneBookFilesTest {
    /** Entries that stress both formats: separators, quotes, backslashes, line breaks, non-ASCII, long. */
    private static final List<Entry> AWKWARD = List.of(
            new Entry(null, "1", "Kim", "Sangmi", "1012"),
            new Entry(null, "2", "van Dyke, Jr.", "Dick \"The Man\"", "+4930123456"),
            new Entry(null, "a;b\\c", "O'Neil; Smith", "Ann\nMarie", "*99#"),
            new Entry(null, "4", "Müller-Lüdenscheidt", "Ünal 🙂", "0"),
            new Entry(null, "5", null, null, "555"),
            new Entry(null, "6", "  spaced  ", null, "1"),
            new Entry(null, "7", "Ä".repeat(64), "x".repeat(64), "1".repeat(32)));

    private static PhoneBookFiles.Content parse(Format f, String text) throws BadPhoneBookFile {
        return PhoneBookFiles.parse(f, text.getBytes(StandardCharsets.UTF_8), null);
    }

    private static String refusal(Format f, String text) {
        return assertThrows(BadPhoneBookFile.class, () -> parse(f, text)).getMessage();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void whatIsWrittenReadsBackTheSame(Format format) throws Exception {
        String text = PhoneBookFiles.render(format, AWKWARD);
        assertEquals(AWKWARD, parse(format, text).entries());
        List<Entry> mine = List.of(new Entry("SEP1", "9", "Kim", null, "1"));
        assertEquals(mine, PhoneBookFiles.parse(format, PhoneBookFiles.render(format, mine).getBytes(
                StandardCharsets.UTF_8), "SEP1").entries(), "read as the owner asked for");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void filesRoundTripThroughTheDiskAndAByteOrderMarkIsTolerated(Format format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(format == Format.CSV ? "book.csv" : "book.vcf");
        PhoneBookFiles.write(file, AWKWARD);
        byte[] bytes = Files.readAllBytes(file);
        assertFalse(bytes[0] == (byte) 0xEF, "written without byte order mark");
        assertEquals(AWKWARD, PhoneBookFiles.read(file, null).entries());
        byte[] withBom = new byte[bytes.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(bytes, 0, withBom, 3, bytes.length);
        Files.write(file, withBom);
        assertEquals(AWKWARD, PhoneBookFiles.read(file, null).entries());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }

    @Test
    void theFormatFollowsTheExtension() throws Exception {
        assertEquals(Format.CSV, Format.of(Path.of("/x/Book.CSV")));
        assertEquals(Format.VCARD, Format.of(Path.of("a.vcf")));
        assertEquals(Format.VCARD, Format.of(Path.of("a.vcard")));
        String why = assertThrows(BadPhoneBookFile.class, () -> Format.of(Path.of("a.txt"))).getMessage();
        assertEquals("a.txt: name must end in .csv or .vcf", why);
    }

    // --- CSV ---

    @Test
    void csvIsWrittenPerRfc4180() {
        String text = PhoneBookFiles.render(Format.CSV, AWKWARD.subList(0, 3));
        assertEquals("id,lastname,firstname,number\r\n"
                + "1,Kim,Sangmi,1012\r\n"
                + "2,\"van Dyke, Jr.\",\"Dick \"\"The Man\"\"\",+4930123456\r\n"
                + "a;b\\c,O'Neil; Smith,\"Ann\nMarie\",*99#\r\n", text);
    }

    @Test
    void csvReadingToleratesColumnOrderHeaderStyleBlankLinesLfAndSeparatorsInNumbers() throws Exception {
        String text = "Number;ignored,Last Name,FIRST_NAME,ID,notes\n"
                + "\n"
                + "030 123-45 (6),Kim,Sangmi,,x\n"
                + "\"1012\",\"Lee\",,\"k2\",\"a\r\nb\"\r"
                + " 1013 , Park ,  Ji , ,\n";
        // "Number;ignored" is not a column called number: the header has no number column.
        assertTrue(refusal(Format.CSV, text).startsWith("line 1: the header has no number column"));
        text = text.replace("Number;ignored", "Number");
        assertEquals(List.of(new Entry(null, null, "Kim", "Sangmi", "030123456"),
                new Entry(null, "k2", "Lee", null, "1012"),
                new Entry(null, null, "Park", "Ji", "1013")), parse(Format.CSV, text).entries());
    }

    @Test
    void csvMalformedInputIsRefusedNamingTheLine() {
        String h = "id,lastname,firstname,number\r\n";
        assertEquals("line 3: number 'abc' is not 1-32 of 0-9 * # +",
                refusal(Format.CSV, h + "1,Kim,,1012\r\n2,Lee,,abc\r\n"));
        assertEquals("line 2: number missing", refusal(Format.CSV, h + "1,Kim,,\r\n"));
        assertEquals("line 2: lastname longer than 64 characters",
                refusal(Format.CSV, h + "1," + "K".repeat(65) + ",,1\r\n"));
        assertEquals("line 3: 3 fields, the header has 4", refusal(Format.CSV, h + "1,a,b,1\r\n2,a,1\r\n"));
        assertEquals("line 2: quoted field not closed", refusal(Format.CSV, h + "1,\"Kim,,1\r\n2,a,b,1\r\n"));
        assertEquals("line 2: text after a closing quote", refusal(Format.CSV, h + "1,\"Kim\"x,,1\r\n"));
        assertTrue(refusal(Format.CSV, h + "1,Ki\"m,,1\r\n").startsWith("line 2: a quote inside an unquoted field"));
        assertEquals("line 5: id '1' again (first at line 2)",
                refusal(Format.CSV, h + "1,a,,1\r\n2,b,,2\r\n\r\n1,c,,3\r\n"));
        assertEquals("line 1: no header id,lastname,firstname,number", refusal(Format.CSV, "\r\n\r\n"));
        assertTrue(refusal(Format.CSV, "id,lastname,number,number\n").contains("column number twice"));
        // a multi-line quoted field: the error names the line the bad record starts on
        assertEquals("line 4: number 'x' is not 1-32 of 0-9 * # +",
                refusal(Format.CSV, h + "1,\"a\nb\",,1\r\n2,c,,x\r\n"));
    }

    @Test
    void csvIsBounded() {
        String h = "id,lastname,firstname,number\n";
        assertEquals("line 2: record longer than 65536 characters",
                refusal(Format.CSV, h + "1," + "x".repeat(70_000) + ",,1\n"));
        assertEquals("line 2: record longer than 65536 characters",
                refusal(Format.CSV, h + "1,\"" + "x".repeat(70_000) + "\",,1\n"));
        StringBuilder many = new StringBuilder(h);
        for (int i = 0; i <= PhoneBookFiles.MAX_ENTRIES; i++) {
            many.append(",,,1\n");
        }
        assertEquals("line 100002: more than 100000 entries", refusal(Format.CSV, many.toString()));
    }

    @Test
    void aFileThatIsNotUtf8OrTooLargeIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "id,lastname,firstname,number\n1,M\u00fcller,,1\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("latin1.csv line 2: not UTF-8 (byte 33)",
                assertThrows(BadPhoneBookFile.class, () -> PhoneBookFiles.read(file, null)).getMessage());
        Path big = dir.resolve("big.vcf");
        Files.write(big, new byte[PhoneBookFiles.MAX_BYTES + 1]);
        assertTrue(assertThrows(BadPhoneBookFile.class, () -> PhoneBookFiles.read(big, null)).getMessage()
                .endsWith("big.vcf: larger than 10 MiB"));
    }

    // --- vCard ---

    @Test
    void vcardIsWrittenAsVersion3WithEscapes() {
        String text = PhoneBookFiles.render(Format.VCARD, List.of(AWKWARD.get(2), AWKWARD.get(4)));
        assertEquals("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\\;b\\\\c\r\nN:O'Neil\\; Smith;Ann\\nMarie;;;\r\n"
                + "FN:Ann\\nMarie O'Neil\\; Smith\r\nTEL:*99#\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:5\r\nN:;;;;\r\nFN:555\r\nTEL:555\r\nEND:VCARD\r\n", text);
    }

    @Test
    void vcardLinesAreFoldedAt75OctetsWithoutSplittingACharacter() {
        String text = PhoneBookFiles.render(Format.VCARD, List.of(AWKWARD.get(6), AWKWARD.get(3)));
        for (String line : text.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
        }
        assertTrue(text.contains("\r\n "), "long lines are folded");
        // every physical line is whole UTF-8 on its own: no character was cut in two
        for (String line : text.split("\r\n")) {
            assertFalse(line.contains("\uFFFD"));
        }
        String folded = PhoneBookVCard.fold("N:" + "ä".repeat(40));
        assertEquals("N:" + "ä".repeat(36) + "\r\n " + "ä".repeat(4) + "\r\n", folded);
    }

    @Test
    void vcardReadingTakesVersions21And40GroupsFoldingAndTheFirstTel() throws Exception {
        String text = "BEGIN:VCARD\r\n"
                + "VERSION:2.1\r\n"
                + "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=\r\n"
                + "=BCrgen;;;\r\n"
                + "TEL;CELL;VOICE:+49 (30) 123-456\r\n"
                + "TEL;HOME:999\r\n"
                + "PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n"
                + "AAAA\r\n"
                + "BBBB\r\n"
                + "\r\n"
                + "END:VCARD\r\n"
                + "begin:vcard\n"
                + "version:4.0\n"
                + "UID:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\n"
                + "FN:ACME\\, Inc.\n"
                + "item1.TEL;VALUE=uri;TYPE=\"voice,work\":tel:+1-555-555-0100;ext=5\n"
                + "end:vcard\n"
                + "BEGIN:VCARD\n"
                + "VERSION:3.0\n"
                + "N:Lo\n"
                + " ng\\;name;Fir\n"
                + "\tst\n"
                + "EMAIL:a@b.c\n"
                + "TEL:1013\n"
                + "END:VCARD\n"
                + "BEGIN:VCARD\n"
                + "VERSION:3.0\n"
                + "N:Nobody;;;;\n"
                + "EMAIL:no@phone\n"
                + "END:VCARD\n"
                + "BEGIN:VCARD\n"
                + "VERSION:3.0\n"
                + "N:;;;;\n"
                + "FN:Reception\n"
                + "TEL:100\n"
                + "END:VCARD\n";
        PhoneBookFiles.Content c = parse(Format.VCARD, text);
        assertEquals(List.of(new Entry(null, null, "Müller", "Jürgen", "+4930123456"),
                new Entry(null, "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "ACME, Inc.", null, "+15555550100"),
                new Entry(null, null, "Long;name", "First", "1013"),
                new Entry(null, null, "Reception", null, "100")), c.entries());
        assertEquals(1, c.skipped(), "the card without TEL");
    }

    @Test
    void vcardMalformedInputIsRefusedNamingTheCardAndLine() {
        String ok = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kim;;;;\r\nTEL:1\r\nEND:VCARD\r\n";
        assertEquals("card 2 (line 6): number 'abc' is not 1-32 of 0-9 * # +",
                refusal(Format.VCARD, ok + "BEGIN:VCARD\r\nN:Lee;;;;\r\nTEL:abc\r\nEND:VCARD\r\n"));
        assertEquals("card 2 (line 6): no END:VCARD", refusal(Format.VCARD, ok + "BEGIN:VCARD\r\nTEL:1\r\n"));
        assertEquals("card 1 (line 3): BEGIN:VCARD inside a card",
                refusal(Format.VCARD, "BEGIN:VCARD\r\nTEL:1\r\nBEGIN:VCARD\r\n"));
        assertEquals("line 1: outside BEGIN:VCARD ... END:VCARD", refusal(Format.VCARD, "TEL:1\r\n" + ok));
        assertEquals("line 6: outside BEGIN:VCARD ... END:VCARD", refusal(Format.VCARD, ok + "garbage\r\n"));
        assertEquals("line 1: END without BEGIN:VCARD", refusal(Format.VCARD, "END:VCARD\r\n"));
        assertEquals("card 1 (line 2): VERSION 5.0 not supported (2.1, 3.0, 4.0)",
                refusal(Format.VCARD, ok.replace("3.0", "5.0")));
        assertEquals("card 1 (line 1): lastname longer than 64 characters",
                refusal(Format.VCARD, ok.replace("Kim", "K".repeat(65))));
        assertEquals("card 2 (line 7): id 'u' again (first at card 1 (line 1))",
                refusal(Format.VCARD, ok.replace("TEL", "UID:u\r\nTEL") + ok.replace("TEL", "UID:u\r\nTEL")));
        assertEquals("line 3: longer than 65536 characters",
                refusal(Format.VCARD, "BEGIN:VCARD\r\nTEL:1\r\nNOTE:" + "x\r\n ".repeat(70_000) + "\r\nEND:VCARD"));
    }

    @Test
    void vcardTextEscapesAreUndoneAndUnknownBackslashesKept() {
        assertEquals("a,b;c\\d\ne:f\\x", PhoneBookVCard.unescape("a\\,b\\;c\\\\d\\ne\\:f\\x"));
        assertEquals("a\\\\b\\,c\\;d\\ne", PhoneBookVCard.escape("a\\b,c;d\r\ne"));
    }

    @Test
    void anEmptyFileImportsNothing() throws Exception {
        assertEquals(List.of(), parse(Format.VCARD, "").entries());
        assertEquals(List.of(), parse(Format.CSV, "id,lastname,firstname,number\r\n").entries());
        List<Entry> none = new ArrayList<>();
        assertEquals(none, parse(Format.CSV, PhoneBookFiles.render(Format.CSV, none)).entries());
    }
}
