package org.sscpbridge.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.sip.sdp.Direction;
import org.sscpbridge.sip.sdp.MediaOffer;
import org.sscpbridge.sip.sdp.SdpException;

/**
 * Our re-INVITEs in one call (hold and resume): one at a time, the others queued behind it; digest
 * auth on 401/407; one retry after a 491 (glare); a BYE the phone asks for meanwhile deferred until
 * the pending one ends. Owned by its call and confined to the call's serial executor, like
 * everything in {@link SipCallBase}.
 */
final class ReofferExchange {
    private static final Logger LOG = LoggerFactory.getLogger(ReofferExchange.class);

    private final SipCallBase call;
    /** Our re-INVITE in progress (sent, or waiting for its 491 retry), null when none. */
    private ReInvite reinvite;
    /** The phone hung up while our re-INVITE was pending: BYE once it ends. */
    private boolean byeAfterReinvite;
    /** Reoffers asked while another re-INVITE was pending: sent one by one when it ends. */
    private final Deque<MediaSession.MediaMode> queuedReoffers = new ArrayDeque<>();

    ReofferExchange(SipCallBase call) {
        this.call = call;
    }

    /**
     * The phone hung up: true when the BYE must wait for our pending re-INVITE to end (it is sent
     * from here then), false when it may go now.
     */
    boolean deferBye() {
        if (!offerOutstanding() || call.state != SipCallBase.State.CONFIRMED) {
            return false;
        }
        // BYE waits for our re-INVITE's answer (and ACK): simple far ends (and SIPp)
        // expect the exchange they are in to finish first. Its timeout bounds the wait.
        LOG.debug("call {}: BYE deferred until the pending re-INVITE ends", call.callId);
        byeAfterReinvite = true;
        queuedReoffers.clear();
        return true;
    }

    /** The call ended: nothing pending is sent any more. */
    void callEnded() {
        queuedReoffers.clear();
        reinvite = null;
    }

    /** One re-INVITE of ours: its offer, its auth round, its one 491 retry. */
    private static final class ReInvite {
        final Direction direction;
        final boolean glareRetry;
        MediaOffer offer;
        byte[] body;
        int authRounds;
        /** Refused 491, waiting for the random delay: the far end's re-INVITEs are taken meanwhile. */
        boolean waiting;

        ReInvite(Direction direction, boolean glareRetry) {
            this.direction = direction;
            this.glareRetry = glareRetry;
        }
    }

    /** The phone side's reoffer: a re-INVITE now, or queued behind the exchange in progress. */
    void start(MediaSession.MediaMode mode) {
        if (call.state == SipCallBase.State.ENDED) {
            LOG.debug("call {}: reoffer {} after the call ended: ignored", call.callId, mode);
            return;
        }
        if (call.state != SipCallBase.State.CONFIRMED || call.local == null) {
            call.listener.onReofferFailed(Response.REQUEST_PENDING, "call not established yet");
            return;
        }
        if (reinvite != null || call.theirReoffers.awaitsAck()) {
            LOG.debug("call {}: reoffer {} queued behind the pending re-INVITE", call.callId, mode);
            queuedReoffers.add(mode);
            return;
        }
        sendReInvite(new ReInvite(SipCallBase.directionOf(mode), false));
    }

    private void sendReInvite(ReInvite r) {
        try {
            if (r.body == null) {
                r.offer = call.reoffered(r.direction);
                r.body = call.sdp.offer(r.offer, call.sdp.sessionVersion() + 1);
            }
            Request request = call.dialog.createRequest(Request.INVITE);
            request.setHeader(call.agent.contact(call.lineNumber()));
            call.agent.addCapabilities(request);
            request.setContent(r.body, call.agent.sdpType());
            DigestAuthenticator digest = call.digest();
            if (digest != null) {
                digest.authorize(request, call.agent.ua.headers());
            }
            reinvite = r;
            r.waiting = false;
            call.agent.ua.sendInDialog(call.dialog, request, call.posted(e -> onReInviteResponse(r, e),
                    why -> onReInviteUnanswered(r, why)));
            LOG.info("call {}: re-INVITE, phone {}", call.callId, r.direction.attribute());
        } catch (SipException | ParseException e) {
            LOG.warn("call {}: re-INVITE not sent: {}", call.callId, e.getMessage());
            reinvite = null;
            call.listener.onReofferFailed(Response.SERVER_INTERNAL_ERROR, "re-INVITE not sent: " + e.getMessage());
            next();
        }
    }

    private void onReInviteResponse(ReInvite r, ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (status < 300) {
            Dialog d = event.getDialog() != null ? event.getDialog() : call.dialog;
            call.ack(d, response);
        }
        if (outcomeNotWanted(r)) {
            return;
        }
        if (status < 300) {
            reinvite = null;
            Optional<byte[]> answer = SipCallBase.sdpOf(response);
            try {
                if (answer.isEmpty()) {
                    throw new SdpException("2xx to re-INVITE without SDP answer");
                }
                call.current = call.sdp.readAnswer(answer.get(), r.offer);
                call.local = r.offer;
                MediaSession media = SipCallBase.sessionOf(call.current);
                LOG.info("call {}: re-INVITE answered, media to {}:{} {} {}", call.callId, media.remoteIp(),
                        media.remotePort(), media.codec(), media.mode());
                call.listener.onMediaChanged(media);
            } catch (SdpException e) {
                LOG.warn("call {}: unusable SDP answer to re-INVITE ({}): session kept", call.callId, e.getMessage());
                call.listener.onReofferFailed(Response.NOT_ACCEPTABLE_HERE,
                        "far end's media not usable: " + e.getMessage());
            }
            next();
            return;
        }
        DigestAuthenticator.Challenge c = call.answerableChallenge(response);
        if (c != null && r.authRounds++ < 1 && call.digest().accept(c)) {
            sendReInvite(r);
            return;
        }
        if (status == Response.REQUEST_PENDING && !r.glareRetry) {
            // Glare (RFC 3261 §14.1): try once more after 2.1 to 4 s; the far end's own re-INVITE
            // is answered meanwhile.
            long delay = ThreadLocalRandom.current().nextLong(2100, 4001);
            LOG.info("call {}: re-INVITE crossed the far end's (491), retrying in {} ms", call.callId, delay);
            r.waiting = true;
            call.agent.timers.schedule(Duration.ofMillis(delay), () -> call.post(() -> {
                if (reinvite == r && call.state == SipCallBase.State.CONFIRMED) {
                    ReInvite again = new ReInvite(r.direction, true);
                    if (call.theirReoffers.awaitsAck()) {
                        // The far end's offer-less re-INVITE still waits for its ACK: after it.
                        reinvite = null;
                        queuedReoffers.addFirst(SipCallBase.modeOf(r.direction));
                    } else {
                        sendReInvite(again);
                    }
                }
            }));
            return;
        }
        reinvite = null;
        LOG.info("call {}: re-INVITE refused: {} {}", call.callId, status, response.getReasonPhrase());
        call.listener.onReofferFailed(status, status + " " + response.getReasonPhrase());
        if (status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST) {
            // RFC 3261 §12.2.1.2: the far end has lost the dialog.
            call.ended("far end lost the dialog (481 to re-INVITE)");
            return;
        }
        next();
    }

    /** True while our re-INVITE is sent and unanswered (not when it waits to retry after a 491). */
    boolean offerOutstanding() {
        return reinvite != null && !reinvite.waiting;
    }

    /**
     * True when the outcome of {@code r} changes nothing: it is no longer our pending re-INVITE, the
     * call is not confirmed any more, or the phone hung up meanwhile (the deferred BYE goes now).
     */
    private boolean outcomeNotWanted(ReInvite r) {
        if (r != reinvite || call.state != SipCallBase.State.CONFIRMED) {
            return true;
        }
        if (byeAfterReinvite) {
            reinvite = null;
            call.hangUpNow();
            return true;
        }
        return false;
    }

    private void onReInviteUnanswered(ReInvite r, String why) {
        if (outcomeNotWanted(r)) {
            return;
        }
        reinvite = null;
        call.listener.onReofferFailed(Response.REQUEST_TIMEOUT, why);
        next();
    }

    /** Sends the next queued reoffer once no offer of either side is pending. */
    void next() {
        if (reinvite == null && !call.theirReoffers.awaitsAck() && !queuedReoffers.isEmpty()
                && call.state == SipCallBase.State.CONFIRMED) {
            start(queuedReoffers.poll());
        }
    }
}
