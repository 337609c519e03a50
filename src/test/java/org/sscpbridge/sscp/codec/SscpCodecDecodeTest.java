package org.sscpbridge.sscp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.RingerMode;
import org.sscpbridge.sscp.message.SoftKey;

/** Decoding rules of SPEC §1–2 and the project decisions in docs/PROTOCOL.md. */
class SscpCodecDecodeTest {
    private static final SscpCodec CODEC = new SscpCodec();

    private static Frame phone(String xml) throws SscpDecodeException {
        return CODEC.decode(Direction.PHONE, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static Frame bridge(String xml) throws SscpDecodeException {
        return CODEC.decode(Direction.BRIDGE, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static SscpDecodeException phoneFails(String xml) {
        return assertThrows(SscpDecodeException.class, () -> phone(xml));
    }

    // Framing

    @Test
    void acceptsBomDeclarationVariantsAndNoDeclaration() throws SscpDecodeException {
        Frame want = Frame.of(new PhoneMessage.KeepAlive());
        assertEquals(want, phone("<SSCP name=\"KeepAlive\"/>"));
        assertEquals(want, phone("\uFEFF<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n<SSCP name=KeepAlive/>"));
        assertEquals(want, phone("3 | KeepAlive\r\n<?xml version=\"1.0\"?><SSCP name=KeepAlive></SSCP>"));
        assertEquals(want, phone("<?xml version=\"1.0\" encoding=\"UTF8\"?><!-- hello --><SSCP name=KeepAlive><!-- x --></SSCP>"));
    }

    @Test
    void anythingAfterTheRootIsIgnored() throws SscpDecodeException {
        byte[] head = "<SSCP name=KeepAlive></SSCP>".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[head.length + 6];
        System.arraycopy(head, 0, data, 0, head.length);
        data[head.length] = (byte) 0xFF; // not UTF-8, not XML: after the root, nobody looks
        data[head.length + 1] = '<';
        data[head.length + 2] = '!';
        assertEquals(MessageType.KEEP_ALIVE, CODEC.decode(Direction.PHONE, data).type());
        assertEquals(MessageType.KEEP_ALIVE, phone("<SSCP name=KeepAlive/><SSCP name=Unregister/>").type());
    }

    @Test
    void endTagWithAnotherNameClosesTheInnermostElement() throws SscpDecodeException {
        Frame frame = phone("<SSCP name=Digit seq=5><Key value=#></KeyValue><CallIdentifier id=01002007></Call></xml>");
        assertEquals(new Frame(new PhoneMessage.Digit('#', new CallId("01002007")), 5), frame);
    }

    @Test
    void unquotedValuesEndAtSpaceOrTagEnd() throws SscpDecodeException {
        assertEquals(new PhoneMessage.SpeedDial(12), phone("<SSCP name=SpeedDial><SpeedDial number=12/></SSCP>").message());
        assertEquals(new PhoneMessage.SpeedDial(7), phone("<SSCP name=SpeedDial><SpeedDial\tnumber = 7 ></SSCP></SSCP>").message());
    }

    @Test
    void sizeLimitIs8KiB() throws SscpDecodeException {
        String head = "<SSCP name=KeepAlive/>";
        byte[] exact = (head + " ".repeat(SscpCodec.MAX_DATAGRAM - head.length())).getBytes(StandardCharsets.US_ASCII);
        assertEquals(MessageType.KEEP_ALIVE, CODEC.decode(Direction.PHONE, exact).type());
        byte[] over = (head + " ".repeat(SscpCodec.MAX_DATAGRAM + 1 - head.length())).getBytes(StandardCharsets.US_ASCII);
        assertEquals(413, assertThrows(SscpDecodeException.class, () -> CODEC.decode(Direction.PHONE, over)).errorCode());
    }

    @Test
    void decodesASliceOfABuffer() throws SscpDecodeException {
        byte[] buffer = "xxxx<SSCP name=KeepAlive/>yyyy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(MessageType.KEEP_ALIVE, CODEC.decode(Direction.PHONE, buffer, 4, buffer.length - 8).type());
        assertEquals(400, assertThrows(SscpDecodeException.class,
                () -> CODEC.decode(Direction.PHONE, buffer, 4, 10)).errorCode());
    }

    // Root

    @Test
    void seqIsReadAndCarriedByLaterFailures() throws SscpDecodeException {
        assertEquals(1, phone("<SSCP name=KeepAlive seq=1/>").seq());
        assertEquals(Frame.MAX_SEQ, phone("<SSCP name=KeepAlive seq=\"4294967295\"/>").seq());
        assertEquals(42, phone("<SSCP name=KeepAlive seq=\" 0042 \"/>").seq());

        SscpDecodeException e = phoneFails("<SSCP name=SpeedDial seq=77><SpeedDial/></SSCP>");
        assertEquals(400, e.errorCode());
        assertEquals(MessageType.SPEED_DIAL, e.messageType());
        assertEquals(77, e.seq());
        assertEquals("missing attribute SpeedDial@number", e.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "4294967296", "99999999999999999999999", "abc", "", "1e3", "+5", "0x10"})
    void badSeqIs400(String seq) {
        SscpDecodeException e = phoneFails("<SSCP name=\"KeepAlive\" seq=\"" + seq + "\"/>");
        assertEquals(400, e.errorCode());
        assertEquals(MessageType.KEEP_ALIVE, e.messageType());
        assertEquals(Frame.NO_SEQ, e.seq());
        assertTrue(e.reason().contains("SSCP@seq"), e.reason());
    }

    @Test
    void rootMustBeSscpWithAName() {
        assertEquals(400, phoneFails("<Sscp name=KeepAlive/>").errorCode());
        SscpDecodeException noName = phoneFails("<SSCP seq=9/>");
        assertEquals("missing attribute SSCP@name", noName.reason());
        assertEquals(9, noName.seq());
    }

    @Test
    void unknownMessageNamesAreCaseSensitiveAndPerDirection() {
        SscpDecodeException e = phoneFails("<SSCP name=keepalive seq=3/>");
        assertEquals(400, e.errorCode());
        assertEquals("unknown message \"keepalive\"", e.reason());
        assertNull(e.messageType());
        assertEquals(3, e.seq());
        assertEquals("unknown message \"RegisterAck\"", phoneFails("<SSCP name=RegisterAck/>").reason());
    }

    @Test
    void versionDefaultsToOneAndOthersAreRefused() throws SscpDecodeException {
        assertEquals(MessageType.KEEP_ALIVE, phone("<SSCP name=KeepAlive version=1/>").type());
        SscpDecodeException e = phoneFails("<SSCP name=KeepAlive version=2 seq=4/>");
        assertEquals(MessageType.KEEP_ALIVE, e.messageType());
        assertEquals(4, e.seq());
    }

    @Test
    void ackExistsInBothDirections() throws SscpDecodeException {
        assertEquals(new PhoneMessage.Ack(), phone("<SSCP name=Ack seq=8/>").message());
        assertEquals(new BridgeMessage.Ack(), bridge("<SSCP name=Ack seq=8/>").message());
    }

    // Bodies

    @Test
    void unknownChildrenAndAttributesAreIgnored() throws SscpDecodeException {
        assertEquals(new PhoneMessage.SpeedDial(4), phone(
                "<SSCP name=SpeedDial future=yes><Extra a=b><Deeper/></Extra><SpeedDial number=4 color=red/></SSCP>").message());
    }

    @Test
    void theFirstOfARepeatedSingleChildWins() throws SscpDecodeException {
        assertEquals(new PhoneMessage.SpeedDial(1),
                phone("<SSCP name=SpeedDial><SpeedDial number=1/><SpeedDial number=2/></SSCP>").message());
    }

    @Test
    void enumeratedValuesIgnoreAsciiCaseOnly() throws SscpDecodeException {
        assertEquals(new PhoneMessage.HeadsetStatus(OnOff.OFF), phone("<SSCP name=HeadsetStatus><Mode type=oFF/></SSCP>").message());
        assertEquals(new BridgeMessage.Ringer(RingerMode.INSIDE), bridge("<SSCP name=Ringer><Mode type=INSIDE/></SSCP>").message());
        // U+0131 (dotless i) upper-cases to I, so String.equalsIgnoreCase would accept it.
        assertEquals(400, assertThrows(SscpDecodeException.class,
                () -> bridge("<SSCP name=Ringer><Mode type=\"\u0131nside\"/></SSCP>")).errorCode());
    }

    @Test
    void badEnumeratedValueNamesElementAttributeAndChoices() {
        SscpDecodeException e = phoneFails("<SSCP name=HeadsetStatus><Mode type=maybe/></SSCP>");
        assertEquals("bad attribute Mode@type: \"maybe\" is not one of On, Off", e.reason());
        assertEquals(MessageType.HEADSET_STATUS, e.messageType());
    }

    @Test
    void headsetPlaceholderIsRefusedInAnyCase() {
        assertTrue(phoneFails("<SSCP name=HeadsetStatus><Mode type=\"on/off\"/></SSCP>").reason().contains("placeholder"));
    }

    @Test
    void softKeyEventIdWinsOverName() throws SscpDecodeException {
        assertEquals(new PhoneMessage.SoftKeyEvent(SoftKey.HOLD, null, null),
                phone("<SSCP name=SoftKeyEvent><Event id=3 name=Redial/></SSCP>").message());
        assertEquals(new PhoneMessage.SoftKeyEvent(SoftKey.TRANSFER, null, null),
                phone("<SSCP name=SoftKeyEvent><Event name=trnsfer/></SSCP>").message());
        assertEquals(new PhoneMessage.SoftKeyEvent(SoftKey.GROUP_CALL_PICK_UP, new CallId("00000001"), 0),
                phone("<SSCP name=SoftKeyEvent><Event id=18/><CallIdentifier id=00000001/><Group id=0/></SSCP>").message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<Event id=0 name=Redial/>", "<Event id=22/>", "<Event id=x name=Redial/>", "<Event/>",
            "<Event name=Transfer/>"})
    void badSoftKeyIs400(String event) {
        assertEquals(400, phoneFails("<SSCP name=SoftKeyEvent>" + event + "</SSCP>").errorCode());
    }

    @Test
    void forwardWithoutNumberCancels() throws SscpDecodeException {
        assertEquals(new PhoneMessage.Forward(ForwardType.BUSY, null),
                phone("<SSCP name=Forward><Address number=\"\" type=busy/></SSCP>").message());
        assertEquals(new PhoneMessage.Forward(ForwardType.ALL, null), phone("<SSCP name=Forward><Address/></SSCP>").message());
        assertTrue(((PhoneMessage.Forward) phone("<SSCP name=Forward><Address number=' '/></SSCP>").message()).isCancel());
    }

    @Test
    void phoneBookActionDefaultsToSearch() throws SscpDecodeException {
        PhoneMessage.PhoneBook book = (PhoneMessage.PhoneBook) phone(
                "<SSCP name=PhoneBook><User action=store number=\"1012\"/></SSCP>").message();
        assertEquals(PhoneBookAction.STORE, book.action());
        assertEquals("1012", book.user().number());
        assertNull(book.user().lastName());
    }

    @Test
    void callHistoryNeedsExactlyOneRequest() throws SscpDecodeException {
        assertEquals(new PhoneMessage.CallHistory(new PhoneMessage.HistoryQuery(
                org.sscpbridge.sscp.message.HistoryType.ALL, 20)), phone("<SSCP name=CallHistory><Query/></SSCP>").message());
        assertEquals(new PhoneMessage.CallHistory(new PhoneMessage.HistoryDeleteEntry(3)),
                phone("<SSCP name=CallHistory><Delete index=3 type=All/></SSCP>").message());
        assertEquals(400, phoneFails("<SSCP name=CallHistory/>").errorCode());
        assertEquals(400, phoneFails("<SSCP name=CallHistory><Query/><Delete type=All/></SSCP>").errorCode());
    }

    @Test
    void softKeySetStateOnHookIsIdle() throws SscpDecodeException {
        BridgeMessage.PhoneLayout layout = (BridgeMessage.PhoneLayout) bridge(
                "<SSCP name=PhoneLayout><SoftKeySet state=OnHook keys=\"2, 1,5\"/><SoftKeySet state=idle keys=\"\"/></SSCP>").message();
        assertEquals(List.of(new BridgeMessage.SoftKeySet(org.sscpbridge.sscp.message.CallStateName.IDLE,
                        List.of(SoftKey.NEW_CALL, SoftKey.REDIAL, SoftKey.CFWD_ALL)),
                new BridgeMessage.SoftKeySet(org.sscpbridge.sscp.message.CallStateName.IDLE, List.of())), layout.softKeySets());
        assertEquals(400, assertThrows(SscpDecodeException.class,
                () -> bridge("<SSCP name=PhoneLayout><SoftKeySet state=Idle keys=\"1,,2\"/></SSCP>")).errorCode());
    }

    @Test
    void displayTextKeepsWhitespaceEntitiesAndCdata() throws SscpDecodeException {
        assertEquals(new BridgeMessage.Display(" a & b <x>\n", 0),
                bridge("<SSCP name=Display><Text> a &amp; b <![CDATA[<x>]]>&#10;</Text></SSCP>").message());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<SSCP name=SpeedDial><SpeedDial number=abc/></SSCP>|bad attribute SpeedDial@number",
        "<SSCP name=SpeedDial><SpeedDial number=0/></SSCP>|bad attribute SpeedDial@number",
        "<SSCP name=SpeedDial></SSCP>|missing element SpeedDial",
        "<SSCP name=Digit><Key value=10/></SSCP>|bad attribute Key@value",
        "<SSCP name=Digit><Key value=5/><CallIdentifier id=1234/></SSCP>|bad attribute CallIdentifier@id",
        "<SSCP name=Dial><Number value=\"12a\"/></SSCP>|bad element Number",
        "<SSCP name=Register><Device id=\"SEP 1\"/></SSCP>|bad element Device",
        "<SSCP name=Register><Device id=SEP1/><Media ip=10.0.0.1 port=0/></SSCP>|bad attribute Media@port",
        "<SSCP name=Register><Device id=SEP1/><Media ip=example.com port=5004/></SSCP>|bad element Media",
        "<SSCP name=MediaInfo><CallIdentifier id=01002007/><Media ip=10.0.0.01 port=5004/></SSCP>|bad element Media",
        "<SSCP name=PhoneStatus><Hook/></SSCP>|missing attribute Hook@state",
    })
    void malformedBodiesNameElementAndAttribute(String caseAndReason) {
        String[] parts = caseAndReason.split("\\|");
        SscpDecodeException e = phoneFails(parts[0]);
        assertEquals(400, e.errorCode());
        assertTrue(e.reason().startsWith(parts[1]), e.reason());
        assertTrue(e.messageType() != null, "message type known once the root was read");
    }

    @Test
    void bridgeBodiesWithBadValues() {
        assertEquals(400, assertThrows(SscpDecodeException.class, () -> bridge(
                "<SSCP name=ForwardStatus><Forward type=All active=yes/></SSCP>")).errorCode());
        assertEquals(400, assertThrows(SscpDecodeException.class, () -> bridge(
                "<SSCP name=CallHistoryResult><Entry index=1 type=All time=2026-01-01T00:00:00Z/></SSCP>")).errorCode());
        assertEquals(400, assertThrows(SscpDecodeException.class, () -> bridge(
                "<SSCP name=RegisterAck><Session keepalive=30 time=yesterday/></SSCP>")).errorCode());
    }

    @Test
    void reasonsAreSafeForAnErrorMessage() {
        SscpDecodeException e = phoneFails("<SSCP name=\"x&#1;y\"/>");
        // XML 1.0 forbids U+0001 even as a reference, so the parser refuses it; either way the
        // reason can be put into an Error as is.
        new BridgeMessage.Error(e.errorCode(), e.reason());
        SscpDecodeException unknown = phoneFails("<SSCP name=\"" + "\u00e9".repeat(500) + "\"/>");
        assertTrue(unknown.reason().length() <= SscpDecodeException.MAX_REASON_CHARS);
        new BridgeMessage.Error(unknown.errorCode(), unknown.reason());
    }

    @Test
    void codecIsSafeToShareBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                results.add(pool.submit(() -> {
                    RandomMessages random = new RandomMessages(seed);
                    for (int i = 0; i < 5_000; i++) {
                        Frame frame = random.nextFrame();
                        byte[] bytes = CODEC.encode(frame);
                        assertEquals(frame, CODEC.decode(frame.type().sender(), bytes));
                    }
                    return 5_000;
                }));
            }
            for (Future<Integer> r : results) {
                assertEquals(5_000, r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
