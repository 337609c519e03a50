package org.sscpbridge.sip;

import java.text.ParseException;
import java.util.Optional;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.Caller;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.sip.sdp.NoCommonCodecException;
import org.sscpbridge.sip.sdp.SdpException;
import org.sscpbridge.sip.sdp.SdpNegotiator;

/**
 * An INVITE for one of the phone's lines: 180 while the phone rings, 200 with the phone's SDP
 * (RFC 3264 answer) when it answers, 487 after CANCEL, BYE to end it.
 */
final class IncomingSipCall extends SipCallBase implements IncomingCall {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingSipCall.class);
    private static final CallListener NOBODY = new CallListener() {
        @Override
        public void onProgress(int status, Optional<MediaSession> earlyMedia) {
            // Incoming calls get no progress.
        }

        @Override
        public void onAnswered(MediaSession media) {
            // Nobody listens yet.
        }

        @Override
        public void onFailed(int status, String reason) {
            // Nobody listens yet.
        }

        @Override
        public void onEnded(String reason) {
            // Nobody listens yet.
        }
    };

    private final Request invite;
    private final ServerTransaction tx;
    private final Caller caller;
    private final String line;
    private final String toTag = Long.toHexString(Double.doubleToLongBits(Math.random()));

    IncomingSipCall(SipCallAgent agent, Request invite, ServerTransaction tx) {
        super(agent, ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(), NOBODY);
        this.invite = invite;
        this.tx = tx;
        this.dialog = tx.getDialog();
        this.line = invite.getRequestURI() instanceof SipURI uri ? uri.getUser() : "";
        Address from = ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress();
        String number = from.getURI() instanceof SipURI uri && uri.getUser() != null ? uri.getUser()
                : from.getURI().toString();
        this.caller = new Caller(number, from.getDisplayName() == null ? "" : from.getDisplayName());
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public synchronized void listen(CallListener listener) {
        this.listener = listener;
    }

    @Override
    public void ringing() {
        respond(Response.RINGING, null, false);
    }

    @Override
    public void answer(MediaEndpoint phone) {
        SdpNegotiator.Answer answer;
        try {
            Optional<byte[]> offer = sdpOf(invite);
            if (offer.isEmpty()) {
                // Offer-less INVITE (the offer would come in the ACK): not supported by the phones' flow.
                reject(Response.NOT_ACCEPTABLE_HERE);
                failed(Response.NOT_ACCEPTABLE_HERE, "INVITE without SDP offer");
                return;
            }
            answer = agent.sdp.answer(offer.get(), offerOf(phone));
        } catch (NoCommonCodecException e) {
            reject(Response.NOT_ACCEPTABLE_HERE);
            failed(Response.NOT_ACCEPTABLE_HERE, "no codec in common: " + e.getMessage());
            return;
        } catch (SdpException e) {
            reject(Response.NOT_ACCEPTABLE_HERE);
            failed(Response.NOT_ACCEPTABLE_HERE, "caller's SDP not usable: " + e.getMessage());
            return;
        }
        if (respond(Response.OK, answer.sdp(), true)) {
            synchronized (this) {
                state = State.CONFIRMED;
            }
            LOG.info("call {}: answered on line {}", callId, line);
            listener().onAnswered(sessionOf(answer.media()));
        }
    }

    @Override
    public void reject(int status) {
        if (respond(status, null, false)) {
            end();
        }
    }

    @Override
    public void redirect(String number) {
        try {
            Response r = agent.ua.messages().createResponse(Response.MOVED_TEMPORARILY, invite);
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(toTag);
            SipURI target = agent.ua.addresses().createSipURI(number, agent.ua.settings().domain());
            r.addHeader(agent.ua.headers().createContactHeader(agent.ua.addresses().createAddress(target)));
            tx.sendResponse(r);
            LOG.info("call {}: forwarded to {}", callId, number);
        } catch (ParseException | SipException | InvalidArgumentException e) {
            LOG.warn("call {}: redirect to {} not sent: {}", callId, number, e.getMessage());
        }
        end();
    }

    /** Sends a response to the INVITE; false if the transaction would not take it. */
    private boolean respond(int status, byte[] sdp, boolean withContact) {
        synchronized (this) {
            if (state == State.ENDED || state == State.CONFIRMED) {
                return false;
            }
        }
        try {
            Response r = agent.ua.messages().createResponse(status, invite);
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(toTag);
            if (withContact || status < 200) {
                r.addHeader(agent.contact(line));
            }
            if (sdp != null) {
                r.setContent(sdp, agent.sdpType());
            }
            tx.sendResponse(r);
            return true;
        } catch (ParseException | SipException | InvalidArgumentException e) {
            LOG.warn("call {}: {} not sent: {}", callId, status, e.getMessage());
            return false;
        }
    }

    @Override
    void onCancel() {
        boolean unanswered;
        synchronized (this) {
            unanswered = state == State.CALLING || state == State.EARLY;
        }
        if (unanswered) {
            respond(Response.REQUEST_TERMINATED, null, false);
            failed(Response.REQUEST_TERMINATED, "caller cancelled");
        }
    }

    @Override
    String localTag() {
        return toTag;
    }

    @Override
    public void hangUp() {
        State s;
        synchronized (this) {
            s = state;
        }
        if (s == State.CONFIRMED) {
            sendBye();
            end();
        } else if (s != State.ENDED) {
            reject(Response.BUSY_HERE);
        }
    }
}
