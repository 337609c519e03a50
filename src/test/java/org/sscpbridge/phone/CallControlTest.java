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
import org.sscpbridge.call.TransferRequest;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.store.MemoryStore;
import org.sscpbridge.store.PhoneBookStore;
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
    private final MemoryStore store = new MemoryStore();
    private final Forwards forwards = new Forwards("SEP1", store, Runnable::run);
    private final CallHistoryLog history = new CallHistoryLog("SEP1", store, Runnable::run, 100, Runnable::run);
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
        @Override public PhoneBook phoneBook() { return phoneBook; }
        @Override public int selectedLine() { return 1; }
        @Override public Optional<String> forwardLoop(Forwards.Kind kind, String target) {
            return target.equals("1001") ? Optional.of("own line") : Optional.empty();
        }
    });
    private BridgeConfig.FeatureNumbers features = new BridgeConfig.FeatureNumbers("*97", "*70", "*8", "*30",
            "sip:conf@pbx.example", Duration.ofSeconds(20));
    private final PhoneBook phoneBook = new PhoneBook(store, Runnable::run);
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
        calls.onHook();
        assertEquals("1002", history.query(CallHistoryLog.Kind.PLACED, 1).get(0).number());
        assertEquals("1002", store.query("SEP1", Optional.empty(), 1).get(0).number(), "the entry is stored");
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
    void aCallerWithoutDisplayNameIsShownWithThePhoneBooksName() {
        store.store(new PhoneBookStore.Entry(null, "c1", "Park", "Carol", "3000"));
        calls.incoming("1001", new RecordingSip.Incoming(new Caller("3000", "")));
        BridgeMessage.CallState ring = last(BridgeMessage.CallState.class);
        assertEquals(CallStateName.RING_IN, ring.state());
        assertEquals("Carol Park", ring.party().name());
        assertEquals("From Carol Park 3000", last(BridgeMessage.Display.class).text());
    }

    @Test
    void voiceMailForAnotherMailboxNamesItAsTheTarget() {
        calls.voiceMail("1099");
        mediaInfo(16384);
        assertEquals("*97", sip.outgoing.get(0).number);
        assertEquals(Optional.of("1099"), sip.outgoing.get(0).options.mailbox());
        calls.onHook();
        calls.voiceMail("1001");
        mediaInfo(16384);
        assertEquals(Optional.empty(), sip.outgoing.get(1).options.mailbox(), "the phone's own mailbox needs no target");
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
        forwards.set(1, Forwards.Kind.BUSY, Optional.of("1099"));
        RecordingSip.Incoming second = new RecordingSip.Incoming(new Caller("3001", ""));
        calls.incoming("1001", second);
        assertEquals("1099", second.redirectedTo);
    }

    @Test
    void forwardAllRedirectsWithoutRinging() {
        forwards.set(1, Forwards.Kind.ALL, Optional.of("1050"));
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


    // ---- SPEC §6: soft keys and mid-call features ----------------------------------------------

    private static final MediaSession FAR = new MediaSession("198.51.100.9", 4000, "PCMU", 20,
            MediaSession.MediaMode.SEND_RECV);

    private RecordingSip.Outgoing connected(String number) {
        RecordingSip.Outgoing out = dialled(number);
        out.listener.onAnswered(FAR);
        return out;
    }

    private BridgeMessage.CallState lastStateOf(org.sscpbridge.sscp.message.CallId id) {
        for (int i = shown.size() - 1; i >= 0; i--) {
            if (shown.get(i) instanceof BridgeMessage.CallState c && c.callId().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no CallState for " + id);
    }

    private org.sscpbridge.sscp.message.CallId lastCallId() {
        return last(BridgeMessage.CallState.class).callId();
    }

    private void key(SoftKey k) {
        calls.softKey(k, null, null);
    }

    private void key(SoftKey k, org.sscpbridge.sscp.message.CallId id) {
        calls.softKey(k, id, null);
    }

    @Test
    void holdStopsMediaAndReInvitesSendOnlyResumeRestartsOnTheAnswer() {
        RecordingSip.Outgoing out = connected("1002");
        var id = lastCallId();
        key(SoftKey.HOLD);
        assertEquals(id, last(BridgeMessage.StopMedia.class).callId());
        assertEquals(CallStateName.HOLD, lastStateOf(id).state());
        assertEquals(MediaSession.MediaMode.SEND_ONLY, out.lastReoffer());
        out.listener.onMediaChanged(new MediaSession("198.51.100.9", 4000, "PCMU", 20, MediaSession.MediaMode.SEND_ONLY));
        assertEquals(CallStateName.HOLD, lastStateOf(id).state(), "the hold's answer changes nothing for the phone");
        int startsBefore = count(BridgeMessage.StartMedia.class);
        key(SoftKey.RESUME, id);
        assertEquals(MediaSession.MediaMode.SEND_RECV, out.lastReoffer());
        assertEquals(startsBefore, count(BridgeMessage.StartMedia.class), "media restarts on the answer");
        out.listener.onMediaChanged(FAR);
        assertEquals(CallStateName.CONNECTED, lastStateOf(id).state());
        assertEquals(startsBefore + 1, count(BridgeMessage.StartMedia.class));
    }

    private int count(Class<? extends BridgeMessage> type) {
        return (int) shown.stream().filter(type::isInstance).count();
    }

    @Test
    void aRefusedHoldLeavesTheCallConnected() {
        RecordingSip.Outgoing out = connected("1002");
        var id = lastCallId();
        key(SoftKey.HOLD);
        out.listener.onReofferFailed(488, "Not Acceptable Here");
        assertEquals(CallStateName.CONNECTED, lastStateOf(id).state());
        assertEquals(new MediaAddress("198.51.100.9", 4000), last(BridgeMessage.StartMedia.class).remote());
        assertTrue(last(BridgeMessage.Display.class).text().startsWith("Hold failed"));
    }

    @Test
    void theFarEndsHoldIsShownAsTheMediaDirection() {
        RecordingSip.Outgoing out = connected("1002");
        out.listener.onMediaChanged(new MediaSession("198.51.100.9", 4000, "PCMU", 20, MediaSession.MediaMode.RECV_ONLY));
        assertEquals(org.sscpbridge.sscp.message.MediaDirection.RECV_ONLY, last(BridgeMessage.StartMedia.class).direction());
        assertEquals(CallStateName.CONNECTED, last(BridgeMessage.CallState.class).state());
    }

    @Test
    void answeringAWaitingCallHoldsTheConnectedOneAndResumeSwapsBack() {
        RecordingSip.Outgoing first = connected("1002");
        var firstId = lastCallId();
        RecordingSip.Incoming second = new RecordingSip.Incoming(new Caller("3000", ""));
        calls.incoming("1001", second);
        var secondId = lastCallId();
        mediaInfo(17000);
        key(SoftKey.ANSWER, secondId);
        assertFalse(first.hungUp, "call waiting holds, it does not hang up");
        assertEquals(MediaSession.MediaMode.SEND_ONLY, first.lastReoffer());
        assertEquals(CallStateName.HOLD, lastStateOf(firstId).state());
        assertEquals(new MediaEndpoint("192.0.2.7", 17000, List.of("PCMU")), second.answeredWith);
        second.listener.onAnswered(FAR);
        assertEquals(CallStateName.CONNECTED, lastStateOf(secondId).state());
        key(SoftKey.RESUME, firstId);
        assertEquals(MediaSession.MediaMode.SEND_ONLY, second.lastReoffer());
        assertEquals(MediaSession.MediaMode.SEND_RECV, first.lastReoffer());
        first.listener.onMediaChanged(FAR);
        assertEquals(CallStateName.CONNECTED, lastStateOf(firstId).state());
        assertEquals(CallStateName.HOLD, lastStateOf(secondId).state());
    }

    @Test
    void aDigitAfterAnswerBeforeMediaInfoNeverPlacesANewCall() {
        RecordingSip.Incoming in = new RecordingSip.Incoming(new Caller("3000", ""));
        calls.incoming("1001", in);
        calls.offHook(null);
        calls.digit('5');
        assertTrue(sip.outgoing.isEmpty(), "the digit must not start a call over the one being answered");
        mediaInfo(17000);
        assertEquals(new MediaEndpoint("192.0.2.7", 17000, List.of("PCMU")), in.answeredWith);
    }

    @Test
    void aCancelCrossingTheAnswerEndsTheCallOnceAndALate200IsIgnored() {
        RecordingSip.Incoming in = new RecordingSip.Incoming(new Caller("3000", ""));
        calls.incoming("1001", in);
        mediaInfo(17000);
        calls.offHook(null);
        in.listener.onFailed(487, "caller cancelled");
        assertEquals(0, calls.size());
        int before = shown.size();
        in.listener.onAnswered(FAR);
        assertEquals(before, shown.size(), "an answer after the CANCEL must not revive the call");
    }

    @Test
    void blindTransferCancelsTheConsultationAndRefersTheHeldCall() {
        RecordingSip.Outgoing first = connected("1002");
        var firstId = lastCallId();
        key(SoftKey.TRANSFER, firstId);
        assertEquals(MediaSession.MediaMode.SEND_ONLY, first.lastReoffer());
        assertEquals(CallStateName.OFF_HOOK, last(BridgeMessage.CallState.class).state());
        for (char c : "1003".toCharArray()) {
            calls.digit(c);
        }
        mediaInfo(16390);
        RecordingSip.Outgoing consult = sip.outgoing.get(1);
        consult.listener.onProgress(180, Optional.empty());
        key(SoftKey.TRANSFER);
        assertTrue(consult.hungUp, "the ringing consultation is cancelled");
        assertEquals("1003", first.lastReferral().target());
        assertTrue(first.lastReferral().replacing().isEmpty());
        assertEquals(CallStateName.TRANSFER, lastStateOf(firstId).state());
        first.lastReferral().listener().onAccepted();
        first.lastReferral().listener().onSucceeded("SIP/2.0 200 OK");
        assertTrue(first.hungUp, "the transferor leaves with BYE");
        assertEquals("Transferred", last(BridgeMessage.Display.class).text());
        assertEquals(0, calls.size());
    }

    @Test
    void attendedTransferRefersWithReplacesOfTheConsultation() {
        RecordingSip.Outgoing first = connected("1002");
        var firstId = lastCallId();
        key(SoftKey.TRANSFER, firstId);
        calls.dial("1003", null);
        mediaInfo(16390);
        RecordingSip.Outgoing consult = sip.outgoing.get(1);
        consult.listener.onAnswered(FAR);
        key(SoftKey.TRANSFER);
        assertEquals("1003", first.lastReferral().target());
        assertEquals(consult, first.lastReferral().replacing().orElseThrow());
        first.lastReferral().listener().onSucceeded("SIP/2.0 200 OK");
        assertTrue(first.hungUp);
        assertTrue(consult.hungUp, "the consultation ends too once the transfer succeeded");
        assertEquals(0, calls.size());
    }

    @Test
    void aFailedTransferLeavesTheCallOnHold() {
        RecordingSip.Outgoing first = connected("1002");
        var firstId = lastCallId();
        key(SoftKey.TRANSFER, firstId);
        calls.dial("1003", null);
        mediaInfo(16390);
        sip.outgoing.get(1).listener.onProgress(180, Optional.empty());
        key(SoftKey.TRANSFER, firstId);
        first.lastReferral().listener().onFailed(403, "SIP/2.0 403 Forbidden");
        assertEquals(CallStateName.HOLD, lastStateOf(firstId).state());
        assertTrue(last(BridgeMessage.Display.class).text().startsWith("Transfer failed"));
        assertFalse(first.hungUp);
    }

    @Test
    void aReferFromTheFarEndPlacesANewCallAndReportsItsOutcome() {
        RecordingSip.Outgoing first = connected("1002");
        RecordingTransfer request = new RecordingTransfer("1005", Optional.of("abc;to-tag=1;from-tag=2"));
        first.listener.onTransferRequested(request);
        assertEquals(CallStateName.PROCEED, last(BridgeMessage.CallState.class).state());
        mediaInfo(16392);
        RecordingSip.Outgoing referred = sip.outgoing.get(1);
        assertEquals("1005", referred.number);
        assertEquals(Optional.of("abc;to-tag=1;from-tag=2"), referred.options.replaces());
        referred.listener.onProgress(180, Optional.empty());
        referred.listener.onAnswered(FAR);
        assertEquals(List.of(180, 200), request.reports);
        first.listener.onEnded("far end hung up");
        assertEquals(1, calls.size());
    }

    @Test
    void anInviteWithReplacesTakesTheCallOverAndByesTheOldDialog() {
        RecordingSip.Outgoing first = connected("1002");
        var id = lastCallId();
        RecordingSip.Incoming replacing = new RecordingSip.Incoming(new Caller("1009", "Carol"), first);
        calls.incoming("1001", replacing);
        assertTrue(first.hungUp);
        assertEquals(new MediaEndpoint("192.0.2.7", 16384, List.of("PCMU")), replacing.answeredWith);
        replacing.listener.onAnswered(new MediaSession("198.51.100.20", 6000, "PCMU", 20, MediaSession.MediaMode.SEND_RECV));
        assertEquals(new MediaAddress("198.51.100.20", 6000), last(BridgeMessage.StartMedia.class).remote());
        BridgeMessage.CallState now = lastStateOf(id);
        assertEquals(CallStateName.CONNECTED, now.state());
        assertEquals("1009", now.party().number());
        first.listener.onEnded("BYE answered");
        assertEquals(1, calls.size(), "the old dialog's end must not end the taken-over call");
    }

    @Test
    void aReplacesForNoLiveCallIsRefused() {
        RecordingSip.Incoming stray = new RecordingSip.Incoming(new Caller("1009", ""), new RecordingSip.Recorded());
        calls.incoming("1001", stray);
        assertEquals(481, stray.rejected);
    }

    @Test
    void conferenceCallsTheBridgeAndRefersBothFarEnds() {
        RecordingSip.Outgoing first = connected("1002");
        key(SoftKey.CONFERENCE);
        calls.dial("1003", null);
        mediaInfo(16390);
        RecordingSip.Outgoing consult = sip.outgoing.get(1);
        consult.listener.onAnswered(FAR);
        key(SoftKey.CONFERENCE);
        assertEquals("sip:conf@pbx.example", first.lastReferral().target());
        assertEquals("sip:conf@pbx.example", consult.lastReferral().target());
        mediaInfo(16394);
        RecordingSip.Outgoing leg = sip.outgoing.get(2);
        assertEquals("sip:conf@pbx.example", leg.number);
        leg.listener.onAnswered(FAR);
        assertEquals(CallStateName.CONFERENCE, last(BridgeMessage.CallState.class).state());
        first.lastReferral().listener().onSucceeded("SIP/2.0 200 OK");
        consult.lastReferral().listener().onSucceeded("SIP/2.0 200 OK");
        assertEquals(1, calls.size(), "only the phone's own conference leg is left");
    }

    @Test
    void withoutAConferenceUriConfrmSaysSo() {
        features = new BridgeConfig.FeatureNumbers("*97", "*70", "*8", "*30", "", Duration.ofSeconds(20));
        connected("1002");
        key(SoftKey.CONFERENCE);
        assertEquals("Conference not configured", last(BridgeMessage.Display.class).text());
        key(SoftKey.JOIN);
        assertEquals("Conference not configured", last(BridgeMessage.Display.class).text());
    }

    @Test
    void parkRefersToTheParkNumberAndShowsThePbxsWords() {
        RecordingSip.Outgoing out = connected("1002");
        var id = lastCallId();
        key(SoftKey.PARK);
        assertEquals("*70", out.lastReferral().target());
        assertEquals(CallStateName.PARK, lastStateOf(id).state());
        out.lastReferral().listener().onSucceeded("SIP/2.0 200 OK");
        assertEquals(CallStateName.IDLE, lastStateOf(id).state());
        assertEquals("Parked: SIP/2.0 200 OK", last(BridgeMessage.Display.class).text());
    }

    @Test
    void featureKeysCallTheirPbxNumbers() {
        key(SoftKey.CALL_PICK_UP);
        mediaInfo(16384);
        calls.softKey(SoftKey.GROUP_CALL_PICK_UP, null, 23);
        assertEquals("*8", sip.outgoing.get(0).number);
        calls.onHook();
        calls.softKey(SoftKey.GROUP_CALL_PICK_UP, null, 23);
        mediaInfo(16384);
        assertEquals("*823", sip.outgoing.get(1).number);
        calls.onHook();
        key(SoftKey.MEET_ME_CONFERENCE);
        mediaInfo(16384);
        assertEquals("*30", sip.outgoing.get(2).number);
        calls.onHook();
        key(SoftKey.PLAY);
        mediaInfo(16384);
        assertEquals("*97", sip.outgoing.get(3).number);
    }

    @Test
    void redialCallsTheLastPlacedNumber() {
        dialled("1002");
        calls.onHook();
        key(SoftKey.REDIAL);
        mediaInfo(16384);
        assertEquals("1002", sip.outgoing.get(1).number);
    }

    @Test
    void backSpaceRemovesTheLastDigitAndShowsTheRest() {
        calls.offHook(null);
        calls.digit('1');
        calls.digit('9');
        key(SoftKey.BACK_SPACE);
        assertEquals("1", last(BridgeMessage.Display.class).text());
        for (char c : "002".toCharArray()) {
            calls.digit(c);
        }
        mediaInfo(16384);
        assertEquals("1002", sip.outgoing.get(0).number);
    }

    @Test
    void endCallRejectsARingingCallWithBusy() {
        RecordingSip.Incoming in = new RecordingSip.Incoming(new Caller("3000", ""));
        calls.incoming("1001", in);
        key(SoftKey.END_CALL);
        assertTrue(in.hungUp);
        assertEquals(0, calls.size());
        assertEquals("3000", history.query(CallHistoryLog.Kind.MISSED, 1).get(0).number());
    }

    @Test
    void infoStoreAndDelete() {
        connected("1002");
        key(SoftKey.INFO);
        String info = last(BridgeMessage.Display.class).text();
        assertTrue(info.contains("1002") && info.contains("PCMU") && info.contains("test-call"), info);
        key(SoftKey.STORE);
        assertEquals("Stored", last(BridgeMessage.Display.class).text());
        PhoneBookStore.Entry stored = store.search("SEP1", new PhoneBookStore.Query(null, null, null, "10"), 0, 5)
                .entries().get(0);
        assertEquals("1002", stored.number());
        assertEquals("SEP1", stored.owner(), "Store keeps the far party in the device's personal book");
        history.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.MISSED, "1007", "", clock.now(), 0));
        key(SoftKey.DELETE);
        assertEquals("Missed calls cleared", last(BridgeMessage.Display.class).text());
        assertTrue(history.query(CallHistoryLog.Kind.MISSED, 5).isEmpty());
    }

    @Test
    void cfwdAllPromptsForDigitsThenSetsTheForwardAndASecondPressCancelsIt() {
        key(SoftKey.CFWD_ALL);
        assertEquals(ToneType.DIAL, last(BridgeMessage.Tone.class).tone());
        assertTrue(last(BridgeMessage.Display.class).text().startsWith("Forward all to:"));
        for (char c : "1050".toCharArray()) {
            calls.digit(c);
        }
        assertEquals(Optional.of("1050"), forwards.target(Forwards.Kind.ALL));
        assertTrue(last(BridgeMessage.ForwardStatus.class).forwards().stream()
                .anyMatch(f -> f.active() && "1050".equals(f.number())));
        assertEquals(0, calls.size(), "the prompt is not a call");
        key(SoftKey.CFWD_ALL);
        assertEquals(Optional.empty(), forwards.target(Forwards.Kind.ALL));
    }

    @Test
    void aForwardToTheOwnLineIsRefusedAsALoop() {
        key(SoftKey.CFWD_BUSY);
        for (char c : "1001".toCharArray()) {
            calls.digit(c);
        }
        assertEquals(Optional.empty(), forwards.target(Forwards.Kind.BUSY));
        assertTrue(last(BridgeMessage.Display.class).text().startsWith("Forward loop"));
    }

    @Test
    void noAnswerForwardRedirectsAfterTheConfiguredRinging() {
        forwards.set(1, Forwards.Kind.NO_ANSWER, Optional.of("1060"));
        RecordingSip.Incoming in = new RecordingSip.Incoming(new Caller("3000", ""));
        calls.incoming("1001", in);
        clock.advance(Duration.ofSeconds(19));
        assertNull(in.redirectedTo);
        clock.advance(Duration.ofSeconds(2));
        assertEquals("1060", in.redirectedTo);
        assertEquals(RingerMode.OFF, last(BridgeMessage.Ringer.class).mode());
        assertEquals(0, calls.size());
    }

    @Test
    void dndRefusesCallsOrSendsThemToTheBusyForward() {
        calls.dnd(true);
        RecordingSip.Incoming in = new RecordingSip.Incoming(new Caller("3000", ""));
        calls.incoming("1001", in);
        assertEquals(486, in.rejected);
        assertFalse(in.ringing);
        forwards.set(1, Forwards.Kind.BUSY, Optional.of("1070"));
        RecordingSip.Incoming second = new RecordingSip.Incoming(new Caller("3001", ""));
        calls.incoming("1001", second);
        assertEquals("1070", second.redirectedTo);
        calls.dnd(false);
        forwards.set(1, Forwards.Kind.BUSY, Optional.empty());
        RecordingSip.Incoming third = new RecordingSip.Incoming(new Caller("3002", ""));
        calls.incoming("1001", third);
        assertTrue(third.ringing);
    }

    /**
     * The soft keys PhoneLayout offers in each state must act there (SPEC §6): each is pressed in
     * a phone brought into that state, and must not be answered "key: why not".
     */
    @Test
    void everyOfferedSoftKeyActsInItsState() {
        for (var set : PhoneLayouts.SOFT_KEYS) {
            for (SoftKey k : set.keys()) {
                CallControlTest fresh = new CallControlTest();
                fresh.bringTo(set.state());
                int before = fresh.shown.size();
                int sipBefore = fresh.sip.actions();
                fresh.calls.softKey(k, null, k == SoftKey.GROUP_CALL_PICK_UP ? 23 : null);
                List<BridgeMessage> answer = fresh.shown.subList(before, fresh.shown.size());
                assertFalse(answer.isEmpty() && fresh.sip.actions() == sipBefore, k + " did nothing in " + set.state());
                assertTrue(answer.stream().noneMatch(m -> m instanceof BridgeMessage.Display d
                        && d.text().startsWith(k.label() + ":")), k + " is offered in " + set.state() + " but " + answer);
            }
        }
    }

    private void bringTo(CallStateName state) {
        history.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.PLACED, "1009", "", clock.now(), 0));
        switch (state) {
            case IDLE -> { }
            case OFF_HOOK -> calls.offHook(null);
            case DIALING -> {
                calls.offHook(null);
                calls.digit('1');
            }
            case PROCEED -> calls.dial("1002", null);
            case RING_OUT -> dialled("1002").listener.onProgress(180, Optional.empty());
            case RING_IN -> calls.incoming("1001", new RecordingSip.Incoming(new Caller("3000", "")));
            case CONNECTED -> {
                // With a second call on hold, as Join needs.
                connected("1002");
                key(SoftKey.HOLD);
                connected("1003");
            }
            case HOLD -> {
                connected("1002");
                key(SoftKey.HOLD);
            }
            case BUSY -> dialled("1002").listener.onFailed(486, "Busy Here");
            case CONGESTION -> dialled("1002").listener.onFailed(503, "Service Unavailable");
            case INVALID_NUMBER -> dialled("1002").listener.onFailed(404, "Not Found");
            default -> throw new AssertionError("no way to reach " + state);
        }
    }

    /** A REFER the far end sent, as the SIP side hands it over. */
    static final class RecordingTransfer implements TransferRequest {
        final String target;
        final Optional<String> replaces;
        final List<Integer> reports = new ArrayList<>();

        RecordingTransfer(String target, Optional<String> replaces) {
            this.target = target;
            this.replaces = replaces;
        }

        @Override public String target() { return target; }
        @Override public Optional<String> replaces() { return replaces; }
        @Override public String referredBy() { return "sip:1002@pbx.example"; }
        @Override public void report(int status, String reason) { reports.add(status); }
    }

    /** The SIP port as a recorder: what the phone side asked, and a way to answer as SIP would. */
    static final class RecordingSip implements SipCalls {
        final List<Outgoing> outgoing = new ArrayList<>();

        /** How much the phone side has asked of SIP so far. */
        int actions() {
            return outgoing.stream().mapToInt(o -> 1 + o.reoffers.size() + o.referrals.size() + (o.hungUp ? 1 : 0))
                    .sum();
        }

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
