package org.sscpbridge.tools.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.LampMode;
import org.sscpbridge.sscp.message.LampType;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.ToneType;
import org.sscpbridge.sscp.transport.Inbound;

/** {@code bin/sscp-phone --script} end to end (in-process) against the in-process bridge. */
class PhoneScriptTest {
    @TempDir
    Path dir;

    private FakeBridge bridge;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startBridge() throws Exception {
        bridge = new FakeBridge();
    }

    @AfterEach
    void stopBridge() {
        bridge.close();
    }

    private int runScript(String script, String... extraArgs) throws Exception {
        Path file = dir.resolve("test.script");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        List<String> args = new java.util.ArrayList<>(List.of("--bridge", bridge.addressText(), "--device", "SEP00AABBCCDDEE",
                "--bind", "127.0.0.1:0", "--script", file.toString()));
        args.addAll(List.of(extraArgs));
        return SscpPhoneMain.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The bridge behaviour SPEC §5 describes, reduced to what the script below needs. */
    private void reactLikeABridge() {
        bridge.keepaliveSeconds = 1;
        bridge.on(MessageType.OFF_HOOK, (in, b) -> {
            b.send(in.source(), FakeBridge.callState(CallStateName.OFF_HOOK));
            b.send(in.source(), new BridgeMessage.Tone(ToneType.DIAL));
        });
        bridge.on(MessageType.DIAL, (in, b) ->
                b.send(in.source(), new BridgeMessage.OpenMedia(FakeBridge.CALL, new BridgeMessage.CodecInfo("PCMU", 20))));
        bridge.on(MessageType.MEDIA_INFO, (in, b) -> {
            // The phone talks to itself: its RTP comes back to its own socket.
            PhoneMessage.MediaInfo info = (PhoneMessage.MediaInfo) in.message();
            b.send(in.source(), new BridgeMessage.StartMedia(FakeBridge.CALL, info.media(),
                    new BridgeMessage.CodecInfo("PCMU", 20), MediaDirection.SEND_RECV));
            b.send(in.source(), FakeBridge.callState(CallStateName.CONNECTED));
        });
        bridge.on(MessageType.SOFT_KEY_EVENT, (in, b) -> {
            SoftKey key = ((PhoneMessage.SoftKeyEvent) in.message()).key();
            switch (key) {
                case HOLD -> b.send(in.source(), FakeBridge.callState(CallStateName.HOLD));
                case RESUME -> b.send(in.source(), FakeBridge.callState(CallStateName.CONNECTED));
                case END_CALL -> {
                    b.send(in.source(), new BridgeMessage.StopMedia(FakeBridge.CALL));
                    b.send(in.source(), FakeBridge.callState(CallStateName.IDLE));
                }
                default -> b.send(in.source(), new BridgeMessage.Display("key " + key.label(), 5));
            }
        });
        bridge.on(MessageType.ON_HOOK, (in, b) -> b.send(in.source(), FakeBridge.callState(CallStateName.IDLE)));
        bridge.on(MessageType.SPEED_DIAL, (in, b) -> b.send(in.source(),
                new BridgeMessage.Display("Speed dial " + ((PhoneMessage.SpeedDial) in.message()).index(), 5)));
        bridge.on(MessageType.VOICE_MAIL, (in, b) -> b.send(in.source(),
                new BridgeMessage.Lamp(LampType.MESSAGE_WAITING, LampMode.ON, new BridgeMessage.MessageCounts(2, 5))));
    }

    private static final String EVERY_COMMAND = """
            # Every command of bin/sscp-phone, against a bridge that answers what it must.
            expect RegisterAck keepalive=1 Line.number=1001
            layout
            expect PhoneLayout Title.text="Sim Office" SpeedDial.index=3
            offhook
            expect CallState state=OffHook
            expect Tone type=Dial
            digits 10
            5
            dial 1002
            expect OpenMedia
            expect CallState state=Connected Party.number=1002 within 5
            expect StartMedia
            expect rtp received>=5 sent>=5 within 5
            softkey Hold
            expect CallState state=Hold
            softkey resume
            expect CallState state=connected
            digits 1
            softkey 9
            expect StopMedia
            expect CallState state=Idle
            onhook 1
            expect CallState state=Idle
            speeddial 3
            expect Display text~="speed dial 3"
            forward all 1003
            expect ForwardStatus type=All number=1003 active=true
            forward busy off
            expect ForwardStatus type=Busy active=false
            phonebook search Smith
            expect PhoneBookResult lastname=Smith total=1
            phonebook store id=u9 lastname=Kim firstname=Sangmi number=1012
            expect PhoneBookResult code=200
            phonebook delete id=u9
            expect PhoneBookResult
            history missed
            expect CallHistoryResult Entry.type=Missed
            history all 5
            expect CallHistoryResult
            history delete 3
            expect CallHistoryResult index=3
            headset on
            headset off
            dnd on
            dnd off
            voicemail
            expect Lamp mode=On new>=1
            sleep 1.5
            show
            rtp
            help
            unregister
            expect UnregisterAck
            register
            expect RegisterAck
            quit
            offhook
            """;

    @Test
    void aScriptUsingEveryCommandRunsToTheEnd() throws Exception {
        reactLikeABridge();

        int exit = runScript(EVERY_COMMAND);

        assertEquals(0, exit, out() + "\n" + err());
        assertTrue(out().contains("done, every expectation met"), out());
        Set<MessageType> seen = bridge.received().stream().map(Inbound::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(MessageType.class)));
        Set<MessageType> everyPhoneRequest = EnumSet.noneOf(MessageType.class);
        for (MessageType t : MessageType.values()) {
            if (t.sender() == Direction.PHONE && t != MessageType.PHONE_ACK) {
                everyPhoneRequest.add(t);
            }
        }
        everyPhoneRequest.removeAll(seen);
        assertEquals(Set.of(), everyPhoneRequest, "phone messages the script never sent");
        assertTrue(bridge.endpoint().stats().answersConsumed() > 0, "the phone's Acks reached the bridge");
        assertEquals(0, bridge.count(MessageType.OFF_HOOK) - 1, "nothing after quit ran");

        List<PhoneMessage.Digit> digits = bridge.received().stream().filter(i -> i.type() == MessageType.DIGIT)
                .map(i -> (PhoneMessage.Digit) i.message()).toList();
        assertEquals("1051", digits.stream().map(d -> String.valueOf(d.key())).collect(Collectors.joining()));
        assertNull(digits.get(0).callId(), "dialling digits carry no call");
        assertEquals(FakeBridge.CALL, digits.get(3).callId(), "mid-call digits are DTMF of the call");
        PhoneMessage.SoftKeyEvent hold = bridge.received().stream().filter(i -> i.type() == MessageType.SOFT_KEY_EVENT)
                .map(i -> (PhoneMessage.SoftKeyEvent) i.message()).findFirst().orElseThrow();
        assertEquals(FakeBridge.CALL, hold.callId());
        // show printed the lists the bridge sent
        assertTrue(out().contains("Smith, Anna  1003"), out());
        assertTrue(out().contains("3 Missed 1002 Bob"), out());
        assertTrue(out().contains("call 01000001: sent"), out());
        assertNotNull(bridge.phone("SEP00AABBCCDDEE"));
    }

    @Test
    void anUnmetExpectationFailsWithTheLineNumberAndWhatArrived() throws Exception {
        int exit = runScript("""
                expect RegisterAck
                # the fake bridge never sends a call
                offhook
                expect CallState state=Connected within 0.5
                expect RegisterAck
                """);

        assertEquals(1, exit);
        assertTrue(err().contains("line 4: expect CallState state=Connected within 0.5"), err());
        assertTrue(err().contains("expected CallState state=Connected within 0.5 s, not received"), err());
        assertTrue(err().contains("received meanwhile"), err());
        assertTrue(out().contains("test.script:4> "), out());
        assertTrue(!out().contains("test.script:5> "), "stops at the first failure:\n" + out());
    }

    @Test
    void anExpectationReportsMessagesOfThatNameThatDidNotMatch() throws Exception {
        int exit = runScript("expect RegisterAck keepalive=99 within 1\n");

        assertEquals(1, exit);
        assertTrue(err().contains("line 1"), err());
        assertTrue(err().contains("RegisterAck seq="), "the RegisterAck that arrived is listed:\n" + err());
    }

    @Test
    void aRefusedRegistrationEndsTheScriptWithFailure() throws Exception {
        bridge.secret = "s3cret";

        long start = System.nanoTime();
        int exit = runScript("expect RegisterAck within 30\nlayout\n");

        assertEquals(1, exit);
        assertTrue(System.nanoTime() - start < java.time.Duration.ofSeconds(10).toNanos(), "the refusal ends the wait at once");
        assertTrue(err().contains("registration refused: 401"), err());
        assertTrue(err().contains("no --secret"), err());
    }

    @Test
    void aChallengedPhoneWithTheSecretRegisters() throws Exception {
        bridge.secret = "s3cret";

        int exit = runScript("expect RegisterReject code=401 nonce=" + FakeBridge.NONCE + "\nexpect RegisterAck\n", "--secret", "s3cret");

        assertEquals(0, exit, err());
    }

    @Test
    void aScriptThatDoesNotParseRunsNothingAndNamesEveryBadLine() throws Exception {
        int exit = runScript("register\nfly away\nexpect Nonsense\nexpect rtp jitter<5\n");

        assertEquals(SscpPhoneMain.USAGE, exit);
        assertTrue(err().contains("line 2: unknown command 'fly'"), err());
        assertTrue(err().contains("line 3: 'Nonsense' is not a message the bridge sends"), err());
        assertTrue(err().contains("line 4: expect rtp knows"), err());
        assertEquals(0, bridge.registers().size(), "nothing ran");
    }

    @Test
    void badOptionsAreAUsageError() throws Exception {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit = SscpPhoneMain.run(new String[] {"--device", "SEP1"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertEquals(SscpPhoneMain.USAGE, exit);
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("--bridge and --device are required"));
    }

    @Test
    void theInteractiveModeReadsCommandsUntilQuitAndRedrawsTheScreen() throws Exception {
        String input = "layout\nbogus\nsleep 0.5\nshow\nquit\nregister\n";
        int exit = SscpPhoneMain.run(new String[] {"--bridge", bridge.addressText(), "--device", "SEP00AABBCCDDEF", "--bind", "127.0.0.1:0"},
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, exit, err());
        assertTrue(out().contains("?? unknown command 'bogus'"), out());
        assertTrue(out().contains("\"Sim Office\""), "show prints the layout's title:\n" + out());
        assertTrue(out().contains("+-- SEP00AABBCCDDEF"), out());
        assertEquals(1, bridge.registers().size(), "nothing after quit");
    }
}
