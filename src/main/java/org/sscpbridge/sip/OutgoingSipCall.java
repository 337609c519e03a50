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
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.OutgoingOptions;
import org.sscpbridge.sip.sdp.SdpException;

/**
 * A call the phone places: INVITE with the phone's SDP (and Replaces / Referred-By when asked),
 * digest auth on 401/407, redirects followed, provisional answers and early media, ACK for 2xx (also
 * for retransmissions), CANCEL before the answer (after the first provisional) and BYE after it.
 * Confined to the call's serial executor like everything in {@link SipCallBase}.
 */
final class OutgoingSipCall extends SipCallBase {
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingSipCall.class);
    private static final int MAX_AUTH_ROUNDS = 2;
    /** Redirections (3xx) followed before the call fails: enough for forward chains, not for loops. */
    private static final int MAX_REDIRECTS = 3;

    private final LineAccount line;
    private final OutgoingOptions options;
    private String target;
    private int redirects;
    private final DigestAuthenticator digest;
    private final CallIdHeader callIdHeader;
    private final String fromTag = Long.toHexString(Double.doubleToLongBits(Math.random()));
    private long cseq = 1;
    private byte[] offerBody;
    private int authRounds;
    private ClientTransaction invite;
    private boolean provisionalSeen;
    private boolean hangUpWanted;

    OutgoingSipCall(SipCallAgent agent, LineAccount line, String target, MediaEndpoint phone, CallListener listener,
            OutgoingOptions options) {
        this(agent, line, target, phone, listener, options, agent.ua.newCallId());
    }

    private OutgoingSipCall(SipCallAgent agent, LineAccount line, String target, MediaEndpoint phone,
            CallListener listener, OutgoingOptions options, CallIdHeader callId) {
        super(agent, callId.getCallId(), listener);
        this.line = line;
        this.target = target;
        this.options = options;
        this.local = offerOf(phone);
        this.digest = new DigestAuthenticator(line.authUser(), line.password());
        this.callIdHeader = callId;
    }

    void start() {
        post(() -> {
            String problem = sendInvite();
            if (problem != null) {
                failed(Response.BAD_REQUEST, problem);
            }
        });
    }

    /** Returns why the INVITE could not be sent, or null. */
    private String sendInvite() {
        try {
            SipUserAgent ua = agent.ua;
            javax.sip.address.URI requestUri = agent.targetUri(target, line.number());
            if (options.mailbox().isPresent() && requestUri instanceof SipURI sipUri) {
                // RFC 4458: whose mailbox the voice mail system is to open ('@' escaped in a URI parameter).
                sipUri.setParameter("target", "sip:" + options.mailbox().get() + "%40" + ua.settings().domain());
            }
            Address from = agent.from(line, target);
            Request request = ua.newRequest(Request.INVITE, requestUri, from, fromTag,
                    ua.addresses().createAddress(requestUri), callIdHeader, cseq++);
            request.addHeader(agent.contact(line.number()));
            agent.addCallerId(request, line.number(), target);
            Optional<Address> route = agent.proxyRoute(line.number(), target);
            if (route.isPresent()) {
                request.addHeader(ua.headers().createRouteHeader(route.get()));
            }
            agent.addCapabilities(request);
            if (options.replaces().isPresent()) {
                request.addHeader(ua.headers().createHeader("Replaces", options.replaces().get()));
                request.addHeader(ua.headers().createRequireHeader("replaces"));
            }
            if (options.referredBy().isPresent()) {
                request.addHeader(agent.referredBy(options.referredBy().get()));
            }
            if (offerBody == null) {
                offerBody = sdp.offer(local, sdp.sessionVersion() + 1);
            }
            request.setContent(offerBody, agent.sdpType());
            digest.authorize(request, ua.headers());
            invite = ua.send(request, posted(this::onResponse, this::onNoFinalResponse));
            dialog = invite.getDialog();
            LOG.info("call {}: INVITE {} from line {}{}", callId, target, line.number(),
                    options.replaces().isPresent() ? " replacing " + options.replaces().get() : "");
            return null;
        } catch (ParseException | InvalidArgumentException | SipException | IllegalArgumentException e) {
            // A number the SIP side cannot put in a URI, or a stack that refuses to send.
            LOG.warn("call {}: INVITE to {} not sent: {}", callId, target, e.getMessage());
            return "cannot call " + target + ": " + e.getMessage();
        }
    }

    private void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        if (event.getClientTransaction() != null && event.getClientTransaction() != invite) {
            return; // an answer to an INVITE we already replaced (auth, redirect)
        }
        int status = response.getStatusCode();
        if (status < 200) {
            onProvisional(response);
        } else if (status < 300) {
            onSuccess(event);
        } else if (state == State.ENDED) {
            return;
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
        boolean first = !provisionalSeen;
        provisionalSeen = true;
        if (hangUpWanted) {
            // The phone hung up before any provisional answer: the CANCEL it wanted may go now.
            if (first) {
                cancel();
            }
            return;
        }
        if (state == State.ENDED) {
            return;
        }
        state = State.EARLY;
        if (response.getStatusCode() == Response.TRYING) {
            return;
        }
        Optional<MediaSession> early = Optional.empty();
        Optional<byte[]> body = sdpOf(response);
        if (body.isPresent()) {
            try {
                early = Optional.of(sessionOf(sdp.readAnswer(body.get(), local)));
            } catch (SdpException e) {
                LOG.info("call {}: early media SDP ignored: {}", callId, e.getMessage());
            }
        }
        listener.onProgress(response.getStatusCode(), early);
    }

    private void onSuccess(ResponseEvent event) {
        Response response = event.getResponse();
        Dialog d = event.getDialog() != null ? event.getDialog() : dialog;
        ack(d, response);
        if (hangUpWanted || state == State.ENDED) {
            // The phone hung up while the far end answered: ACK, then BYE (RFC 3261 §9.1).
            dialog = d;
            sendBye();
            end();
            return;
        }
        if (state == State.CONFIRMED) {
            return; // a 2xx from a second fork: ACKed, the first one carries the call
        }
        confirmed(d);
        Optional<byte[]> body = sdpOf(response);
        try {
            if (body.isEmpty()) {
                throw new SdpException("2xx without SDP answer");
            }
            current = sdp.readAnswer(body.get(), local);
            MediaSession media = sessionOf(current);
            // Hand over first, log after: the phone's StartMedia does not wait for the log line (issue 13, 200 -> StartMedia).
            listener.onAnswered(media);
            LOG.info("call {}: answered, media to {}:{} {}", callId, media.remoteIp(), media.remotePort(), media.codec());
        } catch (SdpException e) {
            LOG.warn("call {}: unusable SDP answer ({}): hanging up", callId, e.getMessage());
            sendBye();
            failed(Response.NOT_ACCEPTABLE_HERE, "far end's media not usable: " + e.getMessage());
        }
    }

    private void onChallenge(Response response) {
        String problem = null;
        DigestAuthenticator.Challenge c = DigestAuthenticator.challengeOf(response);
        if (c != null && authRounds++ < MAX_AUTH_ROUNDS && digest.accept(c) && !hangUpWanted) {
            provisionalSeen = false;
            problem = sendInvite();
            if (problem == null) {
                return;
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
        if (hangUpWanted || contact == null || !(contact.getAddress().getURI() instanceof SipURI uri)
                || uri.getUser() == null || redirects++ >= MAX_REDIRECTS) {
            return false;
        }
        LOG.info("call {}: {} redirected to {}", callId, target, uri.getUser());
        target = uri.getUser();
        provisionalSeen = false;
        String problem = sendInvite();
        if (problem != null) {
            failed(Response.BAD_REQUEST, problem);
        }
        return true;
    }

    private void onNoFinalResponse(String why) {
        if (state != State.CONFIRMED) {
            failed(Response.REQUEST_TIMEOUT, why);
        }
    }

    @Override
    String localTag() {
        return fromTag;
    }

    @Override
    String lineNumber() {
        return line.number();
    }

    @Override
    DigestAuthenticator digest() {
        return digest;
    }

    @Override
    void hangUpNow() {
        hangUpWanted = true;
        switch (state) {
            case CONFIRMED -> {
                sendBye();
                end();
            }
            case CALLING, EARLY -> {
                // Without a provisional answer CANCEL must wait (RFC 3261 §9.1): it is sent on the
                // first 1xx, and a 2xx that crosses it is ACKed and BYEd.
                if (provisionalSeen) {
                    cancel();
                }
                if (end()) {
                    LOG.info("call {}: cancelled by the phone", callId);
                }
            }
            case ENDED -> { }
        }
    }

    private void cancel() {
        try {
            agent.ua.cancel(invite);
        } catch (SipException e) {
            LOG.warn("call {}: CANCEL not sent: {}", callId, e.getMessage());
        }
    }
}
