package org.sscpbridge.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.Caller;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.OutgoingOptions;
import org.sscpbridge.call.SipCalls;
import org.sscpbridge.call.TransferListener;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.feature.phonebook.PhoneBookDirectory;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.RingerMode;
import org.sscpbridge.sscp.message.ToneType;
import org.sscpbridge.time.ManualScheduler;

/** Call control read like the call flows of SPEC §5, with the SIP side as a recording port. */
class CallControlTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final List<BridgeMessage> shown = new ArrayList<>();
    private final RecordingSip sip = new RecordingSip();
    private final Forwards forwards = new Forwards();
    private final CallHistoryLog history = new CallHistoryLog();
    private final DeviceConfig config = new DeviceConfig("SEP1", List.of(
            new DeviceConfig.Line(1, "1001", null, "pw", "Alice")),
            List.of(new DeviceConfig.SpeedDial(3, "1003", "Carol")), Optional.empty(), List.of());
    private final CallControl calls = new CallControl(new CallControl.Phone() {
        @Override public String deviceId() { return "SEP1"; }
        @Override public DeviceConfig config() { return config; }
        @Override public void send(BridgeMessage message) { shown.add(message); }
        @Override public Executor events() { return Runnable::run; }
        @Override public org.sscpbridge.time.Scheduler scheduler() { return clock; }
        @Override public SipCalls sip() { return sip; }
        @Override public Optional<MediaAddress> registeredMedia() { return Optional.empty(); }
        @Override public CallIdSource callIds() { return ids; }
        @Override public DigitMap digitMap() { return DigitMap.parse("xxxx|*xx|9x.#"); }
        @Override public Duration interdigit() { return Duration.ofSeconds(5); }
        @Override public boolean dtmfInfo() { return dtmfInfo; }
        @Override public CallHistoryLog history() { return history; }
        @Override public Forwards forwards() { return forwards; }
        @Override public BridgeConfig.FeatureNumbers features() { return features; }
        @Override public PhoneBookDirectory phoneBook() { return phoneBook; }
        @Override public Optional<String> forwardLoop(Forwards.Kind kind, String target) {
            return target.equals("1001") ? Optional.of("own line") : Optional.empty();
        }
    });
    private BridgeConfig.FeatureNumbers features = new BridgeConfig.FeatureNumbers("*97", "*70", "*8", "*30",
            "sip:conf@pbx.example", Duration.ofSeconds(20));
    private final PhoneBookDirectory phoneBook = new PhoneBookDirectory();
    private final CallIdSource ids = new CallIdSource();
    private boolean dtmfInfo = true;

    private <T extends BridgeMessage> T last(Class<T> type) {
        for (int i = shown.size() - 1; i >= 0; i--) {
            if (type.isInstance(shown.get(i))) {
                return type.cast(shown.get(i));
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + shown);
    }

    private boolean sawState(CallStateName state) {
        return shown.stream().anyMatch(m -> m instanceof BridgeMessage.CallState c && c.state() == state);
    }

    private void mediaInfo(int port) {
        BridgeMessage.OpenMedia open = last(BridgeMessage.OpenMedia.class);
        calls.mediaInfo(new PhoneMessage.MediaInfo(open.callId(), new MediaAddress("192.0.2.7", port), "PCMU"));
    }

    private RecordingSip.Outgoing dialled(String number) {
        calls.offHook(null);
        for (char c : number.toCharArray()) {
            calls.digit(c);
        }
        mediaInfo(16384);
        return sip.outgoing.get(sip.outgoing.size() - 1);
    }

    @Test
    void offHookGivesDialToneAndTheFirstDigitStopsIt() {
        calls.offHook(null);
        assertEquals(CallStateName.OFF_HOOK, last(BridgeMessage.CallState.class).state());
        assertEquals(ToneType.DIAL, last(BridgeMessage.Tone.class).tone());
        calls.digit('1');
        assertEquals(ToneType.OFF, last(BridgeMessage.Tone.class).tone());
        assertEquals(CallStateName.DIALING, last(BridgeMessage.CallState.class).state());
        assertTrue(sip.outgoing.isEmpty());
    }

    @Test
    void aCompleteNumberAsksThePhoneForMediaThenInvitesWithItsAddress() {
        RecordingSip.Outgoing out = dialled("1002");
        assertEquals("1002", out.number);
        assertEquals("1001", out.line.number());
        assertEquals(new MediaEndpoint("192.0.2.7", 16384, List.of("PCMU")), out.media);
        assertTrue(sawState(CallStateName.PROCEED));
        assertEquals("1002", history.query(CallHistoryLog.Kind.PLACED, 1).get(0).number());
    }

    @Test
    void ringingThenAnswerStartsMediaTowardsTheFarEnd() {
        RecordingSip.Outgoing out = dialled("1002");
        out.listener.onProgress(180, Optional.empty());
        assertEquals(CallStateName.RING_OUT, last(BridgeMessage.CallState.class).state());
        assertEquals(ToneType.RING_BACK, last(BridgeMessage.Tone.class).tone());
        out.listener.onAnswered(new MediaSession("198.51.100.9", 4000, "PCMA", 20, MediaSession.MediaMode.SEND_RECV));
        BridgeMessage.StartMedia start = last(BridgeMessage.StartMedia.class);
        assertEquals(new MediaAddress("198.51.100.9", 4000), start.remote());
        assertEquals("PCMA", start.codec().name());
        assertEquals(CallStateName.CONNECTED, last(BridgeMessage.CallState.class).state());
        calls.onHook();
        assertTrue(out.hungUp);
        assertEquals(CallStateName.IDLE, last(BridgeMessage.CallState.class).state());
        assertEquals(start.callId(), last(BridgeMessage.StopMedia.class).callId());
        assertEquals(0, calls.size());
    }

    @Test
    void failuresAreShownAsTheSpecSays() {
        RecordingSip.Outgoing busy = dialled("1002");
        busy.listener.onFailed(486, "Busy Here");
        assertEquals(CallStateName.BUSY, last(BridgeMessage.CallState.class).state());
        assertEquals(ToneType.BUSY, last(BridgeMessage.Tone.class).tone());
        calls.onHook();
        dialled("1004").listener.onFailed(404, "Not Found");
        assertEquals(CallStateName.INVALID_NUMBER, last(BridgeMessage.CallState.class).state());
        assertEquals(ToneType.REORDER, last(BridgeMessage.Tone.class).tone());
        calls.onHook();
        dialled("1005").listener.onFailed(503, "Service Unavailable");
        assertEquals(CallStateName.CONGESTION, last(BridgeMessage.CallState.class).state());
        calls.onHook();
        assertEquals(0, calls.size());
    }

    @Test
    void aNumberOutsideTheDigitMapIsInvalidAtOnce() {
        calls.offHook(null);
        calls.digit('1');
        calls.digit('2');
        calls.digit('*');
        assertEquals(CallStateName.INVALID_NUMBER, last(BridgeMessage.CallState.class).state());
        assertTrue(sip.outgoing.isEmpty());
    }

    @Test
    void aPartialNumberIsDialledAfterTheInterdigitTimeout() {
        calls.offHook(null);
        calls.digit('9');
        calls.digit('1');
        clock.advance(Duration.ofSeconds(4));
        assertTrue(shown.stream().noneMatch(m -> m instanceof BridgeMessage.OpenMedia));
        clock.advance(Duration.ofSeconds(2));
        mediaInfo(16390);
        assertEquals("91", sip.outgoing.get(0).number);
    }

    @Test
    void noMediaInfoAndNoRegisteredMediaIsCongestion() {
        calls.dial("1002", null);
        clock.advance(CallTransitions.MEDIA_INFO_WAIT.plusMillis(1));
        assertEquals(CallStateName.CONGESTION, last(BridgeMessage.CallState.class).state());
        assertTrue(sip.outgoing.isEmpty());
    }

    @Test
    void speedDialUsesTheConfiguredIndex() {
        calls.speedDial(3);
        mediaInfo(16384);
        assertEquals("1003", sip.outgoing.get(0).number);
        calls.speedDial(9);
        assertEquals("Speed dial 9 not set", last(BridgeMessage.Display.class).text());
    }

    @Test
    void anIncomingCallRingsAndOffHookAnswersItWithThePhonesMedia() {
        RecordingSip.Incoming in = new RecordingSip.Incoming(new Caller("2000", "Bob"));
        calls.incoming("1001", in);
        assertTrue(in.ringing);
        BridgeMessage.CallState ring = last(BridgeMessage.CallState.class);
        assertEquals(CallStateName.RING_IN, ring.state());
        assertEquals("2000", ring.party().number());
        assertEquals("Bob", ring.party().name());
        assertEquals(RingerMode.INSIDE, last(BridgeMessage.Ringer.class).mode());
        mediaInfo(17000);
        calls.offHook(null);
        assertEquals(RingerMode.OFF, last(BridgeMessage.Ringer.class).mode());
        assertEquals(new MediaEndpoint("192.0.2.7", 17000, List.of("PCMU")), in.answeredWith);
        in.listener.onAnswered(new MediaSession("198.51.100.1", 5000, "PCMU", 20, MediaSession.MediaMode.SEND_RECV));
        assertEquals(CallStateName.CONNECTED, last(BridgeMessage.CallState.class).state());
        in.listener.onEnded("far end hung up");
        assertEquals(CallStateName.IDLE, last(BridgeMessage.CallState.class).state());
        assertEquals(0, calls.size());
    }

    @Test
    void aCancelledIncomingCallIsMissed() {
        RecordingSip.Incoming in = new RecordingSip.Incoming(new Caller("2000", ""));
        calls.incoming("1001", in);
        in.listener.onFailed(487, "caller cancelled");
        assertEquals(RingerMode.OFF, last(BridgeMessage.Ringer.class).mode());
        assertEquals(CallStateName.IDLE, last(BridgeMessage.CallState.class).state());
        assertEquals("2000", history.query(CallHistoryLog.Kind.MISSED, 1).get(0).number());
    }

    @Test
    void aSecondCallWhileConnectedWaitsWithATone() {
        dialled("1002").listener.onAnswered(
                new MediaSession("198.51.100.9", 4000, "PCMU", 20, MediaSession.MediaMode.SEND_RECV));
        RecordingSip.Incoming second = new RecordingSip.Incoming(new Caller("3000", ""));
        calls.incoming("1001", second);
        assertEquals(ToneType.CALL_WAITING, last(BridgeMessage.Tone.class).tone());
        assertEquals(CallStateName.RING_IN, last(BridgeMessage.CallState.class).state());
        assertNull(second.rejected);
    }

    @Test
    void aPhoneBusyDiallingRejectsOrForwardsANewCall() {
        calls.offHook(null);
        RecordingSip.Incoming first = new RecordingSip.Incoming(new Caller("3000", ""));
        calls.incoming("1001", first);
        assertEquals(486, first.rejected);
        forwards.set(Forwards.Kind.BUSY, Optional.of("1099"));
        RecordingSip.Incoming second = new RecordingSip.Incoming(new Caller("3001", ""));
        calls.incoming("1001", second);
        assertEquals("1099", second.redirectedTo);
    }

    @Test
    void forwardAllRedirectsWithoutRinging() {
        forwards.set(Forwards.Kind.ALL, Optional.of("1050"));
        RecordingSip.Incoming in = new RecordingSip.Incoming(new Caller("3000", ""));
        calls.incoming("1001", in);
        assertEquals("1050", in.redirectedTo);
        assertFalse(in.ringing);
        assertEquals(0, calls.size());
    }

    @Test
    void endAllHangsUpEverySipCallSoNoDialogOutlivesThePhone() {
        RecordingSip.Outgoing out = dialled("1002");
        RecordingSip.Incoming in = new RecordingSip.Incoming(new Caller("3000", ""));
        out.listener.onAnswered(new MediaSession("198.51.100.9", 4000, "PCMU", 20, MediaSession.MediaMode.SEND_RECV));
        calls.incoming("1001", in);
        calls.endAll(false);
        assertTrue(out.hungUp);
        assertTrue(in.hungUp);
        assertEquals(0, calls.size());
    }

    @Test
    void digitsDuringAConnectedCallBecomeDtmf() {
        RecordingSip.Outgoing out = dialled("1002");
        out.listener.onAnswered(new MediaSession("198.51.100.9", 4000, "PCMU", 20, MediaSession.MediaMode.SEND_RECV));
        calls.digit('5');
        calls.digit('#');
        assertEquals("5#", out.dtmf.toString());
        dtmfInfo = false;
        calls.digit('7');
        assertEquals("5#", out.dtmf.toString(), "with dtmf.info = false the phone's RTP carries the digits");
    }

    /** The SIP port as a recorder: what the phone side asked, and a way to answer as SIP would. */
    static final class RecordingSip implements SipCalls {
        final List<Outgoing> outgoing = new ArrayList<>();

        static class Recorded implements SipCall {
            boolean hungUp;
            final StringBuilder dtmf = new StringBuilder();
            final List<MediaSession.MediaMode> reoffers = new ArrayList<>();
            final List<Referral> referrals = new ArrayList<>();

            @Override public String sipCallId() { return "test-call"; }
            @Override public void hangUp() { hungUp = true; }
            @Override public void sendDtmf(char digit) { dtmf.append(digit); }
            @Override public void reoffer(MediaSession.MediaMode mode) { reoffers.add(mode); }
            @Override public void refer(String target, Optional<SipCall> replacing, TransferListener listener) {
                referrals.add(new Referral(target, replacing, listener));
            }

            MediaSession.MediaMode lastReoffer() {
                return reoffers.get(reoffers.size() - 1);
            }

            Referral lastReferral() {
                return referrals.get(referrals.size() - 1);
            }
        }

        record Referral(String target, Optional<SipCall> replacing, TransferListener listener) {}

        static final class Outgoing extends Recorded {
            LineAccount line;
            String number;
            MediaEndpoint media;
            CallListener listener;
            OutgoingOptions options;
        }

        static final class Incoming extends Recorded implements IncomingCall {
            final Caller caller;
            boolean ringing;
            Integer rejected;
            String redirectedTo;
            MediaEndpoint answeredWith;
            CallListener listener;
            SipCall replaces;

            Incoming(Caller caller) {
                this.caller = caller;
            }

            Incoming(Caller caller, SipCall replaces) {
                this.caller = caller;
                this.replaces = replaces;
            }

            @Override public Optional<SipCall> replaces() { return Optional.ofNullable(replaces); }
            @Override public Caller caller() { return caller; }
            @Override public void ringing() { ringing = true; }
            @Override public void answer(MediaEndpoint phone) { answeredWith = phone; }
            @Override public void reject(int status) { rejected = status; }
            @Override public void redirect(String number) { redirectedTo = number; }
            @Override public void listen(CallListener l) { listener = l; }
        }

        @Override
        public SipCall call(LineAccount line, String number, MediaEndpoint phone, CallListener listener,
                OutgoingOptions options) {
            Outgoing o = new Outgoing();
            o.options = options;
            o.line = line;
            o.number = number;
            o.media = phone;
            o.listener = listener;
            outgoing.add(o);
            return o;
        }

        @Override
        public void onIncoming(IncomingCallHandler handler) {
            // Incoming calls are handed to call control directly by the tests.
        }
    }
}
