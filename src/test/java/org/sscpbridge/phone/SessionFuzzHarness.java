package org.sscpbridge.phone;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sscpbridge.call.Caller;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.call.MailboxStatus;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.call.TransferRequest;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.exec.ManualExecutor;
import org.sscpbridge.exec.SerialExecutor;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.SscpMessage;
import org.sscpbridge.sscp.transport.Datagram;
import org.sscpbridge.sscp.transport.MemoryWire;
import org.sscpbridge.sscp.transport.RateLimit;
import org.sscpbridge.sscp.transport.TransportStats;
import org.sscpbridge.store.MemoryStore;
import org.sscpbridge.time.ManualScheduler;

/**
 * The bridge's SSCP side as the session fuzz test drives it: the real {@link SscpServer} (real
 * endpoint, codec, admission, {@link PhoneSession}, {@link CallControl}, features on an in-memory
 * store) over a {@link MemoryWire}, a hand-driven event pool and a {@link ManualScheduler}, and
 * {@link FakeSipSide} at the call/ ports. Every step runs to quiescence on the caller's thread,
 * so a given input always does the same.
 *
 * <p>The oracle: nothing thrown out of the bridge (the test sees it), no task failed in any serial
 * executor, no handler or internal failure counted by the transport; every datagram the bridge
 * sends decodes as a bridge frame; and once every peer has gone silent for ten minutes, no phone,
 * call, line registration, mailbox subscription or timer is left.
 */
final class SessionFuzzHarness implements AutoCloseable {
    static final InetSocketAddress BRIDGE = new InetSocketAddress("127.0.0.1", 2000);
    static final List<InetSocketAddress> PEERS = List.of(
            new InetSocketAddress("127.0.0.1", 5001),
            new InetSocketAddress("127.0.0.1", 5002),
            new InetSocketAddress("127.0.0.2", 5001));
    static final List<String> DEVICE_IDS = List.of("SEP0001", "SEP0002", "SEP0003", "UNKNOWN9");
    static final List<String> NUMBERS = List.of("3001", "3002", "3003", "3004", "9999", "*97", "*70", "*8",
            "*30", "sip:far@example.org", "", "12#", "*72");
    private static final int MAX_STEPS = 200;
    private static final Duration QUIET = Duration.ofMinutes(10);

    private final SscpCodec codec = new SscpCodec();
    final ManualScheduler clock = new ManualScheduler();
    final ManualExecutor pool = new ManualExecutor();
    final FakeSipSide sip = new FakeSipSide();
    final DeviceDirectory directory = new DeviceDirectory();
    private final MemoryWire wire = new MemoryWire(BRIDGE);
    final SscpServer server;
    private final long failuresBefore = SerialExecutor.failures();
    /** Next seq each peer uses. */
    private final Map<InetSocketAddress, Long> seqs = new HashMap<>();
    /** Requests the bridge sent each peer and that the peer may answer (seq, type). */
    private final Map<InetSocketAddress, List<Frame>> bridgeRequests = new HashMap<>();
    /** Call ids the bridge has shown, for SoftKeyEvent, Digit and MediaInfo. */
    private final LinkedHashSet<CallId> callIds = new LinkedHashSet<>();
    final List<BridgeMessage> received = new ArrayList<>();

    SessionFuzzHarness(boolean autoprovision) throws IOException {
        this(autoprovision, 256, 2);
    }

    /** With the phone event queue bound and autoprovision.max given (the bound tests). */
    SessionFuzzHarness(boolean autoprovision, int phoneQueueMax, int autoprovisionMax) throws IOException {
        directory.put(device("SEP0001", "3001", "3002"));
        directory.put(device("SEP0002", "3003"));
        directory.put(device("SEP0003", "3004"));
        MemoryStore store = new MemoryStore();
        PhoneFeatures features = new PhoneFeatures(store, pool, new PhoneBook(store.phoneBook(), pool), 10);
        CallSettings calls = new CallSettings(DigitMap.DEFAULT, Duration.ofSeconds(5),
                new BridgeConfig.FeatureNumbers("*97", "*70", "*8", "*30", "sip:conf@example.org",
                        Duration.ofSeconds(20)),
                new CallIdSource(1000), true);
        SscpServer.Settings settings = new SscpServer.Settings(BRIDGE, Duration.ofSeconds(30), autoprovision,
                new RateLimit(50, 100), new RateLimit(200, 400), 64, calls, phoneQueueMax, autoprovisionMax,
                SscpServer.Moves.OFF);
        server = SscpServer.open(settings, directory, sip, sip, clock, features, new SscpServer.Io() {
            @Override
            public org.sscpbridge.sscp.transport.SscpEndpoint open(
                    org.sscpbridge.sscp.transport.SscpEndpoint.Builder endpoint) {
                return wire.open(endpoint);
            }

            @Override
            public java.util.concurrent.ExecutorService events() {
                return pool;
            }
        });
        server.messageWaiting(sip);
        settle();
    }

    static DeviceConfig device(String id, String... numbers) {
        List<DeviceConfig.Line> lines = new ArrayList<>();
        for (int i = 0; i < numbers.length; i++) {
            lines.add(new DeviceConfig.Line(i + 1, numbers[i], null, null, "Line " + numbers[i]));
        }
        return new DeviceConfig(id, lines, List.of(new DeviceConfig.SpeedDial(1, "3003", "B")), Optional.empty(),
                List.of());
    }

    /** Plays the input, then lets every peer go silent, then checks what must be left: nothing. */
    void run(FuzzedDataProvider data) {
        for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
            step(data);
            settle();
        }
        clock.advance(QUIET);
        settle();
        clock.advance(QUIET);
        settle();
        checkNothingLeft();
    }

    private void step(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 11)) {
            case 0 -> wire.deliver(peer(data), data.consumeBytes(data.consumeInt(0, 9000)));
            case 1, 2, 3, 4 -> sendRequest(data);
            case 5 -> answerBridge(data);
            case 6 -> clock.advance(Duration.ofMillis(data.consumeLong(0, 120_000)));
            case 7, 8 -> farEnd(data);
            case 9 -> sip.invite(data.pickValue(NUMBERS), new Caller(data.consumeString(20), data.consumeString(20)));
            case 10 -> lineOrMailbox(data);
            default -> configChange(data);
        }
    }

    private InetSocketAddress peer(FuzzedDataProvider data) {
        return data.pickValue(PEERS);
    }

    /** A well-formed request (or message without seq) from a peer: what gets past the codec. */
    private void sendRequest(FuzzedDataProvider data) {
        InetSocketAddress peer = peer(data);
        PhoneMessage message;
        try {
            message = phoneMessage(data);
        } catch (IllegalArgumentException | NullPointerException e) {
            message = new PhoneMessage.KeepAlive(); // values a phone could not encode: the records refuse them
        }
        long seq = switch (data.consumeInt(0, 5)) {
            case 0 -> Frame.NO_SEQ;
            case 1 -> Math.max(1, seqs.getOrDefault(peer, 1L) - 1); // a retransmission
            default -> {
                long s = seqs.getOrDefault(peer, 1L);
                seqs.put(peer, s >= Frame.MAX_SEQ ? 1 : s + 1);
                yield s;
            }
        };
        wire.deliver(peer, codec.encode(new Frame(message, seq)));
    }

    private PhoneMessage phoneMessage(FuzzedDataProvider data) {
        String number = data.consumeBoolean() ? data.pickValue(NUMBERS) : digits(data);
        Integer line = data.consumeBoolean() ? null : data.consumeInt(1, 3);
        return switch (data.consumeInt(0, 20)) {
            case 0 -> new PhoneMessage.Register(data.pickValue(DEVICE_IDS), "AP-100", "1.0",
                    new MediaAddress("127.0.0.1", 16384), null);
            case 1 -> new PhoneMessage.Unregister();
            case 2, 3 -> new PhoneMessage.KeepAlive();
            case 4 -> new PhoneMessage.PhoneStatus(onOff(data), onOff(data), line);
            case 5 -> new PhoneMessage.OffHook(line);
            case 6 -> new PhoneMessage.OnHook(line);
            case 7 -> new PhoneMessage.Digit(data.pickValue(List.of('0', '1', '3', '5', '9', '*', '#')), callId(data));
            case 8, 9 -> new PhoneMessage.Dial(number, line);
            case 10 -> new PhoneMessage.SpeedDial(data.consumeInt(1, 3));
            case 11 -> new PhoneMessage.Forward(data.pickValue(ForwardType.values()), number);
            case 12 -> new PhoneMessage.HeadsetStatus(data.pickValue(OnOff.values()));
            case 13, 14 -> new PhoneMessage.SoftKeyEvent(data.pickValue(SoftKey.values()), callId(data),
                    data.consumeBoolean() ? null : data.consumeInt(1, 3));
            case 15 -> new PhoneMessage.CallHistory(switch (data.consumeInt(0, 2)) {
                case 0 -> new PhoneMessage.HistoryQuery(data.pickValue(HistoryType.values()), data.consumeInt(1, 20));
                case 1 -> new PhoneMessage.HistoryDeleteEntry(data.consumeInt(1, 20));
                default -> new PhoneMessage.HistoryDeleteAll(data.pickValue(HistoryType.values()));
            });
            case 16 -> new PhoneMessage.PhoneBook(data.pickValue(PhoneBookAction.values()),
                    new PhoneBookEntry(data.consumeBoolean() ? null : String.valueOf(data.consumeInt(1, 5)),
                            data.consumeBoolean() ? "Smith" : null, data.consumeBoolean() ? "Ann" : null,
                            data.consumeBoolean() ? number : null),
                    data.consumeInt(0, 5));
            case 17 -> new PhoneMessage.VoiceMail(data.consumeBoolean() ? null : number);
            case 18 -> new PhoneMessage.MediaInfo(callId(data), new MediaAddress("127.0.0.1", 16386),
                    data.pickValue(List.of("PCMU", "PCMA", "G729")));
            case 19 -> new PhoneMessage.LayoutRequest();
            default -> new PhoneMessage.Ack();
        };
    }

    private static String digits(FuzzedDataProvider data) {
        StringBuilder s = new StringBuilder();
        int n = data.consumeInt(0, 12);
        for (int i = 0; i < n; i++) {
            s.append("0123456789*#".charAt(data.consumeInt(0, 11)));
        }
        return s.toString();
    }

    private static OnOff onOff(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 2)) {
            case 0 -> null;
            case 1 -> OnOff.ON;
            default -> OnOff.OFF;
        };
    }

    private CallId callId(FuzzedDataProvider data) {
        if (callIds.isEmpty() || data.consumeBoolean()) {
            return data.consumeBoolean() ? null : new CallId("00000999");
        }
        return data.pickValue(new ArrayList<>(callIds));
    }

    /** A scripted request from {@code peer} with its next seq, run to quiescence (for the harness's own test). */
    void send(InetSocketAddress peer, PhoneMessage message) {
        deliver(peer, message);
        settle();
    }

    /** A scripted request from {@code peer} with its next seq, not run yet; returns the seq. */
    long deliver(InetSocketAddress peer, PhoneMessage message) {
        long seq = seqs.getOrDefault(peer, 1L);
        seqs.put(peer, seq + 1);
        redeliver(peer, message, seq);
        return seq;
    }

    /** The same request again (a retransmission), not run yet. */
    void redeliver(InetSocketAddress peer, PhoneMessage message, long seq) {
        wire.deliver(peer, codec.encode(new Frame(message, seq)));
    }

    /** Answers the bridge's last OpenMedia to {@code peer} with the phone's MediaInfo (scripted use). */
    void answerOpenMedia(InetSocketAddress peer) {
        Frame open = bridgeRequests.getOrDefault(peer, List.of()).stream()
                .filter(f -> f.message() instanceof BridgeMessage.OpenMedia).reduce((a, b) -> b).orElseThrow();
        wire.deliver(peer, codec.encode(new Frame(new PhoneMessage.MediaInfo(
                ((BridgeMessage.OpenMedia) open.message()).callId(), new MediaAddress("127.0.0.1", 16388), "PCMU"),
                open.seq())));
        settle();
    }

    /** The peer answers one of the bridge's requests: Ack, or MediaInfo for an OpenMedia. */
    private void answerBridge(FuzzedDataProvider data) {
        InetSocketAddress peer = peer(data);
        List<Frame> pending = bridgeRequests.getOrDefault(peer, List.of());
        if (pending.isEmpty()) {
            return;
        }
        Frame request = data.pickValue(pending);
        SscpMessage answer = request.message() instanceof BridgeMessage.OpenMedia open && data.consumeBoolean()
                ? new PhoneMessage.MediaInfo(open.callId(), new MediaAddress("127.0.0.1", 16388), "PCMU")
                : new PhoneMessage.Ack();
        wire.deliver(peer, codec.encode(new Frame(answer, request.seq())));
    }

    /** The far end of one call does something, as the SIP side would report it. */
    private void farEnd(FuzzedDataProvider data) {
        List<FakeSipSide.Call> live = sip.calls.stream().filter(FakeSipSide.Call::live).toList();
        if (live.isEmpty()) {
            return;
        }
        FakeSipSide.Call call = data.pickValue(live);
        MediaSession media = new MediaSession("127.0.0.1", 20000, "PCMU", 20,
                data.pickValue(MediaSession.MediaMode.values()));
        switch (data.consumeInt(0, 7)) {
            case 0 -> call.listener.onProgress(data.pickValue(List.of(100, 180, 183)),
                    data.consumeBoolean() ? Optional.of(media) : Optional.empty());
            case 1 -> {
                if (call.outgoing && !call.answered) {
                    call.answered = true;
                    call.listener.onAnswered(media);
                }
            }
            case 2 -> {
                if (!call.answered) {
                    call.ended = true;
                    call.listener.onFailed(data.pickValue(List.of(404, 408, 480, 486, 487, 488, 500, 503, 603)),
                            "fuzz");
                }
            }
            case 3 -> {
                call.ended = true;
                call.listener.onEnded("BYE");
            }
            case 4 -> {
                if (call.answered) {
                    call.listener.onMediaChanged(media);
                }
            }
            case 5 -> {
                if (call.answered) {
                    call.listener.onReofferFailed(data.pickValue(List.of(488, 491, 500)), "fuzz");
                }
            }
            case 6 -> {
                if (call.answered) {
                    String target = data.pickValue(NUMBERS);
                    call.listener.onTransferRequested(new TransferRequest() {
                        @Override public String target() { return target; }
                        @Override public Optional<String> replaces() { return Optional.empty(); }
                        @Override public String referredBy() { return "far"; }
                        @Override public void report(int status, String reason) { call.actions.add("report " + status); }
                    });
                }
            }
            default -> {
                if (!call.transfers.isEmpty()) {
                    var t = data.pickValue(call.transfers);
                    switch (data.consumeInt(0, 2)) {
                        case 0 -> t.onAccepted();
                        case 1 -> t.onSucceeded("200 OK");
                        default -> t.onFailed(data.pickValue(List.of(403, 408, 486, 503)), "fuzz");
                    }
                }
            }
        }
    }

    private void lineOrMailbox(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> {
                if (!sip.registrations.isEmpty()) {
                    data.pickValue(sip.registrations).tell(RegistrationStatus.of(
                            data.pickValue(RegistrationState.values()), data.consumeString(30)));
                }
            }
            case 1 -> {
                if (!sip.subscriptions.isEmpty()) {
                    data.pickValue(sip.subscriptions).tell(mailbox(data));
                }
            }
            default -> sip.notifyUnsolicited(data.pickValue(NUMBERS), mailbox(data));
        }
    }

    private static MailboxStatus mailbox(FuzzedDataProvider data) {
        return new MailboxStatus(data.consumeBoolean(), data.consumeInt(0, 1000), data.consumeInt(0, 1000));
    }

    /** The operator changes a device: new lines, removed, back again, reloaded. */
    private void configChange(FuzzedDataProvider data) {
        String id = data.pickValue(DEVICE_IDS.subList(0, 3));
        switch (data.consumeInt(0, 3)) {
            case 0 -> directory.remove(id);
            case 1 -> directory.put(device(id, "3001"));
            case 2 -> directory.put(device(id, "3003", "3004", "3005"));
            default -> server.reload(id);
        }
    }

    /** Runs every queued event and checks what the bridge sent. */
    void settle() {
        while (pool.runAll() > 0) {
            // events may queue more events; run until none is left
        }
        for (Datagram d : wire.takeSent()) {
            Frame frame;
            try {
                frame = codec.decode(Direction.BRIDGE, d.bytes());
            } catch (SscpDecodeException e) {
                throw new AssertionError("the bridge sent " + d + " that does not decode: " + e.getMessage()
                        + "\n" + new String(d.bytes(), StandardCharsets.UTF_8), e);
            }
            if (!(frame.message() instanceof BridgeMessage message)) {
                throw new AssertionError("the bridge sent a phone message: " + frame);
            }
            received.add(message);
            remember(d.target(), frame, message);
        }
        checkNoFailure();
    }

    private void remember(InetSocketAddress peer, Frame frame, BridgeMessage message) {
        if (frame.hasSeq() && !frame.type().isAnswerOnly() && frame.type() != MessageType.ERROR) {
            List<Frame> list = bridgeRequests.computeIfAbsent(peer, p -> new ArrayList<>());
            list.add(frame);
            if (list.size() > 16) {
                list.remove(0);
            }
        }
        CallId id = message instanceof BridgeMessage.CallState s ? s.callId()
                : message instanceof BridgeMessage.OpenMedia o ? o.callId()
                : message instanceof BridgeMessage.StartMedia m ? m.callId() : null;
        if (id != null) {
            callIds.add(id);
            if (callIds.size() > 16) {
                callIds.remove(callIds.iterator().next());
            }
        }
    }

    private void checkNoFailure() {
        long failed = SerialExecutor.failures() - failuresBefore;
        if (failed != 0) {
            throw new AssertionError(failed + " event(s) failed in a serial executor (see the ERROR log above)");
        }
        TransportStats stats = server.stats();
        if (stats.handlerFailures() != 0 || stats.internalErrors() != 0) {
            throw new AssertionError("transport counted failures: " + stats);
        }
    }

    /** Ten minutes after the last datagram every phone has expired and taken everything with it. */
    void checkNothingLeft() {
        List<String> left = new ArrayList<>();
        server.registry().all().forEach(s -> left.add("phone " + s.deviceId() + " at " + s.address()));
        server.calls().forEach(c -> left.add("call " + c));
        sip.calls.stream().filter(c -> !c.ended).forEach(c -> left.add("SIP call " + c));
        sip.registrations.stream().filter(r -> !r.unregistered).forEach(r -> left.add(r.toString()));
        sip.subscriptions.stream().filter(s -> !s.cancelled).forEach(s -> left.add(s.toString()));
        if (clock.pending() != 0) {
            left.add(clock.pending() + " timer(s)");
        }
        if (!left.isEmpty()) {
            throw new AssertionError("left behind " + QUIET.multipliedBy(2).toMinutes()
                    + " minutes after the last datagram: " + left);
        }
    }

    @Override
    public void close() {
        server.close();
        pool.runAll();
    }
}
