package org.sscpbridge.sscp.codec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallDirection;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.LampMode;
import org.sscpbridge.sscp.message.LampType;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.ResetType;
import org.sscpbridge.sscp.message.RingerMode;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.SscpMessage;
import org.sscpbridge.sscp.message.ToneType;
import org.sscpbridge.sscp.message.WireLimits;

/**
 * Random valid messages of every type, for property tests: unicode (BMP and beyond), XML special
 * characters and whitespace in every string, empty and full lists, values at the ends of their
 * ranges. A byte budget per message keeps the encoding within one 8 KiB datagram: every string
 * and list item is charged its worst-case encoded size (6 bytes per char, e.g. {@code &quot;}).
 */
final class RandomMessages {
    /** Generator per message type; a test checks that every MessageType has one. */
    static final Map<MessageType, Function<RandomMessages, SscpMessage>> GENERATORS = generators();

    private static final int BUDGET_BYTES = 7600;
    private static final int WORST_BYTES_PER_CHAR = 6;
    private static final int ELEMENT_BYTES = 80;
    private static final String SPECIALS = "<>&\"'";
    private static final String WHITESPACE = " \t\n\r";
    private static final String SAMPLES = "éßüñ€한국어中文Ωж\u00A0\uE000\uFFFD\u2028";
    private static final String DIAL_CHARS = "0123456789*#+";
    private static final long MIN_EPOCH_SECOND = -62_135_596_800L; // 0001-01-01
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L; // 9999-12-31

    private final Random random;
    private int budget;

    RandomMessages(long seed) {
        this.random = new Random(seed);
    }

    /** A random valid message of {@code type}. */
    SscpMessage next(MessageType type) {
        budget = BUDGET_BYTES;
        return GENERATORS.get(type).apply(this);
    }

    /** A random valid frame: a message of a random type, with or without seq. */
    org.sscpbridge.sscp.message.Frame nextFrame() {
        MessageType[] types = MessageType.values();
        return new org.sscpbridge.sscp.message.Frame(next(types[random.nextInt(types.length)]), seq());
    }

    long seq() {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> org.sscpbridge.sscp.message.Frame.MAX_SEQ;
            default -> 1 + (random.nextLong() & Long.MAX_VALUE) % org.sscpbridge.sscp.message.Frame.MAX_SEQ;
        };
    }

    private static Map<MessageType, Function<RandomMessages, SscpMessage>> generators() {
        Map<MessageType, Function<RandomMessages, SscpMessage>> g = new EnumMap<>(MessageType.class);
        // Phone -> bridge
        g.put(MessageType.REGISTER, r -> new PhoneMessage.Register(r.token(WireLimits.MAX_TOKEN_CHARS),
                r.maybe(() -> r.text()), r.maybe(() -> r.text()), r.maybe(r::media), r.maybe(() -> r.text())));
        g.put(MessageType.UNREGISTER, r -> new PhoneMessage.Unregister());
        g.put(MessageType.KEEP_ALIVE, r -> new PhoneMessage.KeepAlive());
        g.put(MessageType.PHONE_STATUS, r -> new PhoneMessage.PhoneStatus(r.maybe(() -> r.pick(OnOff.values())),
                r.maybe(() -> r.pick(OnOff.values())), r.maybe(r::index)));
        g.put(MessageType.OFF_HOOK, r -> new PhoneMessage.OffHook(r.maybe(r::index)));
        g.put(MessageType.ON_HOOK, r -> new PhoneMessage.OnHook(r.maybe(r::index)));
        g.put(MessageType.DIGIT, r -> new PhoneMessage.Digit("0123456789*#".charAt(r.random.nextInt(12)),
                r.maybe(r::callId)));
        g.put(MessageType.DIAL, r -> new PhoneMessage.Dial(r.dial(), r.maybe(r::index)));
        g.put(MessageType.SPEED_DIAL, r -> new PhoneMessage.SpeedDial(r.index()));
        g.put(MessageType.FORWARD, r -> new PhoneMessage.Forward(r.pick(ForwardType.values()), r.maybe(r::dial)));
        g.put(MessageType.HEADSET_STATUS, r -> new PhoneMessage.HeadsetStatus(r.pick(OnOff.values())));
        g.put(MessageType.SOFT_KEY_EVENT, r -> new PhoneMessage.SoftKeyEvent(r.pick(SoftKey.values()),
                r.maybe(r::callId), r.maybe(() -> r.intIn(0, WireLimits.MAX_INDEX))));
        g.put(MessageType.CALL_HISTORY, r -> new PhoneMessage.CallHistory(switch (r.random.nextInt(3)) {
            case 0 -> new PhoneMessage.HistoryQuery(r.pick(HistoryType.values()), r.intIn(1, WireLimits.MAX_LIST));
            case 1 -> new PhoneMessage.HistoryDeleteEntry(r.index());
            default -> new PhoneMessage.HistoryDeleteAll(r.pick(HistoryType.values()));
        }));
        g.put(MessageType.PHONE_BOOK, r -> new PhoneMessage.PhoneBook(r.pick(PhoneBookAction.values()), r.user()));
        g.put(MessageType.VOICE_MAIL, r -> new PhoneMessage.VoiceMail(r.maybe(r::dial)));
        g.put(MessageType.MEDIA_INFO, r -> new PhoneMessage.MediaInfo(r.callId(), r.media(),
                r.maybe(() -> r.token(16))));
        g.put(MessageType.LAYOUT_REQUEST, r -> new PhoneMessage.LayoutRequest());
        g.put(MessageType.PHONE_ACK, r -> new PhoneMessage.Ack());
        // Bridge -> phone
        g.put(MessageType.REGISTER_ACK, r -> new BridgeMessage.RegisterAck(r.intIn(1, 86_400), r.maybe(r::instant),
                r.list(WireLimits.MAX_LIST, r::line)));
        g.put(MessageType.REGISTER_REJECT, r -> new BridgeMessage.RegisterReject(r.intIn(100, 699), r.text(),
                r.maybe(() -> r.text())));
        g.put(MessageType.UNREGISTER_ACK, r -> new BridgeMessage.UnregisterAck());
        g.put(MessageType.KEEP_ALIVE_ACK, r -> new BridgeMessage.KeepAliveAck());
        g.put(MessageType.PHONE_LAYOUT, r -> new BridgeMessage.PhoneLayout(r.list(WireLimits.MAX_LIST, r::line),
                r.list(WireLimits.MAX_LIST, () -> new BridgeMessage.SpeedDialInfo(r.index(), r.text(), r.maybe(() -> r.text()))),
                r.list(WireLimits.MAX_LIST, () -> new BridgeMessage.SoftKeySet(r.pick(CallStateName.values()),
                        r.list(WireLimits.MAX_SOFT_KEYS_PER_SET, () -> r.pick(SoftKey.values())))),
                r.maybe(() -> r.text())));
        g.put(MessageType.CALL_STATE, r -> new BridgeMessage.CallState(r.callId(), r.index(),
                r.pick(CallStateName.values()), r.maybe(() -> new BridgeMessage.Party(r.maybe(() -> r.text()),
                        r.maybe(() -> r.text()), r.maybe(() -> r.pick(CallDirection.values()))))));
        g.put(MessageType.DISPLAY, r -> new BridgeMessage.Display(r.text(), r.intIn(0, 86_400)));
        g.put(MessageType.RINGER, r -> new BridgeMessage.Ringer(r.pick(RingerMode.values())));
        g.put(MessageType.TONE, r -> new BridgeMessage.Tone(r.pick(ToneType.values())));
        g.put(MessageType.OPEN_MEDIA, r -> new BridgeMessage.OpenMedia(r.callId(), r.codec()));
        g.put(MessageType.START_MEDIA, r -> new BridgeMessage.StartMedia(r.callId(), r.media(), r.codec(),
                r.pick(MediaDirection.values())));
        g.put(MessageType.STOP_MEDIA, r -> new BridgeMessage.StopMedia(r.callId()));
        g.put(MessageType.LAMP, r -> new BridgeMessage.Lamp(r.pick(LampType.values()), r.pick(LampMode.values()),
                r.maybe(() -> new BridgeMessage.MessageCounts(r.count(), r.count()))));
        g.put(MessageType.PHONE_BOOK_RESULT, r -> new BridgeMessage.PhoneBookResult(r.count(), r.intIn(100, 699),
                r.list(WireLimits.MAX_PHONE_BOOK_USERS, r::user)));
        g.put(MessageType.CALL_HISTORY_RESULT, r -> new BridgeMessage.CallHistoryResult(r.list(WireLimits.MAX_LIST,
                () -> new BridgeMessage.HistoryEntry(r.index(),
                        r.pick(new HistoryType[] {HistoryType.MISSED, HistoryType.RECEIVED, HistoryType.PLACED}),
                        r.text(), r.maybe(() -> r.text()), r.instant(), r.count()))));
        g.put(MessageType.FORWARD_STATUS, r -> new BridgeMessage.ForwardStatus(r.list(WireLimits.MAX_LIST,
                () -> new BridgeMessage.ForwardInfo(r.pick(ForwardType.values()), r.maybe(() -> r.text()),
                        r.random.nextBoolean()))));
        g.put(MessageType.ERROR, r -> new BridgeMessage.Error(r.intIn(100, 699), r.text()));
        g.put(MessageType.BRIDGE_ACK, r -> new BridgeMessage.Ack());
        g.put(MessageType.RESET, r -> new BridgeMessage.Reset(r.pick(ResetType.values())));
        return Collections.unmodifiableMap(g);
    }

    // Values

    PhoneBookEntry user() {
        return new PhoneBookEntry(maybe(() -> text()), maybe(() -> text()), maybe(() -> text()), maybe(() -> text()));
    }

    BridgeMessage.LineInfo line() {
        return new BridgeMessage.LineInfo(index(), text(), maybe(() -> text()));
    }

    BridgeMessage.CodecInfo codec() {
        return new BridgeMessage.CodecInfo(token(16), intIn(1, 1000));
    }

    CallId callId() {
        return new CallId(String.format("%08d", random.nextInt(100_000_000)));
    }

    MediaAddress media() {
        int port = switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 65535;
            default -> intIn(1, 65535);
        };
        return new MediaAddress(random.nextBoolean() ? ipv4() : ipv6(), port);
    }

    private String ipv4() {
        return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    private String ipv6() {
        return switch (random.nextInt(5)) {
            case 0 -> "::1";
            case 1 -> "::";
            case 2 -> "::ffff:" + ipv4();
            case 3 -> Integer.toHexString(0x2000 + random.nextInt(0x1000)) + ":db8::" + Integer.toHexString(random.nextInt(0x10000));
            default -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 8; i++) {
                    sb.append(i == 0 ? "" : ":").append(Integer.toHexString(random.nextInt(0x10000)));
                }
                yield random.nextBoolean() ? sb.toString() : sb.toString().toUpperCase();
            }
        };
    }

    Instant instant() {
        if (random.nextInt(50) == 0) {
            return random.nextBoolean() ? Instant.MIN : Instant.MAX; // years -1000000000 and +1000000000
        }
        long second = MIN_EPOCH_SECOND + (random.nextLong() & Long.MAX_VALUE) % (MAX_EPOCH_SECOND - MIN_EPOCH_SECOND);
        int nanos = switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nanos);
    }

    int index() {
        return switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> WireLimits.MAX_INDEX;
            default -> intIn(1, 99);
        };
    }

    int count() {
        return random.nextInt(4) == 0 ? Integer.MAX_VALUE : random.nextInt(1000);
    }

    int intIn(int min, int max) {
        return switch (random.nextInt(4)) {
            case 0 -> min;
            case 1 -> max;
            default -> min + random.nextInt(max - min + 1);
        };
    }

    <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Null in one case of three. */
    <T> T maybe(Supplier<T> value) {
        return random.nextInt(3) == 0 ? null : value.get();
    }

    /** Empty, full (as far as the budget allows) or in between. */
    <T> List<T> list(int max, Supplier<T> item) {
        int want = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> max;
            default -> random.nextInt(max + 1);
        };
        List<T> items = new ArrayList<>(want);
        while (items.size() < want && budget > 10 * ELEMENT_BYTES) {
            budget -= ELEMENT_BYTES;
            items.add(item.get());
        }
        return items;
    }

    // Strings

    /** 1..max printable ASCII characters without spaces, XML specials included. */
    String token(int max) {
        int length = 1 + random.nextInt(Math.max(1, Math.min(max, budget / WORST_BYTES_PER_CHAR)));
        budget -= length * WORST_BYTES_PER_CHAR;
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(random.nextInt(4) == 0 ? SPECIALS.charAt(random.nextInt(SPECIALS.length()))
                    : (char) ('!' + random.nextInt('~' - '!' + 1)));
        }
        return sb.toString();
    }

    String dial() {
        int length = 1 + random.nextInt(random.nextInt(8) == 0 ? WireLimits.MAX_DIAL_CHARS : 12);
        budget -= length;
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(DIAL_CHARS.charAt(random.nextInt(DIAL_CHARS.length())));
        }
        return sb.toString();
    }

    /** Free text: possibly empty, possibly the full 1024 chars, any character XML can carry. */
    String text() {
        int affordable = Math.min(WireLimits.MAX_VALUE_CHARS, Math.max(0, budget / WORST_BYTES_PER_CHAR));
        int length = switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> affordable;
            case 2, 3, 4 -> random.nextInt(Math.min(8, affordable) + 1);
            case 5, 6, 7 -> random.nextInt(Math.min(64, affordable) + 1);
            default -> random.nextInt(Math.min(256, affordable) + 1);
        };
        budget -= length * WORST_BYTES_PER_CHAR;
        StringBuilder sb = new StringBuilder(length);
        if (random.nextInt(40) == 0) {
            // The worst case for the encoded size: every char becomes &quot; or &amp;.
            while (sb.length() < length) {
                sb.append(random.nextBoolean() ? '"' : '&');
            }
            return sb.toString();
        }
        while (sb.length() < length) {
            int kind = random.nextInt(20);
            if (kind < 8) {
                sb.append((char) (' ' + random.nextInt(95)));
            } else if (kind < 11) {
                sb.append(SPECIALS.charAt(random.nextInt(SPECIALS.length())));
            } else if (kind < 13) {
                sb.append(WHITESPACE.charAt(random.nextInt(WHITESPACE.length())));
            } else if (kind < 16) {
                sb.append(SAMPLES.charAt(random.nextInt(SAMPLES.length())));
            } else if (kind < 18 && sb.length() + 2 <= length) {
                sb.appendCodePoint(0x10000 + random.nextInt(0x100000)); // beyond the BMP: a surrogate pair
            } else {
                int c = random.nextBoolean() ? 0x20 + random.nextInt(0xD800 - 0x20) : 0xE000 + random.nextInt(0xFFFE - 0xE000);
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
