package org.sscpbridge.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.sip.sdp.Codec;
import org.sscpbridge.sip.sdp.Direction;
import org.sscpbridge.sip.sdp.MediaOffer;
import org.sscpbridge.sip.sdp.NegotiatedMedia;

/**
 * What outgoing and incoming calls share: the dialog, the listener, BYE and INFO, and the end of
 * the call (told once, then forgotten by the agent). Every transition holds this object's lock;
 * listeners are called outside it.
 */
abstract class SipCallBase implements SipCall {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallBase.class);
    private static final int PTIME = 20;

    /** Where the call stands on the SIP side. */
    enum State { CALLING, EARLY, CONFIRMED, ENDED }

    final SipCallAgent agent;
    final String callId;
    State state = State.CALLING;
    Dialog dialog;
    CallListener listener;

    SipCallBase(SipCallAgent agent, String callId, CallListener listener) {
        this.agent = agent;
        this.callId = callId;
        this.listener = listener;
    }

    @Override
    public String sipCallId() {
        return callId;
    }

    /** Our tag in the dialog: From tag of an outgoing call, To tag of an incoming one. */
    abstract String localTag();

    /** Sends BYE in the confirmed dialog; the call ends at once whatever the far end answers. */
    void sendBye() {
        Dialog d = dialog;
        if (d == null || d.getState() == DialogState.TERMINATED) {
            return;
        }
        try {
            Request bye = d.createRequest(Request.BYE);
            agent.ua.sendInDialog(d, bye, IGNORE);
        } catch (SipException e) {
            LOG.warn("call {}: BYE not sent: {}", callId, e.getMessage());
        }
    }

    @Override
    public void sendDtmf(char digit) {
        Dialog d;
        synchronized (this) {
            if (state != State.CONFIRMED) {
                return;
            }
            d = dialog;
        }
        try {
            Request info = d.createRequest(Request.INFO);
            byte[] body = ("Signal=" + digit + "\r\nDuration=160\r\n").getBytes(StandardCharsets.US_ASCII);
            info.setContent(body, agent.ua.headers().createContentTypeHeader("application", "dtmf-relay"));
            agent.ua.sendInDialog(d, info, IGNORE);
        } catch (SipException | ParseException e) {
            LOG.warn("call {}: DTMF {} not sent: {}", callId, digit, e.getMessage());
        }
    }

    /** Marks the call ended (once) and forgets it; returns false when it had already ended. */
    synchronized boolean end() {
        if (state == State.ENDED) {
            return false;
        }
        state = State.ENDED;
        agent.forget(this);
        return true;
    }

    void failed(int status, String reason) {
        if (end()) {
            listener().onFailed(status, reason);
        }
    }

    void ended(String reason) {
        if (end()) {
            listener().onEnded(reason);
        }
    }

    synchronized CallListener listener() {
        return listener;
    }

    void onAck(Request ack) {
        // Only incoming calls wait for ACK.
    }

    void onCancel() {
        // Only unanswered incoming calls can be cancelled.
    }

    void onBye() {
        ended("far end hung up");
    }

    /**
     * A dialog of this Call-ID and tag ended. Only the call's current dialog counts: an INVITE
     * answered 401/407 leaves an early dialog that the stack ends seconds later, while the
     * authorized INVITE's dialog carries the call on.
     */
    void onDialogGone(Dialog gone) {
        State s;
        synchronized (this) {
            if (gone != dialog) {
                return;
            }
            s = state;
        }
        if (s == State.CONFIRMED) {
            ended("dialog ended");
        } else if (s != State.ENDED) {
            failed(Response.REQUEST_TIMEOUT, "dialog ended before the call was answered");
        }
    }

    void onStrayResponse(ResponseEvent event) {
        // Only outgoing calls see retransmitted 2xx.
    }

    /** A re-INVITE (hold, session refresh): answered with the same media, nothing changes here. */
    void onReInvite(Request request, ServerTransaction tx) throws SipException, InvalidArgumentException,
            ParseException {
        tx.sendResponse(agent.ua.messages().createResponse(Response.NOT_ACCEPTABLE_HERE, request));
    }

    static MediaOffer offerOf(MediaEndpoint phone) {
        List<Codec> codecs = new ArrayList<>();
        for (String name : phone.codecs()) {
            Codec.byName(name).ifPresent(codecs::add);
        }
        if (codecs.isEmpty()) {
            codecs.add(Codec.PCMU);
        }
        codecs.add(Codec.TELEPHONE_EVENT);
        return new MediaOffer(phone.ip(), phone.port(), codecs, PTIME, Direction.SEND_RECV);
    }

    static MediaSession sessionOf(NegotiatedMedia m) {
        return new MediaSession(m.remoteIp(), m.remotePort(), m.codec().name(), m.ptimeMillis(), switch (m.direction()) {
            case SEND_RECV -> MediaSession.MediaMode.SEND_RECV;
            case SEND_ONLY -> MediaSession.MediaMode.SEND_ONLY;
            case RECV_ONLY -> MediaSession.MediaMode.RECV_ONLY;
            case INACTIVE -> MediaSession.MediaMode.INACTIVE;
        });
    }

    static Optional<byte[]> sdpOf(javax.sip.message.Message m) {
        byte[] b = SipCallAgent.body(m);
        return b.length == 0 ? Optional.empty() : Optional.of(b);
    }

    /** For requests whose answer changes nothing (BYE, INFO): logged when they fail. */
    static final TransactionHandler IGNORE = new TransactionHandler() {
        @Override
        public void onResponse(ResponseEvent event) {
            // Nothing to do: the call already moved on.
        }

        @Override
        public void onNoFinalResponse(String why) {
            LOG.debug("in-dialog request unanswered: {}", why);
        }
    };
}
