package org.sscpbridge.phone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.SipCalls;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallDirection;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.RingerMode;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.ToneType;
import org.sscpbridge.time.Scheduler;

/**
 * A phone's calls (SPEC §5): dial tone and digit collection against the digit map, OpenMedia /
 * MediaInfo for the phone's RTP address, the SIP call through {@link SipCalls}, and what the phone
 * is shown at each step. Runs on its phone's thread only.
 */
final class CallControl {
    private static final Logger LOG = LoggerFactory.getLogger(CallControl.class);
    /** How long the phone may take to answer OpenMedia with MediaInfo. */
    static final Duration MEDIA_INFO_WAIT = Duration.ofSeconds(4);
    /** How long an off-hook phone waits for its first digit. */
    static final Duration FIRST_DIGIT_WAIT = Duration.ofSeconds(15);
    private static final String DEFAULT_CODEC = "PCMU";

    /** What call control needs from its phone session. */
    interface Phone {
        String deviceId();

        DeviceConfig config();

        /** Sends reliably to the phone (SPEC §3: everything that changes what it shows). */
        void send(BridgeMessage message);

        Executor events();

        Scheduler scheduler();

        SipCalls sip();

        /** The RTP address the phone gave in its Register, if any: the fallback for MediaInfo. */
        Optional<MediaAddress> registeredMedia();

        CallIdSource callIds();

        DigitMap digitMap();

        Duration interdigit();

        /** Whether digits keyed during a call are relayed as SIP INFO (else the phone's RTP carries them). */
        boolean dtmfInfo();

        CallHistoryLog history();

        Forwards forwards();
    }

    private final Phone phone;
    private final List<PhoneCall> calls = new ArrayList<>();

    CallControl(Phone phone) {
        this.phone = phone;
    }

    List<CallSnapshot> snapshots() {
        return calls.stream().map(c -> new CallSnapshot(c.id.value(), phone.deviceId(), c.line,
                c.direction.wireName(), c.number, c.state.wireName(), c.sip == null ? null : c.sip.sipCallId()))
                .toList();
    }

    int size() {
        return calls.size();
    }

    /** The call the handset is on: the newest that is not ringing in. */
    private Optional<PhoneCall> current() {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).state != CallStateName.RING_IN) {
                return Optional.of(calls.get(i));
            }
        }
        return Optional.empty();
    }

    private Optional<PhoneCall> ringing() {
        return calls.stream().filter(c -> c.state == CallStateName.RING_IN).findFirst();
    }

    private Optional<PhoneCall> byId(CallId id) {
        return id == null ? Optional.empty() : calls.stream().filter(c -> c.id.equals(id)).findFirst();
    }

    // ---- phone events ------------------------------------------------------------------------

    void offHook(Integer line) {
        Optional<PhoneCall> ring = ringing();
        if (ring.isPresent() && current().isEmpty()) {
            answer(ring.get());
            return;
        }
        if (current().isPresent()) {
            return;
        }
        newOutgoing(line).ifPresent(c -> {
            show(c, CallStateName.OFF_HOOK);
            phone.send(new BridgeMessage.Tone(ToneType.DIAL));
            c.digitTimer = later(FIRST_DIGIT_WAIT, c, () -> {
                if (c.state == CallStateName.OFF_HOOK) {
                    fail(c, CallStateName.CONGESTION, ToneType.REORDER, "No number dialled");
                }
            });
        });
    }

    private Optional<PhoneCall> newOutgoing(Integer line) {
        List<DeviceConfig.Line> lines = phone.config().lines();
        if (lines.isEmpty()) {
            phone.send(new BridgeMessage.Display("No line configured", 5));
            return Optional.empty();
        }
        int index = line != null && line >= 1 && line <= lines.size() ? line : 1;
        PhoneCall c = new PhoneCall(phone.callIds().next(), index, CallDirection.OUT, CallStateName.OFF_HOOK,
                phone.scheduler().now());
        calls.add(c);
        return Optional.of(c);
    }

    void onHook() {
        Optional<PhoneCall> c = current();
        if (c.isPresent()) {
            end(c.get(), "hung up");
        } else {
            ringing().ifPresent(r -> reject(r));
            return;
        }
        ringing().ifPresent(r -> phone.send(new BridgeMessage.Ringer(RingerMode.INSIDE)));
    }

    void digit(char key) {
        Optional<PhoneCall> cur = current();
        if (cur.isPresent() && cur.get().isSetUp()) {
            if (cur.get().sip != null && phone.dtmfInfo()) {
                cur.get().sip.sendDtmf(key);
            }
            return;
        }
        if (cur.isEmpty()) {
            offHook(null);
            cur = current();
        }
        cur.filter(c -> c.state == CallStateName.OFF_HOOK || c.state == CallStateName.DIALING).ifPresent(c -> {
            c.digits.append(key);
            if (c.state == CallStateName.OFF_HOOK) {
                phone.send(new BridgeMessage.Tone(ToneType.OFF));
                show(c, CallStateName.DIALING);
            }
            evaluate(c);
        });
    }

    private void evaluate(PhoneCall c) {
        cancelDigitTimer(c);
        DigitMap.Match m = phone.digitMap().match(c.digits.toString());
        switch (m.result()) {
            case COMPLETE -> place(c, m.number());
            case COMPLETE_ON_TIMEOUT, PARTIAL -> c.digitTimer = later(phone.interdigit(), c, () -> {
                if (c.state == CallStateName.DIALING) {
                    String dialled = c.digits.toString();
                    place(c, dialled.endsWith("#") ? dialled.substring(0, dialled.length() - 1) : dialled);
                }
            });
            case NO_MATCH -> fail(c, CallStateName.INVALID_NUMBER, ToneType.REORDER, "Invalid number");
        }
    }

    void dial(String number, Integer line) {
        Optional<PhoneCall> cur = current();
        if (cur.isPresent() && cur.get().state != CallStateName.OFF_HOOK && cur.get().state != CallStateName.DIALING) {
            return;
        }
        PhoneCall c = cur.isPresent() ? cur.get() : newOutgoing(line).orElse(null);
        if (c == null) {
            return;
        }
        cancelDigitTimer(c);
        c.digits.setLength(0);
        c.digits.append(number);
        if (c.state == CallStateName.OFF_HOOK) {
            phone.send(new BridgeMessage.Tone(ToneType.OFF));
        }
        show(c, CallStateName.DIALING);
        place(c, number);
    }

    void speedDial(int index) {
        Optional<DeviceConfig.SpeedDial> dial = phone.config().speedDials().stream()
                .filter(d -> d.index() == index).findFirst();
        if (dial.isEmpty()) {
            phone.send(new BridgeMessage.Display("Speed dial " + index + " not set", 5));
            return;
        }
        dial(dial.get().number(), null);
    }

    void softKey(SoftKey key, CallId callId) {
        Optional<PhoneCall> target = byId(callId).or(this::current);
        switch (key) {
            case REDIAL -> {
                List<CallHistoryLog.Entry> placed = phone.history().query(CallHistoryLog.Kind.PLACED, 1);
                if (placed.isEmpty()) {
                    phone.send(new BridgeMessage.Display("Nothing to redial", 5));
                } else {
                    dial(placed.get(0).number(), null);
                }
            }
            case NEW_CALL -> offHook(null);
            case END_CALL -> target.or(this::ringing).ifPresent(c -> {
                if (c.state == CallStateName.RING_IN) {
                    reject(c);
                } else {
                    end(c, "ended");
                }
            });
            case ANSWER -> byId(callId).filter(c -> c.state == CallStateName.RING_IN).or(this::ringing)
                    .ifPresent(this::answer);
            case BACK_SPACE -> target.filter(c -> c.state == CallStateName.DIALING && c.digits.length() > 0)
                    .ifPresent(c -> {
                        c.digits.setLength(c.digits.length() - 1);
                        evaluate(c);
                    });
            default -> phone.send(new BridgeMessage.Display(key.label() + " is not available", 5));
        }
    }

    void mediaInfo(PhoneMessage.MediaInfo info) {
        Optional<PhoneCall> c = byId(info.callId())
                .or(() -> calls.stream().filter(x -> x.onMediaReady != null).findFirst());
        if (c.isEmpty()) {
            LOG.debug("phone {}: MediaInfo for no waiting call", phone.deviceId());
            return;
        }
        List<String> codecs = info.codec() == null ? List.of(DEFAULT_CODEC, "PCMA")
                : Arrays.stream(info.codec().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        c.get().phoneMedia = new MediaEndpoint(info.media().ip(), info.media().port(), codecs);
        mediaReady(c.get());
    }

    private void mediaReady(PhoneCall c) {
        if (c.mediaTimer != null) {
            c.mediaTimer.cancel();
            c.mediaTimer = null;
        }
        Runnable next = c.onMediaReady;
        c.onMediaReady = null;
        if (next != null) {
            next.run();
        }
    }

    /** Asks the phone for its RTP address (OpenMedia), then runs {@code then}; falls back to Register's. */
    private void requestMedia(PhoneCall c, Runnable then) {
        if (c.phoneMedia != null) {
            then.run();
            return;
        }
        c.onMediaReady = then;
        phone.send(new BridgeMessage.OpenMedia(c.id, new BridgeMessage.CodecInfo(DEFAULT_CODEC, 20)));
        c.mediaTimer = later(MEDIA_INFO_WAIT, c, () -> {
            if (c.phoneMedia != null || c.onMediaReady == null) {
                return;
            }
            Optional<MediaAddress> registered = phone.registeredMedia();
            if (registered.isPresent()) {
                c.phoneMedia = new MediaEndpoint(registered.get().ip(), registered.get().port(),
                        List.of(DEFAULT_CODEC, "PCMA"));
                mediaReady(c);
            } else {
                c.onMediaReady = null;
                LOG.warn("phone {}: no MediaInfo for call {}", phone.deviceId(), c.id.value());
                fail(c, CallStateName.CONGESTION, ToneType.REORDER, "Phone media unavailable");
            }
        });
    }

    // ---- outgoing ----------------------------------------------------------------------------

    private void place(PhoneCall c, String number) {
        cancelDigitTimer(c);
        if (number.isEmpty()) {
            fail(c, CallStateName.INVALID_NUMBER, ToneType.REORDER, "Invalid number");
            return;
        }
        c.number = number;
        show(c, CallStateName.PROCEED);
        phone.history().add(new CallHistoryLog.Entry(CallHistoryLog.Kind.PLACED, number, null,
                phone.scheduler().now(), 0));
        requestMedia(c, () -> invite(c));
    }

    private void invite(PhoneCall c) {
        if (!calls.contains(c)) {
            return;
        }
        DeviceConfig.Line line = phone.config().lines().get(c.line - 1);
        LineAccount account = new LineAccount(line.number(), line.user(), line.password(), line.name());
        c.sip = phone.sip().call(account, c.number, c.phoneMedia, listener(c));
    }

    private CallListener listener(PhoneCall c) {
        return new CallListener() {
            @Override
            public void onProgress(int status, Optional<MediaSession> earlyMedia) {
                phone.events().execute(() -> progress(c, earlyMedia));
            }

            @Override
            public void onAnswered(MediaSession media) {
                phone.events().execute(() -> answered(c, media));
            }

            @Override
            public void onFailed(int status, String reason) {
                phone.events().execute(() -> failed(c, status, reason));
            }

            @Override
            public void onEnded(String reason) {
                phone.events().execute(() -> farEnded(c, reason));
            }
        };
    }

    private void progress(PhoneCall c, Optional<MediaSession> early) {
        if (!calls.contains(c) || c.direction != CallDirection.OUT || c.isSetUp()) {
            return;
        }
        if (c.state != CallStateName.RING_OUT) {
            show(c, CallStateName.RING_OUT);
        }
        if (early.isPresent()) {
            phone.send(new BridgeMessage.Tone(ToneType.OFF));
            startMedia(c, early.get());
        } else if (!c.mediaStarted) {
            phone.send(new BridgeMessage.Tone(ToneType.RING_BACK));
        }
    }

    private void answered(PhoneCall c, MediaSession media) {
        if (!calls.contains(c)) {
            return;
        }
        c.answeredAt = phone.scheduler().now();
        if (c.direction == CallDirection.OUT) {
            phone.send(new BridgeMessage.Tone(ToneType.OFF));
        }
        startMedia(c, media);
        show(c, CallStateName.CONNECTED);
    }

    private void startMedia(PhoneCall c, MediaSession media) {
        phone.send(new BridgeMessage.StartMedia(c.id, new MediaAddress(media.remoteIp(), media.remotePort()),
                new BridgeMessage.CodecInfo(media.codec(), media.ptimeMillis()), direction(media.mode())));
        c.mediaStarted = true;
    }

    private static MediaDirection direction(MediaSession.MediaMode mode) {
        return switch (mode) {
            case SEND_RECV -> MediaDirection.SEND_RECV;
            case SEND_ONLY -> MediaDirection.SEND_ONLY;
            case RECV_ONLY -> MediaDirection.RECV_ONLY;
            case INACTIVE -> MediaDirection.INACTIVE;
        };
    }

    private void failed(PhoneCall c, int status, String reason) {
        if (!calls.contains(c)) {
            return;
        }
        c.sip = null;
        if (c.direction == CallDirection.IN) {
            // An unanswered incoming call that went away (CANCEL, or our answer refused).
            stopRinging(c);
            finish(c);
            if (c.answeredAt == null) {
                missed(c.number, c.name, c.created);
            }
            LOG.info("phone {}: call {} from {} gone: {} {}", phone.deviceId(), c.id.value(), c.number, status, reason);
            return;
        }
        LOG.info("phone {}: call {} to {} failed: {} {}", phone.deviceId(), c.id.value(), c.number, status, reason);
        switch (status) {
            case 486, 600 -> fail(c, CallStateName.BUSY, ToneType.BUSY, "Busy");
            case 404, 484, 604 -> fail(c, CallStateName.INVALID_NUMBER, ToneType.REORDER, "Invalid number");
            default -> fail(c, CallStateName.CONGESTION, ToneType.REORDER, status + " " + reason);
        }
    }

    /** Shows a failed call and keeps it until the phone hangs up (the phone plays the tone). */
    private void fail(PhoneCall c, CallStateName state, ToneType tone, String text) {
        cancelDigitTimer(c);
        if (c.mediaStarted) {
            phone.send(new BridgeMessage.StopMedia(c.id));
            c.mediaStarted = false;
        }
        show(c, state);
        phone.send(new BridgeMessage.Tone(tone));
        phone.send(new BridgeMessage.Display(text, 0));
    }

    private void farEnded(PhoneCall c, String reason) {
        if (!calls.contains(c)) {
            return;
        }
        c.sip = null;
        LOG.info("phone {}: call {} ended by the far end ({})", phone.deviceId(), c.id.value(), reason);
        finish(c);
    }

    // ---- incoming ----------------------------------------------------------------------------

    void incoming(String lineNumber, IncomingCall call) {
        List<DeviceConfig.Line> lines = phone.config().lines();
        int line = lines.stream().filter(l -> l.number().equals(lineNumber)).mapToInt(DeviceConfig.Line::index)
                .findFirst().orElse(1);
        Optional<String> all = phone.forwards().target(Forwards.Kind.ALL);
        if (all.isPresent()) {
            call.redirect(all.get());
            return;
        }
        Optional<PhoneCall> cur = current();
        boolean busy = ringing().isPresent() || cur.map(c -> !c.isSetUp()).orElse(false);
        if (busy) {
            Optional<String> onBusy = phone.forwards().target(Forwards.Kind.BUSY);
            if (onBusy.isPresent()) {
                call.redirect(onBusy.get());
            } else {
                call.reject(486);
            }
            missed(call.caller().number(), call.caller().name(), phone.scheduler().now());
            return;
        }
        PhoneCall c = new PhoneCall(phone.callIds().next(), line, CallDirection.IN, CallStateName.RING_IN,
                phone.scheduler().now());
        c.number = call.caller().number();
        c.name = call.caller().name();
        c.sip = call;
        calls.add(c);
        LOG.info("phone {}: call {} from {} on line {}", phone.deviceId(), c.id.value(), c.number, lineNumber);
        call.listen(listener(c));
        call.ringing();
        requestMedia(c, () -> { });
        show(c, CallStateName.RING_IN);
        if (cur.isPresent()) {
            phone.send(new BridgeMessage.Tone(ToneType.CALL_WAITING));
        } else {
            phone.send(new BridgeMessage.Ringer(RingerMode.INSIDE));
        }
        phone.send(new BridgeMessage.Display("From " + (c.name.isEmpty() ? c.number : c.name + " " + c.number), 0));
    }

    private void answer(PhoneCall c) {
        // One call on the handset at a time: the bridge has no hold yet, so a waiting call that is
        // answered ends the current one.
        current().ifPresent(other -> end(other, "answered another call"));
        stopRinging(c);
        c.state = CallStateName.OFF_HOOK;
        phone.history().add(new CallHistoryLog.Entry(CallHistoryLog.Kind.RECEIVED, c.number, c.name,
                phone.scheduler().now(), 0));
        c.answeredAt = phone.scheduler().now();
        requestMedia(c, () -> {
            if (calls.contains(c) && c.sip instanceof IncomingCall in) {
                in.answer(c.phoneMedia);
            }
        });
    }

    private void reject(PhoneCall c) {
        if (c.sip != null) {
            c.sip.hangUp();
            c.sip = null;
        }
        stopRinging(c);
        finish(c);
        missed(c.number, c.name, c.created);
    }

    /** Silences the ringer for {@code c} (a waiting call never rang it: it had a tone). */
    private void stopRinging(PhoneCall c) {
        boolean waiting = current().isPresent() && current().get() != c;
        if (c.state == CallStateName.RING_IN && !waiting) {
            phone.send(new BridgeMessage.Ringer(RingerMode.OFF));
        }
    }

    // ---- ending ------------------------------------------------------------------------------

    /** Ends {@code c} from the phone's side: CANCEL or BYE, media stopped, Idle. */
    private void end(PhoneCall c, String why) {
        LOG.info("phone {}: call {} {} ({})", phone.deviceId(), c.id.value(), why, c.state);
        if (c.sip != null) {
            c.sip.hangUp();
            c.sip = null;
        }
        finish(c);
    }

    private void finish(PhoneCall c) {
        c.cancelTimers();
        c.onMediaReady = null;
        if (c.mediaStarted) {
            phone.send(new BridgeMessage.StopMedia(c.id));
            c.mediaStarted = false;
        }
        calls.remove(c);
        show(c, CallStateName.IDLE);
        if (current().isEmpty()) {
            phone.send(new BridgeMessage.Tone(ToneType.OFF));
        }
    }

    /** Ends every call (the phone went away, or the bridge stops): no dialog may outlive its phone. */
    void endAll(boolean tellPhone) {
        for (PhoneCall c : List.copyOf(calls)) {
            c.cancelTimers();
            if (c.sip != null) {
                c.sip.hangUp();
                c.sip = null;
            }
            if (tellPhone) {
                finish(c);
            }
        }
        calls.clear();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void missed(String number, String name, Instant when) {
        phone.history().add(new CallHistoryLog.Entry(CallHistoryLog.Kind.MISSED, number, name, when, 0));
    }

    private void show(PhoneCall c, CallStateName state) {
        c.state = state;
        phone.send(new BridgeMessage.CallState(c.id, c.line, state, c.party()));
    }

    private void cancelDigitTimer(PhoneCall c) {
        if (c.digitTimer != null) {
            c.digitTimer.cancel();
            c.digitTimer = null;
        }
    }

    /** Runs {@code task} on the phone's thread after {@code delay}, if the call still exists. */
    private Scheduler.Cancellable later(Duration delay, PhoneCall c, Runnable task) {
        return phone.scheduler().schedule(delay, () -> phone.events().execute(() -> {
            if (calls.contains(c)) {
                task.run();
            }
        }));
    }
}
