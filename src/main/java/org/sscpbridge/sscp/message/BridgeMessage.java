package org.sscpbridge.sscp.message;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Messages the bridge sends to a phone (SPEC §2, ids 101–119).
 *
 * <p>Optional values are {@code null} when absent; lists are immutable copies and never null
 * (an absent repeated element is an empty list). Where the spec gives a default (Display timeout
 * 0, StartMedia direction SendRecv, Lamp type MessageWaiting, Codec ptime 20) the field holds it.
 */
public sealed interface BridgeMessage extends SscpMessage {

    /** 101 RegisterAck: keepalive interval in seconds, the bridge's clock (null if not sent), the lines. */
    record RegisterAck(int keepaliveSeconds, Instant time, List<LineInfo> lines) implements BridgeMessage {
        public RegisterAck {
            Checks.range(keepaliveSeconds, 1, 86_400, "keepalive");
            lines = Checks.list(lines, WireLimits.MAX_LIST, "lines");
        }

        @Override
        public MessageType type() {
            return MessageType.REGISTER_ACK;
        }
    }

    /** A line of the phone: {@code <Line id number label/>}; label null if absent. */
    record LineInfo(int id, String number, String label) {
        public LineInfo {
            Checks.range(id, 1, WireLimits.MAX_INDEX, "line id");
            Checks.text(number, "line number");
            Checks.optionalText(label, "line label");
        }
    }

    /**
     * 102 RegisterReject: reason code and text (empty if absent); for a challenge, code 401 and
     * the nonce to sign (null otherwise).
     */
    record RegisterReject(int code, String text, String challengeNonce) implements BridgeMessage {
        public RegisterReject {
            Checks.range(code, 100, 699, "reason code");
            Checks.text(text, "reason text");
            Checks.optionalText(challengeNonce, "challenge nonce");
        }

        @Override
        public MessageType type() {
            return MessageType.REGISTER_REJECT;
        }
    }

    /** 103 UnregisterAck. */
    record UnregisterAck() implements BridgeMessage {
        @Override
        public MessageType type() {
            return MessageType.UNREGISTER_ACK;
        }
    }

    /** 104 KeepAliveAck. */
    record KeepAliveAck() implements BridgeMessage {
        @Override
        public MessageType type() {
            return MessageType.KEEP_ALIVE_ACK;
        }
    }

    /** 105 PhoneLayout: lines, speed dials, soft key sets per call state, title (null if none). */
    record PhoneLayout(List<LineInfo> lines, List<SpeedDialInfo> speedDials, List<SoftKeySet> softKeySets, String title)
            implements BridgeMessage {
        public PhoneLayout {
            lines = Checks.list(lines, WireLimits.MAX_LIST, "lines");
            speedDials = Checks.list(speedDials, WireLimits.MAX_LIST, "speed dials");
            softKeySets = Checks.list(softKeySets, WireLimits.MAX_LIST, "soft key sets");
            Checks.optionalText(title, "title");
        }

        @Override
        public MessageType type() {
            return MessageType.PHONE_LAYOUT;
        }
    }

    /** A speed dial button: {@code <SpeedDial index number label/>}; label null if absent. */
    record SpeedDialInfo(int index, String number, String label) {
        public SpeedDialInfo {
            Checks.range(index, 1, WireLimits.MAX_INDEX, "speed dial index");
            Checks.text(number, "speed dial number");
            Checks.optionalText(label, "speed dial label");
        }
    }

    /** The soft keys shown in call state {@code state}, in order: {@code <SoftKeySet state keys="2,1,5"/>}. */
    record SoftKeySet(CallStateName state, List<SoftKey> keys) {
        public SoftKeySet {
            Objects.requireNonNull(state, "state");
            keys = Checks.list(keys, WireLimits.MAX_SOFT_KEYS_PER_SET, "soft keys");
        }
    }

    /** 106 CallState: call {@code callId} on {@code line} is now in {@code state}; party null if unknown. */
    record CallState(CallId callId, int line, CallStateName state, Party party) implements BridgeMessage {
        public CallState {
            Objects.requireNonNull(callId, "call id");
            Checks.range(line, 1, WireLimits.MAX_INDEX, "line");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public MessageType type() {
            return MessageType.CALL_STATE;
        }
    }

    /** The far party of a call; each field null when unknown. */
    record Party(String number, String name, CallDirection direction) {
        public Party {
            Checks.optionalText(number, "party number");
            Checks.optionalText(name, "party name");
        }
    }

    /** 107 Display: show {@code text} for {@code timeoutSeconds} (0 = until replaced; empty text clears). */
    record Display(String text, int timeoutSeconds) implements BridgeMessage {
        public Display {
            Checks.text(text, "display text");
            Checks.range(timeoutSeconds, 0, 86_400, "timeout");
        }

        @Override
        public MessageType type() {
            return MessageType.DISPLAY;
        }
    }

    /** 108 Ringer. */
    record Ringer(RingerMode mode) implements BridgeMessage {
        public Ringer {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public MessageType type() {
            return MessageType.RINGER;
        }
    }

    /** 109 Tone. */
    record Tone(ToneType tone) implements BridgeMessage {
        public Tone {
            Objects.requireNonNull(tone, "tone");
        }

        @Override
        public MessageType type() {
            return MessageType.TONE;
        }
    }

    /** A media codec: {@code <Codec name ptime/>}, packet time in milliseconds (default 20). */
    record CodecInfo(String name, int ptimeMillis) {
        public static final int DEFAULT_PTIME = 20;

        public CodecInfo {
            Checks.token(name, "codec name");
            Checks.range(ptimeMillis, 1, 1000, "ptime");
        }
    }

    /** 110 OpenMedia: open an RTP receive port for {@code callId} and answer MediaInfo. */
    record OpenMedia(CallId callId, CodecInfo codec) implements BridgeMessage {
        public OpenMedia {
            Objects.requireNonNull(callId, "call id");
            Objects.requireNonNull(codec, "codec");
        }

        @Override
        public MessageType type() {
            return MessageType.OPEN_MEDIA;
        }
    }

    /** 111 StartMedia: send to / receive from {@code remote} with {@code codec}. */
    record StartMedia(CallId callId, MediaAddress remote, CodecInfo codec, MediaDirection direction)
            implements BridgeMessage {
        public StartMedia {
            Objects.requireNonNull(callId, "call id");
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(codec, "codec");
            Objects.requireNonNull(direction, "direction");
        }

        @Override
        public MessageType type() {
            return MessageType.START_MEDIA;
        }
    }

    /** 112 StopMedia. */
    record StopMedia(CallId callId) implements BridgeMessage {
        public StopMedia {
            Objects.requireNonNull(callId, "call id");
        }

        @Override
        public MessageType type() {
            return MessageType.STOP_MEDIA;
        }
    }

    /** 113 Lamp: light {@code lampType} as {@code mode}; message counts null if not sent. */
    record Lamp(LampType lampType, LampMode mode, MessageCounts messages) implements BridgeMessage {
        public Lamp {
            Objects.requireNonNull(lampType, "lamp type");
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public MessageType type() {
            return MessageType.LAMP;
        }
    }

    /** Voice mail counts: {@code <Messages new old/>}. */
    record MessageCounts(int newCount, int oldCount) {
        public MessageCounts {
            Checks.range(newCount, 0, Integer.MAX_VALUE, "new messages");
            Checks.range(oldCount, 0, Integer.MAX_VALUE, "old messages");
        }
    }

    /** 114 PhoneBookResult: result code, total matches, and at most 32 users. */
    record PhoneBookResult(int total, int code, List<PhoneBookEntry> users) implements BridgeMessage {
        public PhoneBookResult {
            Checks.range(total, 0, Integer.MAX_VALUE, "total");
            Checks.range(code, 100, 699, "result code");
            users = Checks.list(users, WireLimits.MAX_PHONE_BOOK_USERS, "users");
        }

        @Override
        public MessageType type() {
            return MessageType.PHONE_BOOK_RESULT;
        }
    }

    /** 115 CallHistoryResult. */
    record CallHistoryResult(List<HistoryEntry> entries) implements BridgeMessage {
        public CallHistoryResult {
            entries = Checks.list(entries, WireLimits.MAX_LIST, "entries");
        }

        @Override
        public MessageType type() {
            return MessageType.CALL_HISTORY_RESULT;
        }
    }

    /**
     * A call history entry: {@code <Entry index type number name time duration/>}; type is
     * Missed, Received or Placed (never All); number may be empty (anonymous); name null if unknown.
     */
    record HistoryEntry(int index, HistoryType historyType, String number, String name, Instant time,
            int durationSeconds) {
        public HistoryEntry {
            Checks.range(index, 1, WireLimits.MAX_INDEX, "index");
            Objects.requireNonNull(historyType, "type");
            if (historyType == HistoryType.ALL) {
                throw new IllegalArgumentException("a history entry's type cannot be All");
            }
            Checks.text(number, "number");
            Checks.optionalText(name, "name");
            Objects.requireNonNull(time, "time");
            Checks.range(durationSeconds, 0, Integer.MAX_VALUE, "duration");
        }
    }

    /** 116 ForwardStatus: the phone's forwards. */
    record ForwardStatus(List<ForwardInfo> forwards) implements BridgeMessage {
        public ForwardStatus {
            forwards = Checks.list(forwards, WireLimits.MAX_LIST, "forwards");
        }

        @Override
        public MessageType type() {
            return MessageType.FORWARD_STATUS;
        }
    }

    /** One forward: {@code <Forward type number active/>}; number null if none is set. */
    record ForwardInfo(ForwardType forwardType, String number, boolean active) {
        public ForwardInfo {
            Objects.requireNonNull(forwardType, "forward type");
            Checks.optionalText(number, "number");
        }
    }

    /** 117 Error: answer to a message the bridge could not accept: code as in HTTP/SIP (400, 401, 413, ...). */
    record Error(int code, String text) implements BridgeMessage {
        public Error {
            Checks.range(code, 100, 699, "code");
            Checks.text(text, "text");
        }

        @Override
        public MessageType type() {
            return MessageType.ERROR;
        }
    }

    /** 118 Ack: echoes the seq of a phone message that has no answer of its own. */
    record Ack() implements BridgeMessage {
        @Override
        public MessageType type() {
            return MessageType.BRIDGE_ACK;
        }
    }

    /** 119 Reset: the bridge is going away (Restart) or wants the phone to register again. */
    record Reset(ResetType resetType) implements BridgeMessage {
        public Reset {
            Objects.requireNonNull(resetType, "reset type");
        }

        @Override
        public MessageType type() {
            return MessageType.RESET;
        }
    }
}
