package org.sscpbridge.phone;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.OutgoingOptions;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.TransferRequest;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.WireText;
import org.sscpbridge.sscp.message.CallDirection;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.time.Scheduler;

/**
 * One call as the phone sees it (SPEC §5–6): its phase and the data its effects need. Changed only
 * by {@link CallControl} on its phone session's thread.
 */
final class PhoneCall {
    /** Why a call was placed beside a held one. */
    enum Consult { TRANSFER, CONFERENCE }

    final CallId id;
    final int line;
    final CallDirection direction;
    final Instant created;
    CallPhase phase;
    String digits = "";
    String number = "";
    String name = "";
    SipCall sip;
    /** Bumped whenever {@link #sip} changes: events of an earlier dialog are dropped. */
    int sipGeneration;
    OutgoingOptions options = OutgoingOptions.NONE;
    /** The phone's RTP address once MediaInfo (or the Register) told it. */
    MediaEndpoint phoneMedia;
    /** The far end's media as last negotiated. */
    MediaSession media;
    boolean mediaStarted;
    Instant answeredAt;
    /** What the history will record when the call ends (null: nothing), and from when. */
    org.sscpbridge.feature.history.CallHistoryLog.Kind historyKind;
    Instant historyTime;
    final Map<CallTimer, Scheduler.Cancellable> timers = new EnumMap<>(CallTimer.class);
    /** The REFER this call was placed for (the far end transfers us): told how it goes. */
    TransferRequest referrer;
    /** The held call this one consults for (second press of Trnsfer / Confrm acts on both). */
    PhoneCall consultFor;
    Consult consult;
    /** The phone's own leg into the conference bridge: shown as CallState Conference once up. */
    boolean conferenceLeg;

    PhoneCall(CallId id, int line, CallDirection direction, CallPhase phase, Instant created) {
        this.id = id;
        this.line = line;
        this.direction = direction;
        this.phase = phase;
        this.created = created;
    }

    BridgeMessage.Party party() {
        // The number and name come from the SIP side (From header): fit them for the wire.
        return number.isEmpty() ? null : new BridgeMessage.Party(WireText.fit(number),
                name.isEmpty() ? null : WireText.fit(name), direction);
    }

    /** The wire state for {@code p}: the conference leg shows Conference where others show Connected. */
    CallStateName shown(CallPhase p) {
        return conferenceLeg && p == CallPhase.CONNECTED ? CallStateName.CONFERENCE : p.shown();
    }

    CallTransitions.CallView view() {
        return new CallTransitions.CallView(phase, digits, sip != null, Optional.ofNullable(media), referrer != null);
    }

    void cancelTimers() {
        timers.values().forEach(Scheduler.Cancellable::cancel);
        timers.clear();
    }

    @Override
    public String toString() {
        return id.value() + " " + phase + " " + direction + " " + number;
    }
}
