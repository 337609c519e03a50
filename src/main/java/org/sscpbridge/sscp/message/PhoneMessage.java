package org.sscpbridge.sscp.message;

import java.util.Objects;

/**
 * Messages a phone sends to the bridge (SPEC §2, ids 1–18).
 *
 * <p>Optional values are {@code null} when absent (the wire omits the attribute or element);
 * where the spec gives a default (Forward type All, PhoneBook action Search, CallHistory Query
 * type All / max 20) the field holds the default instead and is never null.
 */
public sealed interface PhoneMessage extends SscpMessage {

    /**
     * 1 Register: the device, optionally its RTP receive address and, only after a challenge,
     * its answer {@code hex(HMAC-SHA256(secret, nonce + device id))}.
     */
    record Register(String deviceId, String model, String firmware, MediaAddress media, String authResponse)
            implements PhoneMessage {
        public Register {
            Checks.token(deviceId, "device id");
            Checks.optionalText(model, "model");
            Checks.optionalText(firmware, "firmware");
            Checks.optionalText(authResponse, "auth response");
        }

        @Override
        public MessageType type() {
            return MessageType.REGISTER;
        }
    }

    /** 2 Unregister. */
    record Unregister() implements PhoneMessage {
        @Override
        public MessageType type() {
            return MessageType.UNREGISTER;
        }
    }

    /** 3 KeepAlive. */
    record KeepAlive() implements PhoneMessage {
        @Override
        public MessageType type() {
            return MessageType.KEEP_ALIVE;
        }
    }

    /** 4 PhoneStatus: any of hook state (On = on-hook), do-not-disturb, selected line; each may be null. */
    record PhoneStatus(OnOff hook, OnOff dnd, Integer line) implements PhoneMessage {
        public PhoneStatus {
            Checks.optionalRange(line, 1, WireLimits.MAX_INDEX, "line");
        }

        @Override
        public MessageType type() {
            return MessageType.PHONE_STATUS;
        }
    }

    /** 5 OffHook, on {@code line} or (null) the first line / the ringing call's line. */
    record OffHook(Integer line) implements PhoneMessage {
        public OffHook {
            Checks.optionalRange(line, 1, WireLimits.MAX_INDEX, "line");
        }

        @Override
        public MessageType type() {
            return MessageType.OFF_HOOK;
        }
    }

    /** 6 OnHook, optionally naming the line. */
    record OnHook(Integer line) implements PhoneMessage {
        public OnHook {
            Checks.optionalRange(line, 1, WireLimits.MAX_INDEX, "line");
        }

        @Override
        public MessageType type() {
            return MessageType.ON_HOOK;
        }
    }

    /** 7 Digit: one key of {@code 0-9 * #}; with a call id when pressed mid-call (sent as DTMF). */
    record Digit(char key, CallId callId) implements PhoneMessage {
        public Digit {
            if (!isKey(key)) {
                throw new IllegalArgumentException("digit key must be one of 0-9 * #: " + Checks.quote(String.valueOf(key)));
            }
        }

        public static boolean isKey(char c) {
            return (c >= '0' && c <= '9') || c == '*' || c == '#';
        }

        @Override
        public MessageType type() {
            return MessageType.DIGIT;
        }
    }

    /** 8 Dial: a whole number at once (en-bloc), optionally on a given line. */
    record Dial(String number, Integer line) implements PhoneMessage {
        public Dial {
            Checks.dialString(number, "number");
            Checks.optionalRange(line, 1, WireLimits.MAX_INDEX, "line");
        }

        @Override
        public MessageType type() {
            return MessageType.DIAL;
        }
    }

    /** 9 SpeedDial: the speed dial index as laid out by PhoneLayout (the seed's {@code number}). */
    record SpeedDial(int index) implements PhoneMessage {
        public SpeedDial {
            Checks.range(index, 1, WireLimits.MAX_INDEX, "speed dial index");
        }

        @Override
        public MessageType type() {
            return MessageType.SPEED_DIAL;
        }
    }

    /**
     * 10 Forward: set the forward of {@code forwardType} to {@code number}, or cancel it when number is
     * null. An empty number means cancel too and is stored as null.
     */
    record Forward(ForwardType forwardType, String number) implements PhoneMessage {
        public Forward {
            Objects.requireNonNull(forwardType, "forward type");
            number = number == null || number.isEmpty() ? null : Checks.dialString(number, "number");
        }

        public boolean isCancel() {
            return number == null;
        }

        @Override
        public MessageType type() {
            return MessageType.FORWARD;
        }
    }

    /** 11 HeadsetStatus: headset On or Off (the seed's literal "On/Off" is not a value). */
    record HeadsetStatus(OnOff mode) implements PhoneMessage {
        public HeadsetStatus {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public MessageType type() {
            return MessageType.HEADSET_STATUS;
        }
    }

    /**
     * 12 SoftKeyEvent: the key pressed, the call it applies to (null on an idle phone) and the
     * pickup group (null unless given; meaningful for GrpCallPickUp only).
     */
    record SoftKeyEvent(SoftKey key, CallId callId, Integer group) implements PhoneMessage {
        public SoftKeyEvent {
            Objects.requireNonNull(key, "key");
            Checks.optionalRange(group, 0, WireLimits.MAX_INDEX, "group");
        }

        @Override
        public MessageType type() {
            return MessageType.SOFT_KEY_EVENT;
        }
    }

    /** 13 CallHistory: one query or one deletion. */
    record CallHistory(HistoryRequest request) implements PhoneMessage {
        public CallHistory {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public MessageType type() {
            return MessageType.CALL_HISTORY;
        }
    }

    /** What a CallHistory asks for. */
    sealed interface HistoryRequest permits HistoryQuery, HistoryDeleteEntry, HistoryDeleteAll {
    }

    /** {@code <Query type max/>}: at most {@code max} entries of list {@code type}. */
    record HistoryQuery(HistoryType historyType, int max) implements HistoryRequest {
        public static final int DEFAULT_MAX = 20;

        public HistoryQuery {
            Objects.requireNonNull(historyType, "type");
            Checks.range(max, 1, WireLimits.MAX_LIST, "max");
        }
    }

    /** {@code <Delete index/>}: delete one entry. */
    record HistoryDeleteEntry(int index) implements HistoryRequest {
        public HistoryDeleteEntry {
            Checks.range(index, 1, WireLimits.MAX_INDEX, "index");
        }
    }

    /** {@code <Delete type/>}: delete every entry of list {@code type} (All: every list). */
    record HistoryDeleteAll(HistoryType historyType) implements HistoryRequest {
        public HistoryDeleteAll {
            Objects.requireNonNull(historyType, "type");
        }
    }

    /**
     * 14 PhoneBook: search (default), store or delete {@code user}; a search answers the matches
     * from the {@code start}-th on (0 = the first; project decision, for paging past 32).
     */
    record PhoneBook(PhoneBookAction action, PhoneBookEntry user, int start) implements PhoneMessage {
        public PhoneBook {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(user, "user");
            Checks.range(start, 0, WireLimits.MAX_INDEX, "start");
        }

        public PhoneBook(PhoneBookAction action, PhoneBookEntry user) {
            this(action, user, 0);
        }

        @Override
        public MessageType type() {
            return MessageType.PHONE_BOOK;
        }
    }

    /** 15 VoiceMail: call the voice mail pilot for {@code mailbox} or (null) the line's own. */
    record VoiceMail(String mailbox) implements PhoneMessage {
        public VoiceMail {
            if (mailbox != null) {
                Checks.dialString(mailbox, "mailbox");
            }
        }

        @Override
        public MessageType type() {
            return MessageType.VOICE_MAIL;
        }
    }

    /** 16 MediaInfo: answer to OpenMedia, the phone's RTP receive address; codec null if not said. */
    record MediaInfo(CallId callId, MediaAddress media, String codec) implements PhoneMessage {
        public MediaInfo {
            Objects.requireNonNull(callId, "call id");
            Objects.requireNonNull(media, "media");
            Checks.optionalToken(codec, "codec");
        }

        @Override
        public MessageType type() {
            return MessageType.MEDIA_INFO;
        }
    }

    /** 17 LayoutRequest. */
    record LayoutRequest() implements PhoneMessage {
        @Override
        public MessageType type() {
            return MessageType.LAYOUT_REQUEST;
        }
    }

    /** 18 Ack: echoes the seq of a bridge message that has no answer of its own. */
    record Ack() implements PhoneMessage {
        @Override
        public MessageType type() {
            return MessageType.PHONE_ACK;
        }
    }
}
