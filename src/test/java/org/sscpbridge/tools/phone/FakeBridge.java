package org.sscpbridge.tools.phone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.SscpMessage;
import org.sscpbridge.sscp.transport.Inbound;
import org.sscpbridge.sscp.transport.SscpEndpoint;
import org.sscpbridge.time.SystemScheduler;
import org.sscpbridge.tools.phone.AuthAnswer;

/**
 * A stand-in bridge for simulator tests, built from the project's own {@link SscpEndpoint} on the
 * bridge side: answers what SPEC §2 says must be answered (RegisterAck / challenge, KeepAliveAck,
 * UnregisterAck, ForwardStatus, PhoneBookResult, CallHistoryResult, PhoneLayout, Ack), records
 * everything, and lets a test add reactions (e.g. OffHook → CallState OffHook).
 */
final class FakeBridge implements AutoCloseable {
    static final String NONCE = "c0ffee42";
    static final CallId CALL = new CallId("01000001");

    private final SystemScheduler scheduler = new SystemScheduler("fake-bridge-timer");
    private final SscpEndpoint endpoint;
    private final List<Inbound> received = new CopyOnWriteArrayList<>();
    private final Map<String, InetSocketAddress> phones = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, PhoneMessage.MediaInfo> mediaInfos = new ConcurrentHashMap<>();
    private final Map<MessageType, BiConsumer<Inbound, FakeBridge>> reactions = new ConcurrentHashMap<>();
    volatile int keepaliveSeconds = 30;
    volatile String secret;

    FakeBridge() throws IOException {
        endpoint = SscpEndpoint.builder(Direction.BRIDGE, new SscpCodec(), scheduler, this::onFrame)
                .bindTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .senderPolicy(source -> phones.containsValue(source))
                .threadName("fake-bridge-rx")
                .open();
    }

    InetSocketAddress address() {
        return endpoint.localAddress();
    }

    String addressText() {
        return "127.0.0.1:" + address().getPort();
    }

    SscpEndpoint endpoint() {
        return endpoint;
    }

    /** Runs {@code reaction} after the standard answer to every {@code type} from a phone. */
    void on(MessageType type, BiConsumer<Inbound, FakeBridge> reaction) {
        reactions.put(type, reaction);
    }

    InetSocketAddress phone(String deviceId) {
        return phones.get(deviceId);
    }

    PhoneMessage.MediaInfo mediaInfo(InetSocketAddress phone) {
        return mediaInfos.get(phone);
    }

    /** Reliably (with seq) when the message can be a request, else once without seq (e.g. an unsolicited PhoneLayout). */
    void send(InetSocketAddress phone, SscpMessage message) {
        if (message.type().isAnswerOnly()) {
            endpoint.send(phone, message);
        } else {
            endpoint.sendReliably(phone, message);
        }
    }

    List<Inbound> received() {
        return List.copyOf(received);
    }

    long count(MessageType type) {
        return received.stream().filter(i -> i.type() == type).count();
    }

    List<PhoneMessage.Register> registers() {
        return received.stream().filter(i -> i.type() == MessageType.REGISTER)
                .map(i -> (PhoneMessage.Register) i.message()).toList();
    }

    private void onFrame(Inbound in) {
        received.add(in);
        SscpMessage m = in.message();
        switch (in.type()) {
            case REGISTER -> onRegister(in, (PhoneMessage.Register) m);
            case KEEP_ALIVE -> in.reply(new BridgeMessage.KeepAliveAck());
            case UNREGISTER -> in.reply(new BridgeMessage.UnregisterAck());
            case FORWARD -> {
                PhoneMessage.Forward f = (PhoneMessage.Forward) m;
                in.reply(new BridgeMessage.ForwardStatus(List.of(
                        new BridgeMessage.ForwardInfo(f.forwardType(), f.number(), !f.isCancel()))));
            }
            case PHONE_BOOK -> in.reply(new BridgeMessage.PhoneBookResult(1, 200,
                    List.of(new PhoneBookEntry("u1", "Smith", "Anna", "1003"))));
            case CALL_HISTORY -> in.reply(new BridgeMessage.CallHistoryResult(List.of(
                    new BridgeMessage.HistoryEntry(3, HistoryType.MISSED, "1002", "Bob", Instant.parse("2026-11-24T10:00:00Z"), 0))));
            case LAYOUT_REQUEST -> in.reply(layout());
            case MEDIA_INFO -> {
                if (in.isAnswer()) {
                    mediaInfos.put(in.source(), (PhoneMessage.MediaInfo) m);
                } else {
                    in.ack();
                }
            }
            default -> in.ack();
        }
        BiConsumer<Inbound, FakeBridge> reaction = reactions.get(in.type());
        if (reaction != null) {
            reaction.accept(in, this);
        }
    }

    private void onRegister(Inbound in, PhoneMessage.Register r) {
        if (secret != null) {
            if (r.authResponse() == null) {
                in.reply(new BridgeMessage.RegisterReject(401, "Challenge", NONCE));
                return;
            }
            if (!r.authResponse().equals(AuthAnswer.compute(secret, NONCE, r.deviceId()))) {
                in.reply(new BridgeMessage.RegisterReject(403, "Bad answer", null));
                return;
            }
        }
        phones.put(r.deviceId(), in.source());
        in.reply(new BridgeMessage.RegisterAck(keepaliveSeconds, Instant.now(),
                List.of(new BridgeMessage.LineInfo(1, "1001", "Alice"), new BridgeMessage.LineInfo(2, "1011", null))));
    }

    static BridgeMessage.PhoneLayout layout() {
        return new BridgeMessage.PhoneLayout(
                List.of(new BridgeMessage.LineInfo(1, "1001", "Alice")),
                List.of(new BridgeMessage.SpeedDialInfo(3, "1003", "Anna")),
                List.of(new BridgeMessage.SoftKeySet(CallStateName.IDLE, List.of(SoftKey.REDIAL, SoftKey.NEW_CALL, SoftKey.CFWD_ALL)),
                        new BridgeMessage.SoftKeySet(CallStateName.CONNECTED, List.of(SoftKey.HOLD, SoftKey.END_CALL, SoftKey.TRANSFER)),
                        new BridgeMessage.SoftKeySet(CallStateName.HOLD, List.of(SoftKey.RESUME, SoftKey.END_CALL))),
                "Sim Office");
    }

    static BridgeMessage.CallState callState(CallStateName state) {
        return new BridgeMessage.CallState(CALL, 1, state,
                new BridgeMessage.Party("1002", "Bob", org.sscpbridge.sscp.message.CallDirection.OUT));
    }

    @Override
    public void close() {
        endpoint.close();
        scheduler.close();
    }
}
