package org.sscpbridge.sscp.message;

import java.util.Optional;

/**
 * Every SSCP message of SPEC §2 with its log id, wire name and sender. The wire identifies a
 * message by name; "Ack" exists in both directions, so a name is only unique per direction.
 */
public enum MessageType {
    // Phone -> bridge
    REGISTER(1, "Register", Direction.PHONE),
    UNREGISTER(2, "Unregister", Direction.PHONE),
    KEEP_ALIVE(3, "KeepAlive", Direction.PHONE),
    PHONE_STATUS(4, "PhoneStatus", Direction.PHONE),
    OFF_HOOK(5, "OffHook", Direction.PHONE),
    ON_HOOK(6, "OnHook", Direction.PHONE),
    DIGIT(7, "Digit", Direction.PHONE),
    DIAL(8, "Dial", Direction.PHONE),
    SPEED_DIAL(9, "SpeedDial", Direction.PHONE),
    FORWARD(10, "Forward", Direction.PHONE),
    HEADSET_STATUS(11, "HeadsetStatus", Direction.PHONE),
    SOFT_KEY_EVENT(12, "SoftKeyEvent", Direction.PHONE),
    CALL_HISTORY(13, "CallHistory", Direction.PHONE),
    PHONE_BOOK(14, "PhoneBook", Direction.PHONE),
    VOICE_MAIL(15, "VoiceMail", Direction.PHONE),
    MEDIA_INFO(16, "MediaInfo", Direction.PHONE),
    LAYOUT_REQUEST(17, "LayoutRequest", Direction.PHONE),
    PHONE_ACK(18, "Ack", Direction.PHONE),
    // Bridge -> phone
    REGISTER_ACK(101, "RegisterAck", Direction.BRIDGE),
    REGISTER_REJECT(102, "RegisterReject", Direction.BRIDGE),
    UNREGISTER_ACK(103, "UnregisterAck", Direction.BRIDGE),
    KEEP_ALIVE_ACK(104, "KeepAliveAck", Direction.BRIDGE),
    PHONE_LAYOUT(105, "PhoneLayout", Direction.BRIDGE),
    CALL_STATE(106, "CallState", Direction.BRIDGE),
    DISPLAY(107, "Display", Direction.BRIDGE),
    RINGER(108, "Ringer", Direction.BRIDGE),
    TONE(109, "Tone", Direction.BRIDGE),
    OPEN_MEDIA(110, "OpenMedia", Direction.BRIDGE),
    START_MEDIA(111, "StartMedia", Direction.BRIDGE),
    STOP_MEDIA(112, "StopMedia", Direction.BRIDGE),
    LAMP(113, "Lamp", Direction.BRIDGE),
    PHONE_BOOK_RESULT(114, "PhoneBookResult", Direction.BRIDGE),
    CALL_HISTORY_RESULT(115, "CallHistoryResult", Direction.BRIDGE),
    FORWARD_STATUS(116, "ForwardStatus", Direction.BRIDGE),
    ERROR(117, "Error", Direction.BRIDGE),
    BRIDGE_ACK(118, "Ack", Direction.BRIDGE),
    RESET(119, "Reset", Direction.BRIDGE);

    private final int id;
    private final String wireName;
    private final Direction sender;

    MessageType(int id, String wireName, Direction sender) {
        this.id = id;
        this.wireName = wireName;
        this.sender = sender;
    }

    public int id() {
        return id;
    }

    public String wireName() {
        return wireName;
    }

    public Direction sender() {
        return sender;
    }

    /** The message of {@code sender} called {@code wireName} (case-sensitive, SPEC §1). */
    public static Optional<MessageType> byName(Direction sender, String wireName) {
        for (MessageType t : values()) {
            if (t.sender == sender && t.wireName.equals(wireName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a message of this type answers a request of type {@code request} that carried a seq
     * (SPEC §3): the request's specific answer, a plain Ack from the other side, or an Error.
     */
    public boolean answers(MessageType request) {
        if (sender == request.sender) {
            return false;
        }
        if (this == PHONE_ACK || this == BRIDGE_ACK || this == ERROR) {
            return true;
        }
        return switch (request) {
            case REGISTER -> this == REGISTER_ACK || this == REGISTER_REJECT;
            case UNREGISTER -> this == UNREGISTER_ACK;
            case KEEP_ALIVE -> this == KEEP_ALIVE_ACK;
            case FORWARD -> this == FORWARD_STATUS;
            case CALL_HISTORY -> this == CALL_HISTORY_RESULT;
            case PHONE_BOOK -> this == PHONE_BOOK_RESULT;
            case LAYOUT_REQUEST -> this == PHONE_LAYOUT;
            case OPEN_MEDIA -> this == MEDIA_INFO;
            default -> false;
        };
    }

    /**
     * Whether this type is only ever an answer (never a request that itself wants an answer).
     * PhoneLayout and ForwardStatus are not: they answer LayoutRequest and Forward, and the bridge
     * also pushes them (with seq, to be acknowledged) when a device's configuration or forwards
     * change from the operator's side; MediaInfo likewise answers OpenMedia.
     */
    public boolean isAnswerOnly() {
        return switch (this) {
            case PHONE_ACK, BRIDGE_ACK, ERROR, REGISTER_ACK, REGISTER_REJECT, UNREGISTER_ACK,
                    KEEP_ALIVE_ACK, CALL_HISTORY_RESULT, PHONE_BOOK_RESULT -> true;
            default -> false;
        };
    }
}
