package org.sscpbridge.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.EventHeader;
import javax.sip.header.ReferToHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.TransferListener;
import org.sscpbridge.time.Scheduler;

/**
 * Our REFER (RFC 3515) in one call: the transfer the phone side asked for, with Replaces when it
 * names another call, digest auth on 401/407, and its outcome read from the NOTIFYs' sipfrags (or
 * failed when none comes). One transfer at a time. Owned by its call and confined to the call's
 * serial executor, like everything in {@link SipCallBase}.
 */
final class TransferOut {
    private static final Logger LOG = LoggerFactory.getLogger(TransferOut.class);
    /** Answer to a REFER's final NOTIFY waited for after the 202 (RFC 3261 Timer F: 64*T1). */
    static final Duration REFER_NOTIFY_WAIT = Duration.ofSeconds(32);

    private final SipCallBase call;
    /** The REFER we sent last; NOTIFYs in this dialog report on it. */
    private ReferOut referOut;

    TransferOut(SipCallBase call) {
        this.call = call;
    }

    /** A REFER we sent and its implicit subscription. */
    private final class ReferOut {
        final TransferListener listener;
        final ReferToHeader referTo;
        int authRounds;
        boolean accepted;
        boolean done;
        Scheduler.Cancellable timer;

        ReferOut(TransferListener listener, ReferToHeader referTo) {
            this.listener = listener;
            this.referTo = referTo;
        }
    }

    /** The phone side's transfer: REFER to {@code target}, with Replaces naming {@code replacing}'s dialog. */
    void start(String target, Optional<SipCall> replacing, TransferListener transferListener) {
        if (call.state != SipCallBase.State.CONFIRMED) {
            transferListener.onFailed(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "call not established");
            return;
        }
        if (referOut != null && !referOut.done) {
            transferListener.onFailed(Response.REQUEST_PENDING, "another transfer of this call is in progress");
            return;
        }
        ReferToHeader referTo;
        try {
            javax.sip.address.URI uri = call.agent.targetUri(target, call.lineNumber());
            if (replacing.isPresent()) {
                String replaces = replacing.get() instanceof SipCallBase other ? other.replacesValue() : null;
                if (replaces == null || !(uri instanceof SipURI sipUri)) {
                    transferListener.onFailed(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                            "the call to replace is not established");
                    return;
                }
                sipUri.setHeader("Replaces", UriEscape.escapeHeaderValue(replaces));
            }
            referTo = call.agent.ua.headers().createReferToHeader(call.agent.ua.addresses().createAddress(uri));
        } catch (ParseException e) {
            transferListener.onFailed(Response.BAD_REQUEST, "cannot transfer to " + target + ": " + e.getMessage());
            return;
        }
        ReferOut r = new ReferOut(transferListener, referTo);
        referOut = r;
        sendRefer(r);
    }

    /** The call ended: a transfer still waiting for its outcome has failed. */
    void callEnded() {
        ReferOut r = referOut;
        if (r != null && !r.done) {
            finishRefer(r, false, Response.REQUEST_TERMINATED, "call ended before the transfer's outcome was known");
        }
    }

    private void sendRefer(ReferOut r) {
        try {
            Request refer = call.dialog.createRequest(Request.REFER);
            refer.setHeader(r.referTo);
            refer.setHeader(call.agent.contact(call.lineNumber()));
            refer.setHeader(call.agent.referredBy(call.agent.aor(call.lineNumber()).toString()));
            DigestAuthenticator digest = call.digest();
            if (digest != null) {
                digest.authorize(refer, call.agent.ua.headers());
            }
            call.agent.ua.sendInDialog(call.dialog, refer, call.posted(e -> onReferResponse(r, e),
                    why -> onReferUnanswered(r, why)));
            LOG.info("call {}: REFER to {}", call.callId, r.referTo.getAddress());
        } catch (SipException | ParseException e) {
            LOG.warn("call {}: REFER not sent: {}", call.callId, e.getMessage());
            finishRefer(r, false, Response.SERVER_INTERNAL_ERROR, "REFER not sent: " + e.getMessage());
        }
    }

    private void onReferResponse(ReferOut r, ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200 || r.done) {
            return;
        }
        if (status < 300) {
            referAccepted(r);
            return;
        }
        DigestAuthenticator.Challenge c = call.answerableChallenge(response);
        if (c != null && r.authRounds++ < 1 && call.digest().accept(c)) {
            sendRefer(r);
            return;
        }
        LOG.info("call {}: REFER refused: {} {}", call.callId, status, response.getReasonPhrase());
        finishRefer(r, false, status, status + " " + response.getReasonPhrase());
    }

    private void referAccepted(ReferOut r) {
        if (r.accepted) {
            return;
        }
        r.accepted = true;
        r.listener.onAccepted();
        r.timer = call.agent.timers.schedule(REFER_NOTIFY_WAIT, () -> call.post(() -> {
            if (!r.done) {
                finishRefer(r, false, Response.REQUEST_TIMEOUT, "no NOTIFY");
            }
        }));
    }

    private void onReferUnanswered(ReferOut r, String why) {
        if (!r.done) {
            finishRefer(r, false, Response.REQUEST_TIMEOUT, "no answer to REFER: " + why);
        }
    }

    private void finishRefer(ReferOut r, boolean succeeded, int status, String text) {
        if (r.done) {
            return;
        }
        r.done = true;
        if (r.timer != null) {
            r.timer.cancel();
        }
        LOG.info("call {}: transfer {}: {}", call.callId, succeeded ? "succeeded" : "failed", text);
        if (succeeded) {
            r.listener.onSucceeded(text);
        } else {
            r.listener.onFailed(status, text);
        }
    }

    /** A NOTIFY in this dialog: the progress of the REFER we sent (RFC 3515 §2.4.5). */
    void onNotify(Request notify, ServerTransaction tx) {
        EventHeader event = (EventHeader) notify.getHeader(EventHeader.NAME);
        if (event == null || !"refer".equalsIgnoreCase(event.getEventType())) {
            call.respond(tx, notify, Response.BAD_EVENT, null);
            return;
        }
        ReferOut r = referOut;
        if (r == null) {
            call.respond(tx, notify, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        call.respond(tx, notify, Response.OK, null);
        if (r.done) {
            return;
        }
        if (!r.accepted) {
            // The NOTIFY overtook the 202 (RFC 3515 §2.4.4 allows it).
            referAccepted(r);
        }
        String line = firstLine(SipCallAgent.text(SipCallAgent.body(notify)));
        int status = sipfragStatus(line);
        SubscriptionStateHeader sub = (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
        boolean terminated = sub != null && SubscriptionStateHeader.TERMINATED.equalsIgnoreCase(sub.getState());
        if (status >= 200 && status < 300) {
            finishRefer(r, true, status, line);
        } else if (status >= 300) {
            finishRefer(r, false, status, line);
        } else if (terminated) {
            finishRefer(r, false, Response.SERVER_INTERNAL_ERROR, "transfer ended without a result"
                    + (sub.getReasonCode() == null ? "" : " (" + sub.getReasonCode() + ")"));
        } else {
            LOG.debug("call {}: transfer progress: {}", call.callId, line);
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

    /** The status of a sipfrag status line ({@code SIP/2.0 200 OK}); 0 when it is none. */
    static int sipfragStatus(String line) {
        String[] parts = line.split("\\s+", 3);
        if (parts.length < 2 || !parts[0].toUpperCase(java.util.Locale.ROOT).startsWith("SIP/")
                || !parts[1].matches("\\d{3}")) {
            return 0;
        }
        return Integer.parseInt(parts[1]);
    }
}
