package org.sscpbridge.phone;

import org.sscpbridge.exec.Async;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.exec.SerialExecutor;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.SipCalls;
import org.sscpbridge.call.LineRegistrar;
import org.sscpbridge.call.LineRegistrar.LineRegistration;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.ResetType;
import org.sscpbridge.time.Scheduler;

/**
 * One registered phone (SPEC §4): its address, keepalive watch, and one SIP registration per line.
 * Every event runs on the session's own serial executor, so the state below needs no locks; only
 * {@link #snapshot()} and the address are read from other threads.
 */
public final class PhoneSession {
    private static final Logger LOG = LoggerFactory.getLogger(PhoneSession.class);
    /** A phone is dropped after this many keepalive intervals of silence (SPEC §4). */
    static final int MISSED_KEEPALIVES = 3;

    private final String deviceId;
    private final SerialExecutor events;
    private final PhoneLink link;
    private final Scheduler scheduler;
    private final Duration keepalive;
    private final Consumer<PhoneSession> onClosed;
    private final List<LineSlot> lines = new ArrayList<>();
    private final PhoneFeatures features;
    private final Forwards forwards;
    private final CallHistoryLog history;
    private final FeatureRequests requests;

    private volatile InetSocketAddress address;
    private volatile Instant lastHeard;
    private volatile boolean closed;
    private volatile List<LineStatus> lineStatuses = List.of();
    private volatile List<LineSnapshot> lineSnapshots = List.of();
    /** Read by the SIP side's threads too (line numbers for routing INVITEs). */
    private volatile DeviceConfig config;
    private LineRegistrar registrar;
    private SipCalls sipCalls;
    private final CallSettings callSettings;
    private final CallControl calls;
    private volatile List<CallSnapshot> callSnapshots = List.of();
    private volatile boolean dnd;
    private volatile Boolean headset;
    /** The line the phone has selected (PhoneStatus Line): forwards set from the phone apply to it. */
    private int selectedLine = 1;
    private final ForwardLoops forwardLoops;
    private MediaAddress registeredMedia;
    private Scheduler.Cancellable keepaliveTimer;
    private MessageWaitingLamp mwi = new MessageWaitingLamp("", org.sscpbridge.call.MessageWaiting.NONE);

    PhoneSession(DeviceConfig config, InetSocketAddress address, Executor pool, PhoneLink link, Scheduler scheduler,
            Duration keepalive, LineRegistrar registrar, SipCalls sipCalls, CallSettings callSettings,
            PhoneFeatures features, Forwards forwards, ForwardLoops forwardLoops, Consumer<PhoneSession> onClosed,
            int queueMax) {
        this.features = features;
        this.forwardLoops = forwardLoops;
        this.forwards = forwards;
        this.sipCalls = sipCalls;
        this.callSettings = callSettings;
        this.calls = new CallControl(new CallContext());
        this.deviceId = config.deviceId();
        this.config = config;
        this.address = address;
        this.events = new SerialExecutor(pool, "phone " + deviceId, queueMax);
        this.link = link;
        this.scheduler = scheduler;
        this.keepalive = keepalive;
        this.registrar = registrar;
        this.onClosed = onClosed;
        this.lastHeard = scheduler.now();
        this.history = new CallHistoryLog(deviceId, features.store().history(), features.io(), features.historyMax(),
                events, features.arrivals());
        this.requests = new FeatureRequests(deviceId, features.phoneBook());
        forwards.refresh();
        Async.supply(() -> features.store().devices().headset(deviceId), features.arrivals())
                .thenAccept(h -> h.ifPresent(on -> {
                    if (headset == null) {
                        headset = on;
                    }
                }))
                .exceptionally(e -> {
                    LOG.warn("phone {}: headset state not read: {}", deviceId, e.getMessage());
                    return null;
                });
    }

    public String deviceId() {
        return deviceId;
    }

    /** Finds forward loops across the bridge's phones (see {@link SscpServer}). */
    @FunctionalInterface
    interface ForwardLoops {
        Optional<String> find(String deviceId, Forwards.Kind kind, String target);
    }

    public InetSocketAddress address() {
        return address;
    }

    public Instant lastHeard() {
        return lastHeard;
    }

    /** Whether the phone was heard within one keepalive interval and a half: "live" for SPEC §4. */
    public boolean isLive() {
        return !closed && Duration.between(lastHeard, scheduler.now()).compareTo(keepalive.multipliedBy(3).dividedBy(2)) <= 0;
    }

    /** What the console and the Web Console show: device, address, state, lines with their SIP state, forwards. */
    public PhoneSnapshot snapshot() {
        List<ForwardSnapshot> on = new ArrayList<>();
        for (int line = 1; line <= Math.max(1, config.lines().size()); line++) {
            for (Forwards.Kind kind : Forwards.Kind.values()) {
                int l = line;
                forwards.target(line, kind).ifPresent(t -> on.add(new ForwardSnapshot(l, kind, t)));
            }
        }
        return new PhoneSnapshot(deviceId, address.getAddress().getHostAddress() + ":" + address.getPort(),
                closed ? "closed" : isLive() ? "registered" : "silent", dnd, Boolean.TRUE.equals(headset), lastHeard,
                lineSnapshots, on);
    }

    /** Each line and its SIP registration, as of the last change (for metrics and health). */
    public List<LineStatus> lineStatuses() {
        return lineStatuses;
    }

    /** The device's message waiting lamp (SPEC §6 MWI); set by the server before the session's first event. */
    void messageWaiting(MessageWaitingLamp lamp) {
        mwi = lamp;
        lamp.attach(events, m -> events.execute(() -> {
            if (!closed) {
                link.sendReliably(address, m);
            }
        }));
    }

    /**
     * Queues what a datagram of the phone asks for, unless the phone's queue is full
     * ({@code sscp.phone.queue.max}): then the datagram is refused (dropped unseen, counted
     * queue-full, logged) and the phone's retransmission is taken once there is room.
     */
    private void fromPhone(Reply reply, Runnable event) {
        if (!events.offer(event)) {
            reply.refuse();
        }
    }

    /** The Register was admitted: answer it, then bring the lines up. */
    void onRegister(Reply reply, InetSocketAddress from, MediaAddress media) {
        fromPhone(reply, () -> {
            address = from;
            registeredMedia = media;
            heard();
            reply.answer(new BridgeMessage.RegisterAck((int) keepalive.toSeconds(), scheduler.now(),
                    PhoneLayouts.lineInfos(config)));
            LOG.info("phone {} registered from {} with {} line(s)", deviceId, from, config.lines().size());
            mwi.phoneRegistered();
            if (lines.isEmpty()) {
                startLines();
            }
            watchKeepalive();
        });
    }

    /** A message from this phone's address, other than Register. */
    void onMessage(PhoneMessage message, Reply reply) {
        fromPhone(reply, () -> {
            if (closed) {
                return;
            }
            heard();
            if (message instanceof PhoneMessage.KeepAlive) {
                reply.answer(new BridgeMessage.KeepAliveAck());
            } else if (message instanceof PhoneMessage.Unregister) {
                // Unbound before the ack: a Register right after it must find no closing session to reuse.
                close();
                reply.answer(new BridgeMessage.UnregisterAck());
                LOG.info("phone {} unregistered", deviceId);
            } else if (message instanceof PhoneMessage.LayoutRequest) {
                reply.answer(PhoneLayouts.of(config));
            } else if (message instanceof PhoneMessage.Forward f) {
                Optional<String> loop = f.number() == null || f.number().isEmpty() ? Optional.empty()
                        : forwardLoops.find(deviceId, FeatureRequests.kind(f.forwardType()), f.number());
                if (loop.isPresent()) {
                    reply.answer(new BridgeMessage.Error(409, "forward loop: " + loop.get()));
                } else {
                    requests.forward(forwards, selectedLine, f, reply);
                }
            } else if (message instanceof PhoneMessage.PhoneBook b) {
                requests.phoneBook(b, reply);
            } else if (message instanceof PhoneMessage.CallHistory h) {
                reply.answer(requests.history(history, h));
            } else if (message instanceof PhoneMessage.HeadsetStatus hs) {
                reply.ack();
                headsetChanged(hs.mode() == OnOff.ON);
            } else {
                reply.ack();
                onCallEvent(message);
            }
            callSnapshots = calls.snapshots();
        });
    }

    /** Messages that drive calls (SPEC §5); already acknowledged. */
    private void onCallEvent(PhoneMessage message) {
        if (message instanceof PhoneMessage.OffHook m) {
            calls.offHook(m.line());
        } else if (message instanceof PhoneMessage.OnHook) {
            calls.onHook();
        } else if (message instanceof PhoneMessage.PhoneStatus st) {
            if (st.line() != null && st.line() <= config.lines().size()) {
                selectedLine = st.line();
            }
            if (st.dnd() != null) {
                calls.dnd(st.dnd() == OnOff.ON);
                dnd = calls.dnd();
            }
            if (st.hook() == OnOff.OFF) {
                calls.offHook(st.line());
            } else if (st.hook() == OnOff.ON) {
                calls.onHook();
            }
        } else if (message instanceof PhoneMessage.Digit d) {
            calls.digit(d.key());
        } else if (message instanceof PhoneMessage.Dial d) {
            calls.dial(d.number(), d.line());
        } else if (message instanceof PhoneMessage.SpeedDial sd) {
            calls.speedDial(sd.index());
        } else if (message instanceof PhoneMessage.SoftKeyEvent k) {
            calls.softKey(k.key(), k.callId(), k.group());
        } else if (message instanceof PhoneMessage.MediaInfo mi) {
            calls.mediaInfo(mi);
        } else if (message instanceof PhoneMessage.VoiceMail vm) {
            calls.voiceMail(vm.mailbox());
        } else {
            LOG.debug("phone {}: {} acknowledged", deviceId, message.type().wireName());
        }
    }

    private void headsetChanged(boolean on) {
        headset = on;
        Async.run(() -> features.store().devices().headset(deviceId, on), features.io())
                .exceptionally(e -> {
                    LOG.warn("phone {}: headset {} not stored: {}", deviceId, on ? "on" : "off", e.getMessage());
                    return null;
                });
    }

    /** A MediaInfo that answers the bridge's OpenMedia (it carries the OpenMedia's seq). */
    void onMediaInfo(PhoneMessage.MediaInfo info) {
        events.execute(() -> {
            if (!closed) {
                heard();
                calls.mediaInfo(info);
                callSnapshots = calls.snapshots();
            }
        });
    }

    /** An INVITE for one of this phone's lines. */
    void onIncoming(String lineNumber, IncomingCall call) {
        events.execute(() -> {
            if (closed) {
                call.reject(480);
                return;
            }
            calls.incoming(lineNumber, call);
            callSnapshots = calls.snapshots();
        });
    }

    public List<CallSnapshot> calls() {
        return callSnapshots;
    }

    /** The line numbers of this phone (for routing INVITEs). */
    List<String> lineNumbers() {
        return config.lines().stream().map(DeviceConfig.Line::number).toList();
    }

    private void heard() {
        lastHeard = scheduler.now();
    }

    private void startLines() {
        for (DeviceConfig.Line line : config.lines()) {
            lines.add(startLine(line));
        }
        mwi.linesStarted(config.lines());
        summarizeLines();
    }

    private LineSlot startLine(DeviceConfig.Line line) {
        LineSlot slot = new LineSlot(line);
        slot.registration = registrar.register(
                new LineAccount(line.number(), line.user(), line.password(), line.name()),
                status -> events.execute(() -> onLineStatus(slot, status)));
        return slot;
    }

    private void onLineStatus(LineSlot slot, RegistrationStatus status) {
        if (closed || !lines.contains(slot)) {
            return;
        }
        RegistrationState before = slot.status.state();
        slot.status = status;
        summarizeLines();
        if (before != status.state() && status.state() != RegistrationState.REGISTERING) {
            String text = "Line " + slot.line.number() + ": " + switch (status.state()) {
                case REGISTERED -> "registered";
                case FAILED -> "registration failed (" + status.reason() + ")";
                default -> status.state().name().toLowerCase();
            };
            link.sendReliably(address, Screen.display(text, 5));
            if (status.state() == RegistrationState.FAILED) {
                LOG.warn("phone {} line {}: registration failed ({})", deviceId, slot.line.number(), status.reason());
            } else {
                LOG.info("phone {} line {}: {}", deviceId, slot.line.number(), status);
            }
        }
    }

    private void summarizeLines() {
        lineStatuses = lines.stream().map(l -> new LineStatus(l.line.number(), l.status)).toList();
        lineSnapshots = lines.stream().map(l -> new LineSnapshot(l.line.index(), l.line.number(), l.status.state(),
                l.status.reason())).toList();
    }

    private void watchKeepalive() {
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel();
        }
        keepaliveTimer = scheduler.schedule(keepalive, () -> events.execute(this::checkKeepalive));
    }

    private void checkKeepalive() {
        if (closed) {
            return;
        }
        Duration silent = Duration.between(lastHeard, scheduler.now());
        if (silent.compareTo(keepalive.multipliedBy(MISSED_KEEPALIVES)) >= 0) {
            LOG.warn("phone {} at {} silent for {} s ({} keepalives): dropped", deviceId, address,
                    silent.toSeconds(), MISSED_KEEPALIVES);
            close();
        } else {
            watchKeepalive();
        }
    }

    /**
     * The device's configuration changed: re-read it. With {@code allLines} (the operator's
     * sscp:reload) every line of this phone registers again; without (its file was edited) only
     * the lines the edit changed do.
     */
    void reload(DeviceConfig next, boolean allLines) {
        events.execute(() -> {
            if (closed) {
                return;
            }
            config = next;
            if (allLines) {
                stopLines();
                startLines();
                LOG.info("phone {} reloaded", deviceId);
            } else {
                int changed = reloadLines();
                LOG.info("phone {} reloaded; {} line(s) registered anew or removed", deviceId, changed);
            }
            link.sendReliably(address, PhoneLayouts.of(config));
        });
    }

    /**
     * Brings the lines to the new configuration, touching only what changed: a line whose index,
     * number, user, password and name are all the same keeps its registration (its binding at the
     * registrar, its MWI subscription), so an edit of a speed dial, a display setting or another
     * line re-registers nothing else. Removed or changed lines are unregistered first, then the
     * new ones registered (as a full restart did). Returns how many lines were removed or added.
     */
    private int reloadLines() {
        List<LineSlot> old = new ArrayList<>(lines);
        List<LineSlot> kept = new ArrayList<>();
        for (DeviceConfig.Line line : config.lines()) {
            for (LineSlot slot : old) {
                if (slot.line.equals(line)) {
                    kept.add(slot);
                    old.remove(slot);
                    break;
                }
            }
        }
        for (LineSlot gone : old) {
            if (gone.registration != null) {
                gone.registration.unregister();
            }
        }
        lines.clear();
        int added = 0;
        for (DeviceConfig.Line line : config.lines()) {
            LineSlot same = kept.stream().filter(s -> s.line.equals(line)).findFirst().orElse(null);
            if (same != null) {
                lines.add(same);
            } else {
                lines.add(startLine(line));
                added++;
            }
        }
        if (added > 0 || !old.isEmpty()) {
            // Subscriptions follow the line set; only this device's are renewed.
            mwi.linesStopped();
            mwi.linesStarted(config.lines());
        }
        summarizeLines();
        return added + old.size();
    }

    /** The operator changed this device's forwards: show the phone. */
    void forwardsChanged() {
        events.execute(() -> {
            if (!closed) {
                link.sendReliably(address, FeatureRequests.forwardStatus(forwards, selectedLine));
            }
        });
    }

    /** The SIP user agent was replaced: calls end, every line registers again through the new one. */
    void rebind(LineRegistrar next, SipCalls nextCalls) {
        events.execute(() -> {
            registrar = next;
            sipCalls = nextCalls;
            if (!closed) {
                stopLines();
                startLines();
            }
        });
    }

    /** Ends every call (the phone is shown Idle) and removes every line's binding. Session thread only. */
    List<LineRegistration> endCallsAndStopLines() {
        calls.endAll(true);
        callSnapshots = List.of();
        return stopLines();
    }

    /** Removes every line's SIP binding; returns them so a caller can wait for the answers. */
    List<LineRegistration> stopLines() {
        List<LineRegistration> stopping = new ArrayList<>();
        for (LineSlot slot : lines) {
            if (slot.registration != null) {
                slot.registration.unregister();
                stopping.add(slot.registration);
            }
        }
        lines.clear();
        mwi.linesStopped();
        summarizeLines();
        return stopping;
    }

    /** Ends the session from its own thread (unregister, silence, replaced). */
    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel();
        }
        calls.endAll(false);
        stopLines();
        onClosed.accept(this);
    }

    /** Ends the session from outside; the phone is told {@code reset} first when not null. */
    void shutdown(ResetType reset, List<LineRegistration> collect) {
        events.execute(() -> {
            if (closed) {
                return;
            }
            if (reset != null) {
                link.sendReliably(address, new BridgeMessage.Reset(reset));
            }
            closed = true;
            if (keepaliveTimer != null) {
                keepaliveTimer.cancel();
            }
            calls.endAll(false);
            callSnapshots = List.of();
            synchronized (collect) {
                collect.addAll(stopLines());
            }
            onClosed.accept(this);
        });
    }

    /** Runs {@code task} after every event queued so far (for callers that must wait). */
    void afterPendingEvents(Runnable task) {
        events.execute(task);
    }

    /** What call control sees of this session. */
    private final class CallContext implements CallControl.Phone {
        @Override
        public String deviceId() {
            return deviceId;
        }

        @Override
        public DeviceConfig config() {
            return config;
        }

        @Override
        public void send(BridgeMessage message) {
            link.sendReliably(address, message);
        }

        @Override
        public Executor events() {
            // SIP events and timers change calls too: the console's view follows each of them.
            return task -> events.execute(() -> {
                task.run();
                if (!closed) {
                    callSnapshots = calls.snapshots();
                }
            });
        }

        @Override
        public Scheduler scheduler() {
            return scheduler;
        }

        @Override
        public SipCalls sip() {
            return sipCalls;
        }

        @Override
        public Optional<MediaAddress> registeredMedia() {
            return Optional.ofNullable(registeredMedia);
        }

        @Override
        public CallIdSource callIds() {
            return callSettings.callIds();
        }

        @Override
        public DigitMap digitMap() {
            return callSettings.digitMap();
        }

        @Override
        public Duration interdigit() {
            return callSettings.interdigit();
        }

        @Override
        public boolean dtmfInfo() {
            return callSettings.dtmfInfo();
        }

        @Override
        public BridgeConfig.FeatureNumbers features() {
            return callSettings.features();
        }

        @Override
        public PhoneBook phoneBook() {
            return features.phoneBook();
        }

        @Override
        public int selectedLine() {
            return selectedLine;
        }

        @Override
        public Optional<String> forwardLoop(Forwards.Kind kind, String target) {
            return forwardLoops.find(deviceId, kind, target);
        }

        @Override
        public CallHistoryLog history() {
            return history;
        }

        @Override
        public Forwards forwards() {
            return forwards;
        }
    }
}
