package org.sscpbridge.phone;

import java.time.Instant;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallDirection;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.time.Scheduler;

/** One call as the phone sees it (SPEC §5). Confined to its phone session's thread. */
final class PhoneCall {
    final CallId id;
    final int line;
    final CallDirection direction;
    final Instant created;
    CallStateName state;
    final StringBuilder digits = new StringBuilder();
    String number = "";
    String name = "";
    SipCall sip;
    /** The phone's RTP address once MediaInfo told it. */
    MediaEndpoint phoneMedia;
    /** What to do once the phone's media address is known (send INVITE, answer). */
    Runnable onMediaReady;
    boolean mediaStarted;
    Instant answeredAt;
    Scheduler.Cancellable digitTimer;
    Scheduler.Cancellable mediaTimer;

    PhoneCall(CallId id, int line, CallDirection direction, CallStateName state, Instant created) {
        this.id = id;
        this.line = line;
        this.direction = direction;
        this.state = state;
        this.created = created;
    }

    BridgeMessage.Party party() {
        return number.isEmpty() ? null : new BridgeMessage.Party(number, name.isEmpty() ? null : name, direction);
    }

    void cancelTimers() {
        if (digitTimer != null) {
            digitTimer.cancel();
            digitTimer = null;
        }
        if (mediaTimer != null) {
            mediaTimer.cancel();
            mediaTimer = null;
        }
    }

    boolean isSetUp() {
        return state == CallStateName.CONNECTED || state == CallStateName.HOLD;
    }

    @Override
    public String toString() {
        return id.value() + " " + state + " " + direction + " " + number;
    }
}
