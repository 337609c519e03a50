package org.sscpbridge.sscp.codec;

import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SscpMessage;

/**
 * Dispatches on the message type between the SSCP root's children and a message record. Both
 * switches list every {@link MessageType} without a default branch, so that a new message type
 * does not compile until it is mapped in both directions.
 */
final class MessageMapper {
    private MessageMapper() {
    }

    /** The message of {@code type} held by {@code root}'s children. */
    static SscpMessage read(MessageType type, XmlElement root) {
        return switch (type) {
            case REGISTER -> PhoneMessageBodies.readRegister(root);
            case UNREGISTER -> new PhoneMessage.Unregister();
            case KEEP_ALIVE -> new PhoneMessage.KeepAlive();
            case PHONE_STATUS -> PhoneMessageBodies.readPhoneStatus(root);
            case OFF_HOOK -> PhoneMessageBodies.readOffHook(root);
            case ON_HOOK -> PhoneMessageBodies.readOnHook(root);
            case DIGIT -> PhoneMessageBodies.readDigit(root);
            case DIAL -> PhoneMessageBodies.readDial(root);
            case SPEED_DIAL -> PhoneMessageBodies.readSpeedDial(root);
            case FORWARD -> PhoneMessageBodies.readForward(root);
            case HEADSET_STATUS -> PhoneMessageBodies.readHeadsetStatus(root);
            case SOFT_KEY_EVENT -> PhoneMessageBodies.readSoftKeyEvent(root);
            case CALL_HISTORY -> PhoneMessageBodies.readCallHistory(root);
            case PHONE_BOOK -> PhoneMessageBodies.readPhoneBook(root);
            case VOICE_MAIL -> PhoneMessageBodies.readVoiceMail(root);
            case MEDIA_INFO -> PhoneMessageBodies.readMediaInfo(root);
            case LAYOUT_REQUEST -> new PhoneMessage.LayoutRequest();
            case PHONE_ACK -> new PhoneMessage.Ack();
            case REGISTER_ACK -> BridgeMessageBodies.readRegisterAck(root);
            case REGISTER_REJECT -> BridgeMessageBodies.readRegisterReject(root);
            case UNREGISTER_ACK -> new BridgeMessage.UnregisterAck();
            case KEEP_ALIVE_ACK -> new BridgeMessage.KeepAliveAck();
            case PHONE_LAYOUT -> BridgeMessageBodies.readPhoneLayout(root);
            case CALL_STATE -> BridgeMessageBodies.readCallState(root);
            case DISPLAY -> BridgeMessageBodies.readDisplay(root);
            case RINGER -> BridgeMessageBodies.readRinger(root);
            case TONE -> BridgeMessageBodies.readTone(root);
            case OPEN_MEDIA -> BridgeMessageBodies.readOpenMedia(root);
            case START_MEDIA -> BridgeMessageBodies.readStartMedia(root);
            case STOP_MEDIA -> BridgeMessageBodies.readStopMedia(root);
            case LAMP -> BridgeMessageBodies.readLamp(root);
            case PHONE_BOOK_RESULT -> BridgeMessageBodies.readPhoneBookResult(root);
            case CALL_HISTORY_RESULT -> BridgeMessageBodies.readCallHistoryResult(root);
            case FORWARD_STATUS -> BridgeMessageBodies.readForwardStatus(root);
            case ERROR -> BridgeMessageBodies.readError(root);
            case BRIDGE_ACK -> new BridgeMessage.Ack();
            case RESET -> BridgeMessageBodies.readReset(root);
        };
    }

    /** Writes the children of the SSCP root for {@code message}. */
    static void write(SscpMessage message, XmlOut out) {
        switch (message.type()) {
            case REGISTER -> PhoneMessageBodies.writeRegister((PhoneMessage.Register) message, out);
            case PHONE_STATUS -> PhoneMessageBodies.writePhoneStatus((PhoneMessage.PhoneStatus) message, out);
            case OFF_HOOK -> PhoneMessageBodies.writeOffHook((PhoneMessage.OffHook) message, out);
            case ON_HOOK -> PhoneMessageBodies.writeOnHook((PhoneMessage.OnHook) message, out);
            case DIGIT -> PhoneMessageBodies.writeDigit((PhoneMessage.Digit) message, out);
            case DIAL -> PhoneMessageBodies.writeDial((PhoneMessage.Dial) message, out);
            case SPEED_DIAL -> PhoneMessageBodies.writeSpeedDial((PhoneMessage.SpeedDial) message, out);
            case FORWARD -> PhoneMessageBodies.writeForward((PhoneMessage.Forward) message, out);
            case HEADSET_STATUS -> PhoneMessageBodies.writeHeadsetStatus((PhoneMessage.HeadsetStatus) message, out);
            case SOFT_KEY_EVENT -> PhoneMessageBodies.writeSoftKeyEvent((PhoneMessage.SoftKeyEvent) message, out);
            case CALL_HISTORY -> PhoneMessageBodies.writeCallHistory((PhoneMessage.CallHistory) message, out);
            case PHONE_BOOK -> PhoneMessageBodies.writePhoneBook((PhoneMessage.PhoneBook) message, out);
            case VOICE_MAIL -> PhoneMessageBodies.writeVoiceMail((PhoneMessage.VoiceMail) message, out);
            case MEDIA_INFO -> PhoneMessageBodies.writeMediaInfo((PhoneMessage.MediaInfo) message, out);
            case REGISTER_ACK -> BridgeMessageBodies.writeRegisterAck((BridgeMessage.RegisterAck) message, out);
            case REGISTER_REJECT -> BridgeMessageBodies.writeRegisterReject((BridgeMessage.RegisterReject) message, out);
            case PHONE_LAYOUT -> BridgeMessageBodies.writePhoneLayout((BridgeMessage.PhoneLayout) message, out);
            case CALL_STATE -> BridgeMessageBodies.writeCallState((BridgeMessage.CallState) message, out);
            case DISPLAY -> BridgeMessageBodies.writeDisplay((BridgeMessage.Display) message, out);
            case RINGER -> BridgeMessageBodies.writeRinger((BridgeMessage.Ringer) message, out);
            case TONE -> BridgeMessageBodies.writeTone((BridgeMessage.Tone) message, out);
            case OPEN_MEDIA -> BridgeMessageBodies.writeOpenMedia((BridgeMessage.OpenMedia) message, out);
            case START_MEDIA -> BridgeMessageBodies.writeStartMedia((BridgeMessage.StartMedia) message, out);
            case STOP_MEDIA -> BridgeMessageBodies.writeStopMedia((BridgeMessage.StopMedia) message, out);
            case LAMP -> BridgeMessageBodies.writeLamp((BridgeMessage.Lamp) message, out);
            case PHONE_BOOK_RESULT -> BridgeMessageBodies.writePhoneBookResult((BridgeMessage.PhoneBookResult) message, out);
            case CALL_HISTORY_RESULT -> BridgeMessageBodies.writeCallHistoryResult((BridgeMessage.CallHistoryResult) message, out);
            case FORWARD_STATUS -> BridgeMessageBodies.writeForwardStatus((BridgeMessage.ForwardStatus) message, out);
            case ERROR -> BridgeMessageBodies.writeError((BridgeMessage.Error) message, out);
            case RESET -> BridgeMessageBodies.writeReset((BridgeMessage.Reset) message, out);
            case UNREGISTER, KEEP_ALIVE, LAYOUT_REQUEST, PHONE_ACK, UNREGISTER_ACK, KEEP_ALIVE_ACK, BRIDGE_ACK -> {
                // no body
            }
        }
    }
}
