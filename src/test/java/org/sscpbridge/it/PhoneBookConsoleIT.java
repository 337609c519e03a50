package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.feature.phonebook.PhoneBookFiles;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.store.PhoneBookStore.Entry;

/**
 * {@code sscp:phonebook} in the real bridge (bin/bridge, real Felix, the embedded store): CSV and
 * vCard files imported and exported through the console, and a phone over real UDP that finds the
 * imported shared entries and whose own Store / Delete the console lists. No registrar is needed:
 * the phone book works while the lines' REGISTERs go unanswered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhoneBookConsoleIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DEVICE = "SEP0000000000B7";

    @TempDir
    static Path work;

    private BridgeProcess bridge;
    private InetSocketAddress sscp;

    /** What the two files hold: the shared directory after both imports, in search order. */
    private static final List<Entry> IMPORTED = List.of(
            new Entry(null, "c3", "Doe", "Jane", "+15555550100"),
            new Entry(null, "v1", "Kim", "Sangmi", "1012"),
            new Entry(null, "c2", "Lee", "Ann \"Annie\"", "*99#"),
            new Entry(null, "v2", "Müller-Lüdenscheidt", "Jürgen", "4930123456"),
            new Entry(null, "c1", "van Dyke, Jr.", "Dick", "1013"));

    @BeforeAll
    void start() throws Exception {
        int sscpPort = FreePorts.udp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        bridge = BridgeProcess.start(work, Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.address", "127.0.0.1",
                "sip.port", String.valueOf(FreePorts.udp()),
                // nobody answers there: the lines stay unregistered, the phone book does not care
                "sip.registrar", "sip:127.0.0.1:" + FreePorts.udp()), Map.of(
                "sscp.device-b7", Map.of("device.id", DEVICE, "line1.number", "3701", "line1.password", "pw")));
        bridge.awaitOutput("sscp:phonebook add 1 Probe -d " + DEVICE + " -i probe", "stored entry probe", WAIT);
        bridge.run("sscp:phonebook remove probe " + DEVICE);
    }

    @AfterAll
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    @Order(1)
    void aCsvFileIsImportedThroughTheConsole() throws Exception {
        Path csv = work.resolve("staff.csv");
        Files.write(csv, ("\uFEFFid,lastname,firstname,number\r\n"
                + "c1,\"van Dyke, Jr.\",Dick,1013\r\n"
                + "c2,Lee,\"Ann \"\"Annie\"\"\",*99#\r\n"
                + "c3,Doe,Jane,+1 555 555-0100\r\n").getBytes(StandardCharsets.UTF_8));
        String out = bridge.run("sscp:phonebook import " + csv);
        assertTrue(out.contains("imported 3 entries into the shared directory from " + csv), out);
    }

    @Test
    @Order(2)
    void aVCardFileIsImportedThroughTheConsole() throws Exception {
        Path vcf = work.resolve("contacts.vcf");
        Files.write(vcf, ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:v1\r\nN:Kim;Sangmi;;;\r\nFN:Sangmi Kim\r\n"
                + "TEL;TYPE=WORK,VOICE:1012\r\nEMAIL:kim@example.org\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:2.1\r\nUID:v2\r\n"
                + "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller-L=C3=BCdenscheidt;J=C3=BCrgen;;;\r\n"
                + "TEL;CELL:49 30 123456\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:No Number\r\nEMAIL:none@example.org\r\nEND:VCARD\r\n")
                .getBytes(StandardCharsets.UTF_8));
        String out = bridge.run("sscp:phonebook import " + vcf);
        assertTrue(out.contains("imported 2 entries into the shared directory from " + vcf
                + " (1 card without TEL skipped)"), out);
    }

    @Test
    @Order(3)
    void aFileWithOneBadRecordIsRefusedWholeNamingTheLineAndField() throws Exception {
        Path bad = work.resolve("bad.csv");
        Files.writeString(bad, "id,lastname,firstname,number\n"
                + "b1,Good,,2001\n"
                + "b2,Bad,,20x1\n", StandardCharsets.UTF_8);
        String out = bridge.run("sscp:phonebook import " + bad);
        assertTrue(out.contains("nothing imported: bad.csv line 3: number '20x1' is not 1-32 of 0-9 * # +"), out);
        out = bridge.run("sscp:phonebook import " + work.resolve("missing.vcf"));
        assertTrue(out.contains("nothing imported: cannot read " + work.resolve("missing.vcf") + ": no such file"),
                out);
        String list = bridge.run("sscp:phonebook list");
        assertFalse(list.contains("Good"), "nothing of the refused file is stored:\n" + list);
    }

    @Test
    @Order(4)
    void listShowsOneRowPerEntryWithTheCount() throws Exception {
        String out = bridge.run("sscp:phonebook list");
        assertTrue(out.contains("5 entries in the shared directory"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("(g! )?ID\\s+LASTNAME\\s+FIRSTNAME\\s+NUMBER\\s*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("c1\\s+van Dyke, Jr\\.\\s+Dick\\s+1013\\s*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("c3\\s+Doe\\s+Jane\\s+\\+15555550100\\s*")), out);
        assertTrue(bridge.run("sscp:phonebook list " + DEVICE).contains("0 entries of " + DEVICE));
    }

    @Test
    @Order(5)
    void bothExportsHoldWhatWasImportedAndAgreeWithEachOther() throws Exception {
        Path csv = work.resolve("out/export.csv");
        Path vcf = work.resolve("out/export.vcf");
        Files.createDirectories(csv.getParent());
        assertTrue(bridge.run("sscp:phonebook export " + csv).contains("exported 5 entries of the shared directory to "
                + csv));
        assertTrue(bridge.run("sscp:phonebook export " + vcf).contains("exported 5 entries"));
        List<Entry> fromCsv = PhoneBookFiles.read(csv, null).entries();
        List<Entry> fromVcf = PhoneBookFiles.read(vcf, null).entries();
        assertEquals(sorted(IMPORTED), sorted(fromCsv));
        assertEquals(fromCsv, fromVcf, "both in the store's order, with the same fields");
        assertEquals(PhoneBookFiles.render(PhoneBookFiles.Format.CSV, fromVcf),
                Files.readString(csv, StandardCharsets.UTF_8));
        String vcard = Files.readString(vcf, StandardCharsets.UTF_8);
        assertTrue(vcard.contains("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c1\r\nN:van Dyke\\, Jr.;Dick;;;\r\n"), vcard);
    }

    private static List<Entry> sorted(List<Entry> entries) {
        return entries.stream().sorted(Comparator.comparing(Entry::id)).toList();
    }

    @Test
    @Order(6)
    void addAndRemoveFromTheConsoleAndABadAddNamesTheField() throws Exception {
        String out = bridge.run("sscp:phonebook add 12ab Broken");
        assertTrue(out.contains("not stored: number '12ab' is not 1-32 of 0-9 * # +"), out);
        out = bridge.run("sscp:phonebook add 2002 Extra Person --id e1");
        assertTrue(out.contains("stored entry e1 in the shared directory: Extra Person 2002"), out);
        assertTrue(bridge.run("sscp:phonebook list").contains("6 entries in the shared directory"));
        assertTrue(bridge.run("sscp:phonebook remove e1").contains("removed entry e1 of the shared directory"));
        assertTrue(bridge.run("sscp:phonebook remove e1").contains("no entry e1 in the shared directory"));
        assertTrue(bridge.run("sscp:phonebook add 2003 Ghost -d SEP0000000000FF").contains("unknown device"));
    }

    @Test
    @Order(7)
    void aPhoneFindsImportedEntriesAndItsStoreAndDeleteShowInTheConsole() throws Exception {
        try (TestPhone phone = new TestPhone(sscp)) {
            phone.send(new PhoneMessage.Register(DEVICE, "AP-IP300", "1.0", null, null));
            phone.await(BridgeMessage.RegisterAck.class);

            phone.send(new PhoneMessage.PhoneBook(PhoneBookAction.SEARCH, new PhoneBookEntry(null, "mül", null, null)));
            BridgeMessage.PhoneBookResult found = phone.await(BridgeMessage.PhoneBookResult.class);
            assertEquals(1, found.total(), found.toString());
            assertEquals(new PhoneBookEntry("v2", "Müller-Lüdenscheidt", "Jürgen", "4930123456"), found.users().get(0));
            phone.send(new PhoneMessage.PhoneBook(PhoneBookAction.SEARCH, new PhoneBookEntry(null, null, null, "+1555")));
            found = phone.await(BridgeMessage.PhoneBookResult.class);
            assertEquals(List.of(new PhoneBookEntry("c3", "Doe", "Jane", "+15555550100")), found.users());

            phone.send(new PhoneMessage.PhoneBook(PhoneBookAction.STORE, new PhoneBookEntry("p1", "Park", "Ji", "3702")));
            assertEquals(200, phone.await(BridgeMessage.PhoneBookResult.class).code());
            String out = bridge.run("sscp:phonebook list " + DEVICE);
            assertTrue(out.lines().anyMatch(l -> l.matches("p1\\s+Park\\s+Ji\\s+3702\\s*")), out);
            assertTrue(out.contains("1 entry of " + DEVICE), out);

            // what the operator adds for the device, its phone finds
            bridge.run("sscp:phonebook add 3703 Operator -d " + DEVICE + " -i op1");
            phone.send(new PhoneMessage.PhoneBook(PhoneBookAction.SEARCH, new PhoneBookEntry(null, null, null, "370")));
            found = phone.await(BridgeMessage.PhoneBookResult.class);
            assertEquals(List.of("op1", "p1"), found.users().stream().map(PhoneBookEntry::id).sorted().toList());

            phone.send(new PhoneMessage.PhoneBook(PhoneBookAction.DELETE, new PhoneBookEntry("p1", null, null, null)));
            assertEquals(200, phone.await(BridgeMessage.PhoneBookResult.class).code());
            out = bridge.run("sscp:phonebook list " + DEVICE);
            assertFalse(out.lines().anyMatch(l -> l.startsWith("p1 ")), out);
            assertTrue(out.contains("1 entry of " + DEVICE), out);
            assertTrue(bridge.run("sscp:phonebook list").contains("5 entries in the shared directory"),
                    "the phone's entries stay out of the shared directory");

            phone.send(new PhoneMessage.Unregister());
            phone.await(BridgeMessage.UnregisterAck.class);
        }
    }

    @Test
    @Order(8)
    void whileDisabledTheCommandSaysSo() throws Exception {
        bridge.run("sscp:disable");
        try {
            String out = bridge.run("sscp:phonebook list");
            assertTrue(out.contains("bridge is disabled"), out);
        } finally {
            assertTrue(bridge.run("sscp:enable").contains("SSCP bridge: enabled"));
        }
        assertTrue(bridge.run("sscp:phonebook list").contains("5 entries in the shared directory"),
                "the store is durable across disable / enable");
    }
}
