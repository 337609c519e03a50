package org.sscpbridge.sscp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallDirection;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;

/** Per-phone charset and display width (docs/PROTOCOL.md §6.9). */
class DisplayEncodingTest {
    private static final SscpCodec CODEC = new SscpCodec();
    private static final Charset EUC_KR = Charset.forName("EUC-KR");
    private static final DisplayEncoding KOREAN = new DisplayEncoding(EUC_KR, DisplayText.NO_LIMIT);
    private static final String HANGUL = "\uD55C\uAD6D\uC5B4 \uC804\uD654"; // 한국어 전화

    @Test
    void eucKrPhoneGetsEucKrBytesWithADeclarationNamingIt() {
        byte[] bytes = CODEC.encode(Frame.of(new BridgeMessage.Display(HANGUL, 5)), KOREAN);
        String expected = "<?xml version=\"1.0\" encoding=\"EUC-KR\"?><SSCP name=\"Display\"><Text timeout=\"5\">"
                + HANGUL + "</Text></SSCP>";
        assertEquals(expected, new String(bytes, EUC_KR));
        // 한 is C7 D1 in EUC-KR: two bytes, where UTF-8 has three.
        assertEquals(expected.getBytes(EUC_KR).length, bytes.length);
        assertTrue(indexOf(bytes, new byte[] {(byte) 0xC7, (byte) 0xD1}) > 0);
    }

    @Test
    void eucKrRoundTripThroughTheDecoder() throws SscpDecodeException {
        Frame frame = new Frame(new BridgeMessage.CallState(new CallId("01002007"), 1, CallStateName.RING_IN,
                new BridgeMessage.Party("1001", "\uAE40\uCCA0\uC218", CallDirection.IN)), 42);
        byte[] bytes = CODEC.encode(frame, KOREAN);
        assertEquals(frame, CODEC.decode(Direction.BRIDGE, bytes));
    }

    @Test
    void unencodableCharactersBecomeQuestionMarks() {
        // é and the emoji (a surrogate pair: one '?', not two) are not in KS X 1001.
        byte[] bytes = CODEC.encode(Frame.of(new BridgeMessage.Display("caf\u00E9 \uD83D\uDE00 \uD55C", 0)), KOREAN);
        assertTrue(new String(bytes, EUC_KR).contains(">caf? ? \uD55C</Text>"), new String(bytes, EUC_KR));
    }

    @Test
    void latin1PhoneGetsHangulAsQuestionMarksAndMarkupIntact() throws SscpDecodeException {
        var latin1 = new DisplayEncoding(StandardCharsets.ISO_8859_1, DisplayText.NO_LIMIT);
        byte[] bytes = CODEC.encode(Frame.of(new BridgeMessage.Display("M\u00FCller <\uD55C>", 0)), latin1);
        assertEquals("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><SSCP name=\"Display\"><Text timeout=\"0\">"
                + "M\u00FCller &lt;?&gt;</Text></SSCP>", new String(bytes, StandardCharsets.ISO_8859_1));
        assertEquals(new BridgeMessage.Display("M\u00FCller <?>", 0), CODEC.decode(Direction.BRIDGE, bytes).message());
    }

    @Test
    void defaultEncodingIsTheUtf8Encoder() {
        Frame frame = Frame.of(new BridgeMessage.Display(HANGUL + " \uD83D\uDE00", 0));
        assertEquals(new String(CODEC.encode(frame), StandardCharsets.UTF_8),
                new String(CODEC.encode(frame, DisplayEncoding.DEFAULT), StandardCharsets.UTF_8));
    }

    @Test
    void datagramFromAnEucKrPhoneDecodes() throws SscpDecodeException {
        String xml = "<?xml version=\"1.0\" encoding=\"EUC-KR\"?><SSCP name=PhoneBook seq=3>"
                + "<User lastname=\uAE40 firstname=\"\uCCA0\uC218\" number=1001 action=Store></UserX></SSCP>";
        Frame frame = CODEC.decode(Direction.PHONE, xml.getBytes(EUC_KR));
        assertEquals(new Frame(new PhoneMessage.PhoneBook(PhoneBookAction.STORE,
                new PhoneBookEntry(null, "\uAE40", "\uCCA0\uC218", "1001")), 3), frame);
    }

    @Test
    void aliasesAndCaseOfTheDeclaredNameAreAccepted() throws SscpDecodeException {
        for (String name : new String[] {"euc-kr", "ks_c_5601-1987", "MS949", "iso-8859-1"}) {
            String xml = "<?xml version='1.0' encoding='" + name + "'?><SSCP name=\"KeepAlive\"/>";
            assertEquals(PhoneMessage.KeepAlive.class, CODEC.decode(Direction.PHONE, xml.getBytes(StandardCharsets.US_ASCII))
                    .message().getClass(), name);
        }
    }

    @Test
    void undeclaredDatagramIsReadInThePhonesCharsetButADeclarationWins() throws SscpDecodeException {
        String body = "<SSCP name=PhoneBook><User lastname=\"\uAE40\"/></SSCP>";
        byte[] euckr = body.getBytes(EUC_KR);
        // Without the phone's charset these bytes are not UTF-8.
        assertEquals(400, assertThrows(SscpDecodeException.class,
                () -> CODEC.decode(Direction.PHONE, euckr)).errorCode());
        Frame frame = CODEC.decode(Direction.PHONE, euckr, 0, euckr.length, EUC_KR);
        assertEquals("\uAE40", ((PhoneMessage.PhoneBook) frame.message()).user().lastName());
        // A phone configured EUC-KR that declares UTF-8 is read as UTF-8.
        byte[] utf8 = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body).getBytes(StandardCharsets.UTF_8);
        frame = CODEC.decode(Direction.PHONE, utf8, 0, utf8.length, EUC_KR);
        assertEquals("\uAE40", ((PhoneMessage.PhoneBook) frame.message()).user().lastName());
    }

    @Test
    void badEucKrBytesAreRefused() {
        byte[] bytes = "<?xml version=\"1.0\" encoding=\"EUC-KR\"?><SSCP name=KeepAlive><X a=\"".getBytes(EUC_KR);
        byte[] bad = new byte[bytes.length + 8];
        System.arraycopy(bytes, 0, bad, 0, bytes.length);
        System.arraycopy(new byte[] {(byte) 0xB0, '"', '/', '>', '<', '/', 'S', '>'}, 0, bad, bytes.length, 8);
        SscpDecodeException e = assertThrows(SscpDecodeException.class, () -> CODEC.decode(Direction.PHONE, bad));
        assertEquals(400, e.errorCode());
        assertTrue(e.reason().contains("EUC-KR"), e.reason());
    }

    @Test
    void charsetsThatCannotCarrySscpAreRefusedWithAReason() {
        assertEquals(EUC_KR, WireCharsets.forName(" euc-kr "));
        assertThrows(IllegalArgumentException.class, () -> WireCharsets.forName("X-NO-SUCH"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WireCharsets.forName("UTF-16"))
                .getMessage().contains("ASCII"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WireCharsets.forName("ISO-2022-KR"))
                .getMessage().contains("stateful"));
        assertThrows(IllegalArgumentException.class, () -> new DisplayEncoding(StandardCharsets.UTF_16BE, 0));
        assertThrows(IllegalArgumentException.class, () -> new DisplayEncoding(StandardCharsets.UTF_8, 7));
        assertThrows(IllegalArgumentException.class, () -> new DisplayEncoding(StandardCharsets.UTF_8, 256));
    }

    // ------------------------------------------------------------------ width

    @Test
    void widthCutsDisplayTextAndPartyNameNotTheNumber() throws SscpDecodeException {
        var narrow = new DisplayEncoding(EUC_KR, 8);
        Frame display = Frame.of(new BridgeMessage.Display("\uAC00\uB098\uB2E4\uB77C\uB9C8\uBC14\uC0AC\uC544\uC790", 0));
        assertEquals(new BridgeMessage.Display("\uAC00\uB098\uB2E4\uB77C\uB9C8\uBC14\uC0AC\uC544", 0),
                CODEC.decode(Direction.BRIDGE, CODEC.encode(display, narrow)).message());
        Frame call = Frame.of(new BridgeMessage.CallState(new CallId("01002007"), 1, CallStateName.CONNECTED,
                new BridgeMessage.Party("0212345678901", "Kim Chulsoo (Sales)", CallDirection.OUT)));
        assertEquals(new BridgeMessage.Party("0212345678901", "Kim Chul", CallDirection.OUT),
                ((BridgeMessage.CallState) CODEC.decode(Direction.BRIDGE, CODEC.encode(call, narrow)).message()).party());
    }

    @Test
    void messagesThatFitAreLeftAlone() {
        var narrow = new DisplayEncoding(StandardCharsets.UTF_8, 8);
        var fits = new BridgeMessage.Display("12345678", 0);
        assertSame(fits, narrow.fit(fits));
        var other = new BridgeMessage.Reset(org.sscpbridge.sscp.message.ResetType.RESTART);
        assertSame(other, narrow.fit(other));
    }

    @Test
    void eachLineIsCutOnItsOwn() {
        assertEquals("12345678\nabcdefgh\n\nxy", DisplayText.fit("1234567890\nabcdefghij\n\nxy", 8));
    }

    @Test
    void hangulSyllablesCountOneEach() {
        assertEquals("\uD55C\uAD6D\uC5B4 \uC804\uD654 \uBC88\uD638\uC785",
                DisplayText.fit("\uD55C\uAD6D\uC5B4 \uC804\uD654 \uBC88\uD638\uC785\uB2C8\uB2E4", 10));
    }

    @Test
    void conjoiningJamoSyllableIsNeverSplit() {
        // 7 letters, then 한 as three conjoining jamo (L V T): 10 code points, one cluster.
        String s = "abcdefg\u1112\u1161\u11AB";
        assertEquals("abcdefg", DisplayText.fit(s, 8));
        assertEquals("abcdefg", DisplayText.fit(s, 9));
        assertEquals(s, DisplayText.fit(s, 10));
    }

    @Test
    void surrogatePairsAreNeverSplitAndCountOnce() {
        String grin = "\uD83D\uDE00";
        String s = "1234567" + grin + grin;
        assertEquals("1234567" + grin, DisplayText.fit(s, 8));
        assertEquals(s, DisplayText.fit(s, 9));
        String allEmoji = grin.repeat(12);
        assertEquals(grin.repeat(8), DisplayText.fit(allEmoji, 8));
    }

    @Test
    void combiningMarksStayWithTheirBase() {
        String e = "e\u0301"; // é decomposed: two code points, one character
        String s = "caf" + e + " caf" + e; // 11 code points
        assertEquals("caf" + e + " caf", DisplayText.fit(s, 9));
        assertEquals("caf" + e + " caf", DisplayText.fit(s, 10)); // the é would need 11
        assertEquals(s, DisplayText.fit(s, 11));
    }

    @Test
    void emojiSequencesAreKeptWhole() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69"; // man ZWJ woman: 3 code points
        assertEquals("123456", DisplayText.fit("123456" + family, 8));
        assertEquals("12345" + family, DisplayText.fit("12345" + family + "x", 8));
        String korea = "\uD83C\uDDF0\uD83C\uDDF7"; // flag KR: two regional indicators
        assertEquals("1234567", DisplayText.fit("1234567" + korea, 8));
        assertEquals("123456" + korea, DisplayText.fit("123456" + korea + korea, 9));
        String thumbDark = "\uD83D\uDC4D\uD83C\uDFFF"; // thumbs up + skin tone modifier
        assertEquals("1234567", DisplayText.fit("1234567" + thumbDark, 8));
    }

    @Test
    void noLimitAndShortTextAreUnchanged() {
        String s = "x".repeat(300);
        assertSame(s, DisplayText.fit(s, DisplayText.NO_LIMIT));
        assertSame("short", DisplayText.fit("short", 8));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
