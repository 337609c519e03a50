package org.sscpbridge.tools.phone;

import java.net.InetSocketAddress;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SscpMessage;
import org.sscpbridge.sscp.transport.Inbound;
import org.sscpbridge.time.Scheduler;
import org.sscpbridge.tools.phone.rtp.MediaEngine;

/**
 * What the simulated phone does with each message from the bridge: acknowledge what carries a
 * seq (OpenMedia is answered with MediaInfo instead), update the screen, run media, and hand
 * registration matters to the {@link RegistrationClient}.
 *
 * <p>Thread-safety: not thread-safe; confined to the phone's executor.
 */
final class BridgeMessageHandler {
    private static final String CODEC = "PCMU";

    private final PhoneScreen screen;
    private final MediaEngine media;
    private final MediaAddress mediaAddress;
    private final RegistrationClient registration;
    private final Scheduler scheduler;
    private final PhoneEvents events;

    BridgeMessageHandler(PhoneScreen screen, MediaEngine media, MediaAddress mediaAddress,
            RegistrationClient registration, Scheduler scheduler, PhoneEvents events) {
        this.screen = screen;
        this.media = media;
        this.mediaAddress = mediaAddress;
        this.registration = registration;
        this.scheduler = scheduler;
        this.events = events;
    }

    void handle(Inbound inbound) {
        SscpMessage message = inbound.message();
        if (inbound.type() == MessageType.OPEN_MEDIA) {
            BridgeMessage.OpenMedia open = (BridgeMessage.OpenMedia) message;
            // The answer is MediaInfo (it also acknowledges the seq); the socket is already open.
            inbound.reply(new PhoneMessage.MediaInfo(open.callId(), mediaAddress, CODEC));
            return;
        }
        if (!inbound.isAnswer()) {
            inbound.ack(); // "Ack if seq": does nothing for a frame without seq
        }
        switch (inbound.type()) {
            case REGISTER_ACK -> registration.onRegisterAck((BridgeMessage.RegisterAck) message);
            case REGISTER_REJECT -> registration.onRegisterReject((BridgeMessage.RegisterReject) message);
            case UNREGISTER_ACK -> {
                registration.onUnregisterAck();
                media.stopAll();
            }
            case KEEP_ALIVE_ACK -> {
                return; // nothing changes on the screen
            }
            case PHONE_LAYOUT -> screen.layout((BridgeMessage.PhoneLayout) message);
            case CALL_STATE -> onCallState((BridgeMessage.CallState) message);
            case DISPLAY -> screen.display((BridgeMessage.Display) message, scheduler.now());
            case RINGER -> screen.ringer(((BridgeMessage.Ringer) message).mode());
            case TONE -> screen.tone(((BridgeMessage.Tone) message).tone());
            case START_MEDIA -> onStartMedia((BridgeMessage.StartMedia) message);
            case STOP_MEDIA -> media.stop(((BridgeMessage.StopMedia) message).callId().value());
            case LAMP -> screen.lamp((BridgeMessage.Lamp) message);
            case PHONE_BOOK_RESULT -> screen.phoneBook((BridgeMessage.PhoneBookResult) message);
            case CALL_HISTORY_RESULT -> screen.history((BridgeMessage.CallHistoryResult) message);
            case FORWARD_STATUS -> screen.forwards(((BridgeMessage.ForwardStatus) message).forwards());
            case ERROR -> onError((BridgeMessage.Error) message);
            case RESET -> {
                media.stopAll();
                registration.onSessionLost("bridge sent Reset " + ((BridgeMessage.Reset) message).resetType().wireName());
            }
            default -> events.notice("ignored " + inbound.type().wireName());
        }
        events.screenChanged();
    }

    private void onCallState(BridgeMessage.CallState state) {
        screen.callState(state);
        if (state.state() == CallStateName.IDLE) {
            media.stop(state.callId().value());
        }
    }

    private void onStartMedia(BridgeMessage.StartMedia start) {
        MediaDirection direction = start.direction();
        boolean send = direction == MediaDirection.SEND_RECV || direction == MediaDirection.SEND_ONLY;
        InetSocketAddress remote = new InetSocketAddress(start.remote().ip(), start.remote().port());
        media.start(start.callId().value(), remote, send);
    }

    private void onError(BridgeMessage.Error error) {
        screen.error(error.code() + " " + error.text());
        if (error.code() == 401 && screen.registration() == Registration.REGISTERED) {
            screen.registration(Registration.UNREGISTERED);
            registration.onSessionLost("bridge answered 401 " + error.text());
        }
    }
}
