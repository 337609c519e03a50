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
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.TransferRequest;
import org.sscpbridge.sip.sdp.NoCommonCodecException;
import org.sscpbridge.sip.sdp.SdpException;
import org.sscpbridge.sip.sdp.SdpNegotiator;

/**
 * An INVITE for one of the phone's lines: 180 while the phone rings, 200 with the phone's SDP
 * (RFC 3264 answer) when it answers, 487 after CANCEL, BYE to end it. Confined to the call's
 * serial executor: a CANCEL and the phone's answer are taken in the order they arrived, so an
 * answer after a CANCEL finds the call ended and does nothing (487 was sent).
 */
final class IncomingSipCall extends SipCallBase implements IncomingCall {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingSipCall.class);
    /** Until the phone side listens: a failure is kept and told to the first real listener. */
    private static final CallListener NOBODY = new CallListener() {
        @Override
        public void onProgress(int status, Optional<MediaSession> earlyMedia) {
        }

        @Override
        public void onAnswered(MediaSession media) {
        }

        @Override
        public void onFailed(int status, String reason) {
        }

        @Override
        public void onEnded(String reason) {
        }

        @Override
        public void onMediaChanged(MediaSession media) {
        }

        @Override
        public void onReofferFailed(int status, String reason) {
        }

        @Override
        public void onTransferRequested(TransferRequest request) {
        }
    };

    private final Request invite;
    private final ServerTransaction tx;
    private final Caller caller;
    private final String line;
    private final Optional<SipCall> replaces;
    private final DigestAuthenticator digest;
    private final String toTag = Long.toHexString(Double.doubleToLongBits(Math.random()));
    /** A failure before anybody listened (CANCEL before listen): told on {@link #listen}. */
    private Runnable untold;

    /** {@code line}: the line the call is for (in trunk mode routed by DID, not the Request-URI's user). */
    IncomingSipCall(SipCallAgent agent, Request invite, ServerTransaction tx, Optional<SipCall> replaces, String line) {
        super(agent, ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(), NOBODY);
        this.invite = invite;
        this.tx = tx;
        this.dialog = tx.getDialog();
        this.replaces = replaces;
        this.line = line == null ? "" : line;
        Address from = ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress();
        String number = from.getURI() instanceof SipURI uri && uri.getUser() != null ? uri.getUser()
                : from.getURI().toString();
        this.caller = new Caller(number, from.getDisplayName() == null ? "" : from.getDisplayName());
        LineAccount account = agent.ua.account(line);
        this.digest = account == null ? null : new DigestAuthenticator(account.authUser(), account.password());
    }

    /** The CSeq number of the INVITE that created this call: a copy of it has the same. */
    long inviteCSeq() {
        return ((javax.sip.header.CSeqHeader) invite.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber();
    }

    /** The caller's From tag: which INVITE a CANCEL without To tag is for. */
    String callerTag() {
        return ((FromHeader) invite.getHeader(FromHeader.NAME)).getTag();
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public Optional<SipCall> replaces() {
        return replaces;
    }

    @Override
    public void listen(CallListener l) {
        post(() -> {
            listener = l;
            if (untold != null) {
                Runnable r = untold;
                untold = null;
                r.run();
            }
        });
    }

    @Override
    public void ringing() {
        post(() -> respond(Response.RINGING, null));
    }

    @Override
    public void answer(MediaEndpoint phone) {
        post(() -> doAnswer(phone));
    }

    private void doAnswer(MediaEndpoint phone) {
        if (state != State.CALLING && state != State.EARLY) {
            LOG.info("call {}: answer ignored, the call is {}", callId, state);
            return;
        }
        SdpNegotiator.Answer answer;
        try {
            Optional<byte[]> offer = sdpOf(invite);
            if (offer.isEmpty()) {
                // Offer-less INVITE (the offer would come in the ACK): not supported by the phones' flow.
                refuse(Response.NOT_ACCEPTABLE_HERE, "INVITE without SDP offer");
                return;
            }
            local = offerOf(phone);
            answer = sdp.answer(offer.get(), local);
        } catch (NoCommonCodecException e) {
            refuse(Response.NOT_ACCEPTABLE_HERE, "no codec in common: " + e.getMessage());
            return;
        } catch (SdpException e) {
            refuse(Response.NOT_ACCEPTABLE_HERE, "caller's SDP not usable: " + e.getMessage());
            return;
        }
        if (respond(Response.OK, answer.sdp())) {
            confirmed(tx.getDialog() != null ? tx.getDialog() : dialog);
            current = answer.media();
            LOG.info("call {}: answered on line {}", callId, line);
            listener.onAnswered(sessionOf(current));
        }
    }

    private void refuse(int status, String reason) {
        respond(status, null);
        failed(status, reason);
    }

    @Override
    public void reject(int status) {
        post(() -> {
            if (respond(status, null)) {
                LOG.info("call {}: rejected {}", callId, status);
                end();
            }
        });
    }

    @Override
    public void redirect(String number) {
        post(() -> {
            if (state != State.CALLING && state != State.EARLY) {
                return;
            }
            try {
                Response r = agent.ua.messages().createResponse(Response.MOVED_TEMPORARILY, invite);
                ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(toTag);
                javax.sip.address.URI target = agent.targetUri(number, line);
                r.addHeader(agent.ua.headers().createContactHeader(agent.ua.addresses().createAddress(target)));
                agent.ua.respond(tx, r);
                LOG.info("call {}: forwarded to {}", callId, number);
            } catch (ParseException | SipException | InvalidArgumentException e) {
                LOG.warn("call {}: redirect to {} not sent: {}", callId, number, e.getMessage());
            }
            end();
        });
    }

    /** Sends a response to the INVITE, only while it is unanswered; false if none was sent. */
    private boolean respond(int status, byte[] sdpBody) {
        if (state != State.CALLING && state != State.EARLY) {
            return false;
        }
        try {
            Response r = agent.ua.messages().createResponse(status, invite);
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(toTag);
            if (status < 300) {
                r.addHeader(agent.contact(line));
                agent.addCapabilities(r);
            }
            if (sdpBody != null) {
                r.setContent(sdpBody, agent.sdpType());
            }
            agent.ua.respond(tx, r);
            if (status > 100 && status < 200) {
                state = State.EARLY;
            }
            return true;
        } catch (ParseException | SipException | InvalidArgumentException e) {
            LOG.warn("call {}: {} not sent: {}", callId, status, e.getMessage());
            return false;
        }
    }

    @Override
    void onCancel() {
        if (state == State.CALLING || state == State.EARLY) {
            respond(Response.REQUEST_TERMINATED, null);
            LOG.info("call {}: cancelled by the caller", callId);
            if (end()) {
                if (listener == NOBODY) {
                    untold = () -> listener.onFailed(Response.REQUEST_TERMINATED, "caller cancelled");
                } else {
                    listener.onFailed(Response.REQUEST_TERMINATED, "caller cancelled");
                }
            }
        }
    }

    @Override
    String localTag() {
        return toTag;
    }

    @Override
    String lineNumber() {
        return line;
    }

    @Override
    DigestAuthenticator digest() {
        return digest;
    }

    @Override
    void hangUpNow() {
        if (state == State.CONFIRMED) {
            sendBye();
            end();
        } else if (state != State.ENDED) {
            if (respond(Response.BUSY_HERE, null)) {
                end();
            }
        }
    }
}
