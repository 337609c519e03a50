package org.sscpbridge.phone;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.OutgoingOptions;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.SipCalls;
import org.sscpbridge.call.TransferRequest;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallDirection;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.RingerMode;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.ToneType;
import org.sscpbridge.time.Scheduler;

/**
 * A phone's calls (SPEC §5–6). Turns what the phone, SIP and timers say into {@link CallEvent}s
 * for one call, runs {@link CallTransitions#on} and carries out the effects it returns. What spans
 * calls lives here: which call a key means, holding the connected call before another one takes the
 * handset, transfer and conference pairs, the forward prompt. Runs on its phone's thread only.
 */
final class CallControl {
    private static final Logger LOG = LoggerFactory.getLogger(CallControl.class);
    private static final String DEFAULT_CODEC = "PCMU";
    private static final List<String> FALLBACK_CODECS = List.of(DEFAULT_CODEC, "PCMA");
    /** Display time for a key's answer, seconds. */
    private static final int NOTE = 5;

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

        /** The PBX numbers the soft keys call, and the no-answer forward delay. */
        BridgeConfig.FeatureNumbers features();

        CallHistoryLog history();

        Forwards forwards();

        PhoneBook phoneBook();

        /** The line the phone has selected: where its forward keys act. */
        int selectedLine();

        /**
         * Why a forward of {@code kind} to {@code target} would send calls round in a circle
         * (A to B to A, through the bridge's own devices), if it would.
         */
        Optional<String> forwardLoop(Forwards.Kind kind, String target);
    }

    private final Phone phone;
    private final List<PhoneCall> calls = new ArrayList<>();
    /** Effects that start another transition wait here until the current one is carried out. */
    private final Deque<Runnable> followUps = new ArrayDeque<>();
    private final ForwardPrompt prompt;
    private final SoftKeys softKeys;
    private boolean dnd;

    CallControl(Phone phone) {
        this.phone = phone;
        this.prompt = new ForwardPrompt(phone);
        this.softKeys = new SoftKeys(this, phone, prompt);
    }

    List<PhoneCall> calls() {
        return calls;
    }

    List<CallSnapshot> snapshots() {
        return calls.stream().map(c -> new CallSnapshot(c.id.value(), phone.deviceId(), c.line,
                c.direction.wireName(), c.number, c.shown(c.phase).wireName(), c.sip == null ? null : c.sip.sipCallId()))
                .toList();
    }

    int size() {
        return calls.size();
    }

    boolean dnd() {
        return dnd;
    }

    // ---- which call ----------------------------------------------------------------------------

    /** The call the handset is on: the newest one whose phase keeps the handset. */
    Optional<PhoneCall> onHandset() {
        return newest(c -> c.phase.onHandset());
    }

    Optional<PhoneCall> ringing() {
        return calls.stream().filter(c -> c.phase == CallPhase.RINGING_IN).findFirst();
    }

    Optional<PhoneCall> held(PhoneCall except) {
        return newest(c -> c.phase == CallPhase.HELD && c != except);
    }

    private Optional<PhoneCall> newest(Predicate<PhoneCall> which) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (which.test(calls.get(i))) {
                return Optional.of(calls.get(i));
            }
        }
        return Optional.empty();
    }

    Optional<PhoneCall> byId(CallId id) {
        return id == null ? Optional.empty() : calls.stream().filter(c -> c.id.equals(id)).findFirst();
    }

    /** SPEC §6: the key's CallIdentifier, else the connected call, else the ringing one. */
    Optional<PhoneCall> selected(CallId id) {
        return byId(id).or(this::onHandset).or(this::ringing).or(() -> held(null));
    }

    // ---- phone events --------------------------------------------------------------------------

    void offHook(Integer line) {
        if (prompt.active()) {
            return;
        }
        Optional<PhoneCall> ring = ringing();
        if (ring.isPresent() && onHandset().isEmpty()) {
            answer(ring.get());
            return;
        }
        if (onHandset().isEmpty()) {
            newCall(line);
        }
    }

    void onHook() {
        if (prompt.active()) {
            prompt.cancel();
            return;
        }
        Optional<PhoneCall> c = onHandset();
        if (c.isPresent()) {
            dispatch(c.get(), new CallEvent.HangUp());
        } else {
            ringing().ifPresent(r -> dispatch(r, new CallEvent.HangUp()));
            return;
        }
        ringing().ifPresent(r -> phone.send(new BridgeMessage.Ringer(RingerMode.INSIDE)));
    }

    void digit(char key) {
        if (prompt.active()) {
            prompt.digit(key);
            return;
        }
        Optional<PhoneCall> cur = onHandset();
        if (cur.isEmpty()) {
            cur = newCall(null);
        }
        cur.ifPresent(c -> dispatch(c, new CallEvent.Digit(key)));
    }

    void dial(String number, Integer line) {
        dial(number, line, OutgoingOptions.NONE);
    }

    /** En-bloc dialling (Dial, SpeedDial, feature keys): a connected call is held first. */
    void dial(String number, Integer line, OutgoingOptions options) {
        if (prompt.active()) {
            prompt.cancel();
        }
        Optional<PhoneCall> cur = onHandset();
        if (cur.isPresent() && cur.get().phase != CallPhase.DIAL_TONE && cur.get().phase != CallPhase.DIALING) {
            if (!cur.get().phase.established()) {
                phone.send(Screen.display("Hang up first", NOTE));
                return;
            }
            dispatch(cur.get(), new CallEvent.Hold());
            cur = Optional.empty();
        }
        PhoneCall c = cur.isPresent() ? cur.get() : newCall(line, false).orElse(null);
        if (c != null) {
            c.options = options;
            dispatch(c, new CallEvent.DialNumber(number));
        }
    }

    void speedDial(int index) {
        Optional<DeviceConfig.SpeedDial> dial = phone.config().speedDials().stream()
                .filter(d -> d.index() == index).findFirst();
        if (dial.isEmpty()) {
            phone.send(Screen.display("Speed dial " + index + " not set", NOTE));
            return;
        }
        dial(dial.get().number(), null);
    }

    /**
     * VoiceMail (message 15): calls the voice mail pilot; a Mailbox other than the phone's own lines
     * goes along as RFC 4458's {@code target}, so the PBX opens that mailbox.
     */
    void voiceMail(String mailbox) {
        String pilot = phone.features().voicemail();
        if (pilot == null || pilot.isBlank()) {
            phone.send(Screen.display("Voice mail not configured", NOTE));
            return;
        }
        boolean own = mailbox == null || mailbox.isBlank()
                || phone.config().lines().stream().anyMatch(l -> l.number().equals(mailbox));
        dial(pilot, null, own ? OutgoingOptions.NONE : OutgoingOptions.mailbox(mailbox));
    }

    void mediaInfo(PhoneMessage.MediaInfo info) {
        Optional<PhoneCall> c = byId(info.callId())
                .or(() -> calls.stream().filter(x -> x.timers.containsKey(CallTimer.MEDIA_INFO)).findFirst());
        if (c.isEmpty()) {
            LOG.debug("phone {}: MediaInfo for no waiting call", phone.deviceId());
            return;
        }
        List<String> codecs = info.codec() == null ? FALLBACK_CODECS
                : Arrays.stream(info.codec().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        dispatch(c.get(), new CallEvent.MediaReady(new MediaEndpoint(info.media().ip(), info.media().port(), codecs)));
    }

    /** DND (PhoneStatus): while on, calls for the device's lines are refused or sent to the Busy forward. */
    void dnd(boolean on) {
        if (dnd != on) {
            LOG.info("phone {}: do not disturb {}", phone.deviceId(), on ? "on" : "off");
        }
        dnd = on;
    }

    void softKey(SoftKey key, CallId callId, Integer group) {
        softKeys.press(key, callId, group);
    }

    void answer(PhoneCall ringingCall) {
        onHandset().ifPresent(other -> dispatch(other,
                other.phase == CallPhase.CONNECTED ? new CallEvent.Hold() : new CallEvent.HangUp()));
        dispatch(ringingCall, new CallEvent.Answer());
    }

    /** SIP events, on the phone's thread, for the dialog each call has now (see {@link DialogEvents}). */
    private final DialogEvents.Sink dialogEvents = new DialogEvents.Sink() {
        @Override
        public void deliver(PhoneCall c, int generation, CallEvent event) {
            phone.events().execute(() -> {
                if (c.sipGeneration != generation) {
                    return;
                }
                if (event instanceof CallEvent.Failed || event instanceof CallEvent.Ended) {
                    LOG.info("phone {}: call {} ({}) SIP side gone: {}", phone.deviceId(), c.id.value(), c.number, event);
                    unbind(c);
                }
                // An answer in an established call is the take-over of a Replaces.
                dispatch(c, event instanceof CallEvent.Answered a && c.phase.established()
                        ? new CallEvent.TakenOver(a.media()) : event);
            });
        }

        @Override
        public void transferRequested(PhoneCall c, int generation, TransferRequest request) {
            phone.events().execute(() -> {
                if (c.sipGeneration == generation && calls.contains(c)) {
                    CallControl.this.transferRequested(c, request);
                } else {
                    request.report(481, "Call Does Not Exist");
                }
            });
        }
    };

    // ---- incoming ------------------------------------------------------------------------------

    void incoming(String lineNumber, IncomingCall call) {
        List<DeviceConfig.Line> lines = phone.config().lines();
        int line = lines.stream().filter(l -> l.number().equals(lineNumber)).mapToInt(DeviceConfig.Line::index)
                .findFirst().orElse(1);
        if (call.replaces().isPresent()) {
            takeOver(call, call.replaces().get());
            return;
        }
        Optional<String> all = phone.forwards().target(line, Forwards.Kind.ALL);
        if (all.isPresent()) {
            LOG.info("phone {}: call from {} forwarded (all) to {}", phone.deviceId(), call.caller().number(), all.get());
            call.redirect(all.get());
            return;
        }
        Optional<PhoneCall> cur = onHandset();
        boolean inCall = cur.isPresent() || held(null).isPresent();
        Optional<String> onBusy = phone.forwards().target(line, Forwards.Kind.BUSY);
        boolean busy = dnd || ringing().isPresent() || cur.map(c -> !c.phase.established()).orElse(false)
                || (inCall && onBusy.isPresent());
        if (busy) {
            if (onBusy.isPresent()) {
                call.redirect(onBusy.get());
            } else {
                call.reject(486);
            }
            if (!dnd) {
                missed(call.caller().number(), call.caller().name());
            }
            return;
        }
        PhoneCall c = new PhoneCall(phone.callIds().next(), line, CallDirection.IN, CallPhase.RINGING_IN,
                phone.scheduler().now());
        c.number = call.caller().number();
        c.name = call.caller().name();
        calls.add(c);
        bind(c, call);
        LOG.info("phone {}: call {} from {} on line {}", phone.deviceId(), c.id.value(), c.number, lineNumber);
        call.ringing();
        apply(c, new CallEffect.RequestMedia());
        show(c, CallPhase.RINGING_IN);
        if (cur.isPresent()) {
            phone.send(new BridgeMessage.Tone(ToneType.CALL_WAITING));
        } else {
            phone.send(new BridgeMessage.Ringer(RingerMode.INSIDE));
        }
        phone.send(Screen.display("From " + (c.name.isEmpty() ? c.number : c.name + " " + c.number), 0));
        if (c.name.isEmpty()) {
            nameFromPhoneBook(c);
        }
        phone.forwards().target(line, Forwards.Kind.NO_ANSWER).ifPresent(target -> c.timers.put(CallTimer.NO_ANSWER,
                later(phone.features().noAnswerForward(), c, () -> phone.forwards().target(line, Forwards.Kind.NO_ANSWER)
                        .ifPresent(now -> dispatch(c, new CallEvent.ForwardNoAnswer(now))))));
    }

    /** A caller without a display name is shown with the phone book's name for the number, once found. */
    private void nameFromPhoneBook(PhoneCall c) {
        phone.phoneBook().nameOf(phone.deviceId(), c.number).whenCompleteAsync((name, failure) -> {
            if (failure != null) {
                LOG.debug("phone {}: no phone book name for {}: {}", phone.deviceId(), c.number, failure.toString());
            } else if (name.isPresent() && calls.contains(c) && c.name.isEmpty()) {
                c.name = name.get();
                if (c.phase == CallPhase.RINGING_IN) {
                    show(c, CallPhase.RINGING_IN);
                    phone.send(Screen.display("From " + c.name + " " + c.number, 0));
                }
            }
        }, phone.events());
    }

    /** An INVITE with Replaces (RFC 3891): the new dialog takes over the phone's call; the old one gets BYE. */
    private void takeOver(IncomingCall call, SipCall replaced) {
        Optional<PhoneCall> c = calls.stream().filter(x -> x.sip == replaced && x.phase.established()).findFirst();
        if (c.isEmpty() || c.get().phoneMedia == null) {
            LOG.info("phone {}: INVITE with Replaces for a call no longer up: 481", phone.deviceId());
            call.reject(481);
            return;
        }
        PhoneCall taken = c.get();
        LOG.info("phone {}: call {} taken over by {} (Replaces)", phone.deviceId(), taken.id.value(),
                call.caller().number());
        SipCall old = taken.sip;
        taken.number = call.caller().number();
        taken.name = call.caller().name();
        bind(taken, call);
        old.hangUp();
        call.answer(taken.phoneMedia);
    }

    // ---- the state machine, carried out --------------------------------------------------------

    Optional<PhoneCall> newCall(Integer line) {
        return newCall(line, true);
    }

    /** A new outgoing call; with {@code dialTone} it starts off hook with dial tone, else silent (en bloc). */
    Optional<PhoneCall> newCall(Integer line, boolean dialTone) {
        List<DeviceConfig.Line> lines = phone.config().lines();
        if (lines.isEmpty()) {
            phone.send(Screen.display("No line configured", NOTE));
            return Optional.empty();
        }
        int index = line != null && line >= 1 && line <= lines.size() ? line : 1;
        PhoneCall c = new PhoneCall(phone.callIds().next(), index, CallDirection.OUT, CallPhase.DIAL_TONE,
                phone.scheduler().now());
        calls.add(c);
        if (dialTone) {
            show(c, CallPhase.DIAL_TONE);
            phone.send(new BridgeMessage.Tone(ToneType.DIAL));
            apply(c, new CallEffect.StartTimer(CallTimer.FIRST_DIGIT, CallTransitions.FIRST_DIGIT_WAIT));
        }
        return Optional.of(c);
    }

    /** Runs one event through the state machine and carries out its effects, then any follow-ups. */
    void dispatch(PhoneCall c, CallEvent event) {
        if (!calls.contains(c)) {
            return;
        }
        CallPhase before = c.phase;
        List<PhoneCall> consultations = calls.stream().filter(x -> x.consultFor == c).toList();
        CallTransitions.Transition t = CallTransitions.on(c.view(), event,
                new CallTransitions.Rules(phone.digitMap(), phone.interdigit()));
        c.phase = t.next();
        for (CallEffect effect : t.effects()) {
            apply(c, effect);
        }
        if (before != c.phase) {
            LOG.debug("phone {}: call {} {} -> {} on {}", phone.deviceId(), c.id.value(), before, c.phase, event);
        }
        if (before == CallPhase.TRANSFERRING && c.phase == CallPhase.ENDED) {
            // Attended transfer done: the consultation call is handed over too (its far end usually
            // BYEs first, because of the Replaces).
            consultations.forEach(x -> dispatch(x, new CallEvent.HangUp()));
        }
        while (!followUps.isEmpty()) {
            followUps.poll().run();
        }
    }

    private void apply(PhoneCall c, CallEffect effect) {
        if (effect instanceof CallEffect.Show s) {
            show(c, s.phase());
        } else if (effect instanceof CallEffect.Tell t) {
            phone.send(t.message());
        } else if (effect instanceof CallEffect.StartMedia m) {
            c.media = m.media();
            c.mediaStarted = true;
            phone.send(new BridgeMessage.StartMedia(c.id, new MediaAddress(m.media().remoteIp(), m.media().remotePort()),
                    new BridgeMessage.CodecInfo(m.media().codec(), m.media().ptimeMillis()), direction(m.media().mode())));
        } else if (effect instanceof CallEffect.StopMedia) {
            if (c.mediaStarted) {
                phone.send(new BridgeMessage.StopMedia(c.id));
                c.mediaStarted = false;
            }
        } else if (effect instanceof CallEffect.SetDigits d) {
            c.digits = d.digits();
        } else if (effect instanceof CallEffect.SetNumber n) {
            c.number = n.number();
        } else if (effect instanceof CallEffect.KeepPhoneMedia m) {
            c.phoneMedia = m.media();
        } else if (effect instanceof CallEffect.RequestMedia) {
            requestMedia(c);
        } else if (effect instanceof CallEffect.Invite) {
            invite(c);
        } else if (effect instanceof CallEffect.AnswerSip) {
            if (c.sip instanceof IncomingCall in) {
                in.answer(c.phoneMedia);
            }
        } else if (effect instanceof CallEffect.HangUpSip) {
            if (c.sip != null) {
                c.sip.hangUp();
                unbind(c);
            }
        } else if (effect instanceof CallEffect.Redirect r) {
            if (c.sip instanceof IncomingCall in) {
                LOG.info("phone {}: call {} from {} forwarded (no answer) to {}", phone.deviceId(), c.id.value(),
                        c.number, r.number());
                in.redirect(r.number());
                unbind(c);
            }
        } else if (effect instanceof CallEffect.Reoffer r) {
            if (c.sip != null) {
                c.sip.reoffer(r.mode());
            }
        } else if (effect instanceof CallEffect.Refer r) {
            refer(c, r);
        } else if (effect instanceof CallEffect.SendDtmf d) {
            if (c.sip != null && phone.dtmfInfo()) {
                c.sip.sendDtmf(d.key());
            }
        } else if (effect instanceof CallEffect.StartTimer t) {
            startTimer(c, t.timer(), t.delay());
        } else if (effect instanceof CallEffect.CancelTimer t) {
            Scheduler.Cancellable running = c.timers.remove(t.timer());
            if (running != null) {
                running.cancel();
            }
        } else if (effect instanceof CallEffect.Remember r) {
            // Written when the call ends, with its real duration.
            c.historyKind = r.kind();
            c.historyTime = r.kind() == CallHistoryLog.Kind.MISSED ? c.created : phone.scheduler().now();
        } else if (effect instanceof CallEffect.MarkAnswered) {
            c.answeredAt = phone.scheduler().now();
        } else if (effect instanceof CallEffect.ReportToReferrer r) {
            if (c.referrer != null) {
                c.referrer.report(r.status(), r.reason());
                if (r.status() >= 200) {
                    c.referrer = null;
                }
            }
        } else if (effect instanceof CallEffect.StopRinging) {
            boolean waiting = onHandset().filter(o -> o != c).isPresent();
            if (!waiting) {
                phone.send(new BridgeMessage.Ringer(RingerMode.OFF));
            }
        } else if (effect instanceof CallEffect.Finish) {
            finish(c);
        }
    }

    private void show(PhoneCall c, CallPhase phase) {
        phone.send(new BridgeMessage.CallState(c.id, c.line, c.shown(phase), c.party()));
    }

    private void requestMedia(PhoneCall c) {
        if (c.phoneMedia != null) {
            MediaEndpoint known = c.phoneMedia;
            followUps.add(() -> dispatch(c, new CallEvent.MediaReady(known)));
            return;
        }
        phone.send(new BridgeMessage.OpenMedia(c.id, new BridgeMessage.CodecInfo(DEFAULT_CODEC, 20)));
        c.timers.put(CallTimer.MEDIA_INFO, later(CallTransitions.MEDIA_INFO_WAIT, c, () -> {
            c.timers.remove(CallTimer.MEDIA_INFO);
            Optional<MediaAddress> registered = phone.registeredMedia();
            if (registered.isPresent()) {
                dispatch(c, new CallEvent.MediaReady(new MediaEndpoint(registered.get().ip(), registered.get().port(),
                        FALLBACK_CODECS)));
            } else {
                LOG.warn("phone {}: no MediaInfo for call {}", phone.deviceId(), c.id.value());
                dispatch(c, new CallEvent.Timeout(CallTimer.MEDIA_INFO));
            }
        }));
    }

    private void invite(PhoneCall c) {
        List<DeviceConfig.Line> lines = phone.config().lines();
        if (c.line > lines.size()) {
            // The device was reconfigured while the call waited for the phone's media (found by the
            // session fuzz test): its line is gone, so there is nothing to call from.
            LOG.info("phone {}: call {} not placed: line {} is no longer configured", phone.deviceId(), c.id.value(),
                    c.line);
            followUps.add(() -> dispatch(c, new CallEvent.Failed(480, "line " + c.line + " no longer configured")));
            return;
        }
        DeviceConfig.Line line = lines.get(c.line - 1);
        LineAccount account = new LineAccount(line.number(), line.user(), line.password(), line.name());
        int generation = ++c.sipGeneration;
        c.sip = phone.sip().call(account, c.number, c.phoneMedia, DialogEvents.listener(c, generation, dialogEvents),
                c.options);
    }

    private void bind(PhoneCall c, IncomingCall call) {
        int generation = ++c.sipGeneration;
        c.sip = call;
        call.listen(DialogEvents.listener(c, generation, dialogEvents));
    }

    /** Forgets the call's dialog: whatever it still says is dropped. */
    private void unbind(PhoneCall c) {
        c.sip = null;
        c.sipGeneration++;
    }

    private void refer(PhoneCall c, CallEffect.Refer r) {
        if (c.sip == null) {
            dispatch(c, new CallEvent.ReferFailed(481, "no dialog"));
            return;
        }
        c.sip.refer(r.target(), r.replacing().map(x -> x.sip), DialogEvents.transfer(c, c.sipGeneration, dialogEvents));
    }

    /** The far end asks our call {@code c} to be transferred: a new call from the same line. */
    private void transferRequested(PhoneCall c, TransferRequest request) {
        LOG.info("phone {}: call {} transferred by the far end to {}", phone.deviceId(), c.id.value(), request.target());
        newCall(c.line, false).ifPresentOrElse(n -> {
            n.referrer = request;
            n.options = OutgoingOptions.of(request);
            dispatch(n, new CallEvent.DialNumber(request.target()));
        }, () -> request.report(480, "Temporarily Unavailable"));
    }

    private void startTimer(PhoneCall c, CallTimer timer, Duration delay) {
        Scheduler.Cancellable previous = c.timers.put(timer, later(delay, c, () -> {
            c.timers.remove(timer);
            dispatch(c, new CallEvent.Timeout(timer));
        }));
        if (previous != null) {
            previous.cancel();
        }
    }

    /** The call's history entry, once it is over: placed, received or missed, with how long it lasted. */
    private void remember(PhoneCall c) {
        if (c.historyKind == null || c.number.isEmpty()) {
            return;
        }
        int seconds = c.answeredAt == null ? 0
                : (int) Math.max(0, Duration.between(c.answeredAt, phone.scheduler().now()).toSeconds());
        phone.history().add(new CallHistoryLog.Entry(c.historyKind, c.number, c.name, c.historyTime, seconds));
        c.historyKind = null;
    }

    private void finish(PhoneCall c) {
        remember(c);
        c.cancelTimers();
        if (c.mediaStarted) {
            phone.send(new BridgeMessage.StopMedia(c.id));
            c.mediaStarted = false;
        }
        if (c.referrer != null) {
            c.referrer.report(487, "Request Terminated");
            c.referrer = null;
        }
        calls.remove(c);
        calls.stream().filter(x -> x.consultFor == c).forEach(x -> x.consultFor = null);
        show(c, CallPhase.ENDED);
        if (onHandset().isEmpty()) {
            phone.send(new BridgeMessage.Tone(ToneType.OFF));
        }
    }

    /** Ends every call (the phone went away, or the bridge stops): no dialog may outlive its phone. */
    void endAll(boolean tellPhone) {
        prompt.cancelQuietly();
        for (PhoneCall c : List.copyOf(calls)) {
            remember(c);
            c.cancelTimers();
            if (c.sip != null) {
                c.sip.hangUp();
                unbind(c);
            }
            if (c.referrer != null) {
                c.referrer.report(480, "Temporarily Unavailable");
                c.referrer = null;
            }
            if (tellPhone) {
                finish(c);
            }
        }
        calls.clear();
    }

    private void missed(String number, String name) {
        phone.history().add(new CallHistoryLog.Entry(CallHistoryLog.Kind.MISSED, number, name,
                phone.scheduler().now(), 0));
    }

    private static MediaDirection direction(MediaSession.MediaMode mode) {
        return switch (mode) {
            case SEND_RECV -> MediaDirection.SEND_RECV;
            case SEND_ONLY -> MediaDirection.SEND_ONLY;
            case RECV_ONLY -> MediaDirection.RECV_ONLY;
            case INACTIVE -> MediaDirection.INACTIVE;
        };
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
