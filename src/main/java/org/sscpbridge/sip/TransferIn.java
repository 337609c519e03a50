package org.sscpbridge.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.Header;
import javax.sip.header.ReferToHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.TransferRequest;

/**
 * The far end's REFER (RFC 3515) in one call: accepted when it names one callable target, handed
 * to the phone side as a {@link TransferRequest}, and reported back with NOTIFYs carrying sipfrags.
 * Owned by its call and confined to the call's serial executor, like everything in
 * {@link SipCallBase}.
 */
final class TransferIn {
    private static final Logger LOG = LoggerFactory.getLogger(TransferIn.class);
    /** Expiry of the implicit REFER subscription we announce (RFC 3515 §2.4.4). */
    private static final int REFER_SUBSCRIPTION_EXPIRES = 60;

    private final SipCallBase call;

    TransferIn(SipCallBase call) {
        this.call = call;
    }

    /**
     * A REFER in this dialog (RFC 3515): 202, NOTIFY "100 Trying", then the phone side is asked.
     * 481 once the call ended, 491 before it is confirmed, 400 without a usable Refer-To.
     */
    void onRefer(Request refer, ServerTransaction tx) {
        if (call.state == SipCallBase.State.ENDED) {
            call.respond(tx, refer, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        if (call.state != SipCallBase.State.CONFIRMED) {
            call.respond(tx, refer, Response.REQUEST_PENDING, null);
            return;
        }
        List<Header> referTos = new ArrayList<>();
        refer.getHeaders(ReferToHeader.NAME).forEachRemaining(h -> referTos.add((Header) h));
        if (referTos.size() != 1 || !(referTos.get(0) instanceof ReferToHeader referTo)
                || !isCallable(referTo.getAddress().getURI())) {
            LOG.info("call {}: REFER without one usable Refer-To: 400", call.callId);
            call.respond(tx, refer, Response.BAD_REQUEST, null);
            return;
        }
        ReferIn request = new ReferIn(refer, referTo);
        if (!call.respond(tx, refer, Response.ACCEPTED, null)) {
            return;
        }
        LOG.info("call {}: REFER accepted: call {}{}", call.callId, request.target,
                request.replaces.isPresent() ? " replacing " + request.replaces.get() : "");
        sendNotify(request, Response.TRYING, "Trying");
        call.listener.onTransferRequested(request);
    }

    private static boolean isCallable(javax.sip.address.URI uri) {
        return uri != null && (uri.isSipURI() || "tel".equalsIgnoreCase(uri.getScheme()));
    }

    /** A REFER we accepted: the phone side reports through it, we NOTIFY. */
    private final class ReferIn implements TransferRequest {
        final long cseq;
        final String target;
        final Optional<String> replaces;
        final String referredBy;
        /** Confined to the call's executor. */
        boolean done;

        ReferIn(Request refer, ReferToHeader referTo) {
            this.cseq = ((CSeqHeader) refer.getHeader(CSeqHeader.NAME)).getSeqNumber();
            javax.sip.address.URI uri = referTo.getAddress().getURI();
            String replacesHeader = null;
            if (uri instanceof SipURI sip) {
                replacesHeader = sip.getHeader("Replaces");
                this.target = sip.getUser() != null ? sip.getUser() : withoutHeaders(sip);
            } else {
                this.target = uri.toString();
            }
            this.replaces = Optional.ofNullable(replacesHeader).map(UriEscape::unescape).filter(s -> !s.isBlank());
            Header by = refer.getHeader("Referred-By");
            String who;
            if (by instanceof javax.sip.header.HeaderAddress a) {
                who = a.getAddress().getURI().toString();
            } else if (by != null) {
                who = by.toString().substring(by.toString().indexOf(':') + 1).trim();
            } else {
                who = ((javax.sip.header.FromHeader) refer.getHeader(javax.sip.header.FromHeader.NAME))
                        .getAddress().getURI().toString();
            }
            this.referredBy = who;
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public Optional<String> replaces() {
            return replaces;
        }

        @Override
        public String referredBy() {
            return referredBy;
        }

        @Override
        public void report(int status, String reason) {
            call.post(() -> {
                if (done || status < 100) {
                    return;
                }
                if (status >= 200) {
                    done = true;
                }
                sendNotify(this, status, reason == null ? "" : reason);
            });
        }
    }

    private static String withoutHeaders(SipURI uri) {
        SipURI copy = (SipURI) uri.clone();
        if (copy instanceof gov.nist.javax.sip.address.SipUri nist) {
            nist.removeHeaders();
        }
        return copy.toString();
    }

    /** NOTIFY with the sipfrag {@code SIP/2.0 <status> <reason>}; a final status ends the subscription. */
    private void sendNotify(ReferIn refer, int status, String reason) {
        Dialog d = call.dialog;
        if (d == null || d.getState() == DialogState.TERMINATED) {
            LOG.info("call {}: transfer report {} not sent: the dialog has ended", call.callId, status);
            return;
        }
        SipCallAgent agent = call.agent;
        try {
            Request notify = d.createRequest(Request.NOTIFY);
            EventHeader event = agent.ua.headers().createEventHeader("refer");
            event.setEventId(Long.toString(refer.cseq));
            notify.setHeader(event);
            boolean last = status >= 200;
            SubscriptionStateHeader sub = agent.ua.headers().createSubscriptionStateHeader(
                    last ? SubscriptionStateHeader.TERMINATED : SubscriptionStateHeader.ACTIVE);
            if (last) {
                sub.setReasonCode("noresource");
            } else {
                sub.setExpires(REFER_SUBSCRIPTION_EXPIRES);
            }
            notify.setHeader(sub);
            notify.setHeader(agent.contact(call.lineNumber()));
            ContentTypeHeader type = agent.ua.headers().createContentTypeHeader("message", "sipfrag");
            type.setParameter("version", "2.0");
            String frag = ("SIP/2.0 " + status + " " + reason).trim() + "\r\n";
            notify.setContent(frag.getBytes(StandardCharsets.UTF_8), type);
            agent.ua.sendInDialog(d, notify, SipCallBase.IGNORE);
            LOG.info("call {}: NOTIFY transfer progress {} {}", call.callId, status, reason);
        } catch (SipException | ParseException | InvalidArgumentException e) {
            LOG.warn("call {}: NOTIFY {} not sent: {}", call.callId, status, e.getMessage());
        }
    }
}
