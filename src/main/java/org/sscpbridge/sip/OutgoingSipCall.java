package org.sscpbridge.sip;

import java.text.ParseException;
import java.util.Optional;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.sip.sdp.MediaOffer;
import org.sscpbridge.sip.sdp.SdpException;

/**
 * A call the phone places: INVITE with the phone's SDP, digest auth on 401/407, provisional
 * answers and early media, ACK for 2xx (also for retransmissions), CANCEL before the answer and
 * BYE after it.
 */
final class OutgoingSipCall extends SipCallBase implements TransactionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingSipCall.class);
    private static final int MAX_AUTH_ROUNDS = 2;
    /** Redirections (3xx) followed before the call fails: enough for forward chains, not for loops. */
    private static final int MAX_REDIRECTS = 3;

    private final LineAccount line;
    private String number;
    private int redirects;
    private final MediaOffer offer;
    private final DigestAuthenticator digest;
    private final CallIdHeader callIdHeader;
    private final String fromTag = Long.toHexString(Double.doubleToLongBits(Math.random()));
    private long cseq = 1;
    private int authRounds;
    private ClientTransaction invite;
    private boolean provisionalSeen;
    private boolean hangUpWanted;
    private Request ack;

    OutgoingSipCall(SipCallAgent agent, LineAccount line, String number, MediaEndpoint phone, CallListener listener) {
        this(agent, line, number, phone, listener, agent.ua.newCallId());
    }

    private OutgoingSipCall(SipCallAgent agent, LineAccount line, String number, MediaEndpoint phone,
            CallListener listener, CallIdHeader callId) {
        super(agent, callId.getCallId(), listener);
        this.line = line;
        this.number = number;
        this.offer = offerOf(phone);
        this.digest = new DigestAuthenticator(line.authUser(), line.password());
        this.callIdHeader = callId;
    }

    void start() {
        String problem;
        synchronized (this) {
            problem = sendInvite();
        }
        if (problem != null) {
            failed(Response.BAD_REQUEST, problem);
        }
    }

    /** Must hold the lock. Returns why the INVITE could not be sent, or null. */
    private String sendInvite() {
        try {
            SipUserAgent ua = agent.ua;
            String domain = ua.settings().domain();
            SipURI target = ua.addresses().createSipURI(number, domain);
            Address from = ua.addresses().createAddress(ua.addresses().createSipURI(line.number(), domain));
            if (!line.displayName().isEmpty()) {
                from.setDisplayName(line.displayName());
            }
            Request request = ua.newRequest(Request.INVITE, target, from, fromTag, ua.addresses().createAddress(target),
                    callIdHeader, cseq++);
            request.addHeader(agent.contact(line.number()));
            Optional<Address> route = agent.proxyRoute();
            if (route.isPresent()) {
                request.addHeader(ua.headers().createRouteHeader(route.get()));
            }
            request.setContent(agent.sdp.offer(offer, cseq), agent.sdpType());
            digest.authorize(request, ua.headers());
            invite = ua.send(request, this);
            dialog = invite.getDialog();
            LOG.info("call {}: INVITE {} from line {}", callId, number, line.number());
            return null;
        } catch (ParseException | InvalidArgumentException | SipException e) {
            // A number the SIP side cannot put in a URI, or a stack that refuses to send.
            LOG.warn("call {}: INVITE to {} not sent: {}", callId, number, e.getMessage());
            return "cannot call " + number + ": " + e.getMessage();
        }
    }

    @Override
    public void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) {
            onProvisional(response);
        } else if (status < 300) {
            onSuccess(event);
        } else if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            onChallenge(response);
        } else if ((status == Response.MOVED_TEMPORARILY || status == Response.MOVED_PERMANENTLY)
                && redirect(response)) {
            return;
        } else {
            failed(status, response.getReasonPhrase());
        }
    }

    private void onProvisional(Response response) {
        boolean cancelNow;
        boolean ended;
        synchronized (this) {
            boolean first = !provisionalSeen;
            provisionalSeen = true;
            // The phone hung up before any provisional answer: the CANCEL it wanted may go now.
            cancelNow = hangUpWanted && first;
            ended = state == State.ENDED;
            if (!ended) {
                state = State.EARLY;
            }
        }
        if (cancelNow) {
            cancel();
            return;
        }
        if (ended) {
            return;
        }
        if (response.getStatusCode() == Response.TRYING) {
            return;
        }
        Optional<MediaSession> early = Optional.empty();
        Optional<byte[]> sdp = sdpOf(response);
        if (sdp.isPresent()) {
            try {
                early = Optional.of(sessionOf(agent.sdp.readAnswer(sdp.get(), offer)));
            } catch (SdpException e) {
                LOG.info("call {}: early media SDP ignored: {}", callId, e.getMessage());
            }
        }
        listener().onProgress(response.getStatusCode(), early);
    }

    private void onSuccess(ResponseEvent event) {
        Response response = event.getResponse();
        Dialog d = event.getDialog() != null ? event.getDialog() : dialog;
        boolean hangUpNow;
        synchronized (this) {
            try {
                long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
                ack = d.createAck(seq);
                d.sendAck(ack);
                dialog = d;
            } catch (SipException | InvalidArgumentException e) {
                LOG.warn("call {}: ACK not sent: {}", callId, e.getMessage());
            }
            hangUpNow = hangUpWanted;
            if (state != State.ENDED) {
                state = State.CONFIRMED;
            }
        }
        if (hangUpNow) {
            // The phone hung up while the far end answered: ACK, then BYE (RFC 3261 §9.1).
            sendBye();
            end();
            return;
        }
        Optional<byte[]> sdp = sdpOf(response);
        try {
            if (sdp.isEmpty()) {
                throw new SdpException("2xx without SDP answer");
            }
            MediaSession media = sessionOf(agent.sdp.readAnswer(sdp.get(), offer));
            LOG.info("call {}: answered, media to {}:{} {}", callId, media.remoteIp(), media.remotePort(), media.codec());
            listener().onAnswered(media);
        } catch (SdpException e) {
            LOG.warn("call {}: unusable SDP answer ({}): hanging up", callId, e.getMessage());
            sendBye();
            failed(Response.NOT_ACCEPTABLE_HERE, "far end's media not usable: " + e.getMessage());
        }
    }

    private void onChallenge(Response response) {
        String problem = null;
        synchronized (this) {
            DigestAuthenticator.Challenge c = DigestAuthenticator.challengeOf(response);
            if (c != null && authRounds++ < MAX_AUTH_ROUNDS && digest.accept(c) && !hangUpWanted) {
                provisionalSeen = false;
                problem = sendInvite();
                if (problem == null) {
                    return;
                }
            }
        }
        failed(response.getStatusCode(), problem != null ? problem
                : response.getStatusCode() + " " + response.getReasonPhrase() + ": the PBX refused line "
                        + line.number() + "'s credentials");
    }

    /**
     * Follows a 301/302 (the far end forwards the call, RFC 3261 §8.1.3.4): INVITE again, same
     * Call-ID, to the Contact's user at our domain, through our proxy. False if it cannot be followed.
     */
    private boolean redirect(Response response) {
        javax.sip.header.ContactHeader contact = (javax.sip.header.ContactHeader) response.getHeader(
                javax.sip.header.ContactHeader.NAME);
        String problem;
        synchronized (this) {
            if (hangUpWanted || contact == null || !(contact.getAddress().getURI() instanceof SipURI uri)
                    || uri.getUser() == null || redirects++ >= MAX_REDIRECTS) {
                return false;
            }
            LOG.info("call {}: {} redirected to {}", callId, number, uri.getUser());
            number = uri.getUser();
            provisionalSeen = false;
            problem = sendInvite();
        }
        if (problem != null) {
            failed(Response.BAD_REQUEST, problem);
        }
        return true;
    }

    @Override
    public void onNoFinalResponse(String why) {
        failed(Response.REQUEST_TIMEOUT, why);
    }

    @Override
    void onStrayResponse(ResponseEvent event) {
        Response response = event.getResponse();
        Request cachedAck;
        Dialog d;
        synchronized (this) {
            cachedAck = ack;
            d = dialog;
        }
        if (response.getStatusCode() >= 200 && response.getStatusCode() < 300 && cachedAck != null && d != null) {
            try {
                d.sendAck(cachedAck);
            } catch (SipException e) {
                LOG.debug("call {}: ACK retransmission failed: {}", callId, e.getMessage());
            }
        }
    }

    @Override
    String localTag() {
        return fromTag;
    }

    @Override
    public void hangUp() {
        State s;
        boolean canCancel;
        synchronized (this) {
            s = state;
            hangUpWanted = true;
            canCancel = provisionalSeen;
        }
        switch (s) {
            case CONFIRMED -> {
                sendBye();
                end();
            }
            case CALLING, EARLY -> {
                if (canCancel) {
                    cancel();
                }
                // Without a provisional answer CANCEL must wait (RFC 3261 §9.1): it is sent on the
                // first 1xx, and a 2xx that crosses it is ACKed and BYEd.
                if (end()) {
                    LOG.info("call {}: cancelled by the phone", callId);
                }
            }
            case ENDED -> { }
        }
    }

    private void cancel() {
        ClientTransaction tx;
        synchronized (this) {
            tx = invite;
        }
        try {
            agent.ua.cancel(tx);
        } catch (SipException e) {
            LOG.warn("call {}: CANCEL not sent: {}", callId, e.getMessage());
        }
    }
}
