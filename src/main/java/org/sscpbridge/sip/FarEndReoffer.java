package org.sscpbridge.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.sip.sdp.Codec;
import org.sscpbridge.sip.sdp.MediaOffer;
import org.sscpbridge.sip.sdp.NoCommonCodecException;
import org.sscpbridge.sip.sdp.SdpException;
import org.sscpbridge.sip.sdp.SdpNegotiator;

/**
 * The far end's re-INVITEs and UPDATEs in one call: answered from the phone's media, keeping the
 * negotiated codec, refused 491 while our own offer is outstanding. An offer-less re-INVITE gets
 * our offer in the 200 and its answer from the ACK; until then our re-INVITEs wait. Owned by its
 * call and confined to the call's serial executor, like everything in {@link SipCallBase}.
 */
final class FarEndReoffer {
    private static final Logger LOG = LoggerFactory.getLogger(FarEndReoffer.class);

    private final SipCallBase call;
    /** The offer we put in a 200 to an offer-less re-INVITE; its answer comes in the ACK. */
    private MediaOffer offerAwaitingAck;
    /** The CSeq of that re-INVITE: an ACK of an earlier INVITE may still be on its way. */
    private long offerAwaitingAckSeq;

    FarEndReoffer(SipCallBase call) {
        this.call = call;
    }

    /** True while our offer in a 200 waits for its answer in the ACK: no new offer may cross it. */
    boolean awaitsAck() {
        return offerAwaitingAck != null;
    }

    /**
     * The far end's re-INVITE (or UPDATE with SDP): answered 200 with the phone's SDP, the phone's
     * chosen direction and the mirror of the offer's, the codec kept when the offer still has it;
     * the listener hears {@code onMediaChanged} right after the 200 is sent. Without SDP: our offer
     * in the 200, the answer read from the ACK. Unusable SDP: 488, session unchanged.
     */
    void onReInvite(Request request, ServerTransaction tx) {
        boolean update = Request.UPDATE.equals(request.getMethod());
        if (call.state == SipCallBase.State.ENDED) {
            call.respond(tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        Optional<byte[]> offer = SipCallBase.sdpOf(request);
        if (update && offer.isEmpty()) {
            call.respond(tx, request, Response.OK, null);
            return;
        }
        if (call.state != SipCallBase.State.CONFIRMED || call.local == null
                || call.ourReoffers.offerOutstanding() || offerAwaitingAck != null) {
            // Our own offer is outstanding (RFC 3261 §14.2, RFC 3311 §5.2).
            call.respond(tx, request, Response.REQUEST_PENDING, null);
            return;
        }
        if (offer.isEmpty()) {
            if (update) {
                call.respond(tx, request, Response.OK, null);
                return;
            }
            MediaOffer ours = call.reoffered(call.local.direction());
            byte[] body = call.sdp.offer(ours, call.sdp.sessionVersion() + 1);
            if (call.respond(tx, request, Response.OK, body)) {
                offerAwaitingAck = ours;
                offerAwaitingAckSeq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
                LOG.info("call {}: offer-less re-INVITE answered with our offer", call.callId);
            }
            return;
        }
        SdpNegotiator.Answer answer;
        try {
            answer = answerKeepingCodec(offer.get());
        } catch (SdpException e) {
            LOG.info("call {}: far end's re-{} refused (488): {}", call.callId, request.getMethod(), e.getMessage());
            call.respond(tx, request, Response.NOT_ACCEPTABLE_HERE, null);
            return;
        }
        if (call.respond(tx, request, Response.OK, answer.sdp())) {
            call.current = answer.media();
            MediaSession media = SipCallBase.sessionOf(call.current);
            LOG.info("call {}: far end's re-{} answered, media to {}:{} {} {}", call.callId, request.getMethod(),
                    media.remoteIp(), media.remotePort(), media.codec(), media.mode());
            call.listener.onMediaChanged(media);
        }
    }

    /** An answer that keeps the negotiated codec when the offer still has it (no needless switch). */
    private SdpNegotiator.Answer answerKeepingCodec(byte[] offer) throws SdpException {
        MediaOffer local = call.local;
        if (call.current != null) {
            List<Codec> same = new ArrayList<>();
            same.add(call.current.codec());
            same.add(Codec.TELEPHONE_EVENT);
            try {
                return call.sdp.answer(offer, new MediaOffer(local.ip(), local.port(), same, local.ptimeMillis(),
                        local.direction()));
            } catch (NoCommonCodecException e) {
                // the offer dropped the codec: pick again from the phone's
            }
        }
        return call.sdp.answer(offer, local);
    }

    /** An ACK in this dialog: for the 200 to an offer-less re-INVITE it carries the answer. */
    void onAck(Request ack) {
        MediaOffer offered = offerAwaitingAck;
        if (offered == null || ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber() != offerAwaitingAckSeq) {
            return;
        }
        offerAwaitingAck = null;
        Optional<byte[]> answer = SipCallBase.sdpOf(ack);
        if (answer.isEmpty()) {
            LOG.warn("call {}: ACK without the SDP answer to our offer: session kept", call.callId);
        } else if (call.state == SipCallBase.State.CONFIRMED) {
            try {
                call.current = call.sdp.readAnswer(answer.get(), offered);
                call.listener.onMediaChanged(SipCallBase.sessionOf(call.current));
            } catch (SdpException e) {
                LOG.warn("call {}: unusable SDP answer in ACK ({}): session kept", call.callId, e.getMessage());
            }
        }
        call.ourReoffers.next();
    }
}
