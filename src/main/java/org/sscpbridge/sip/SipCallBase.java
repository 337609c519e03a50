package org.sscpbridge.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.exec.SerialExecutor;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.TransferListener;
import org.sscpbridge.sip.sdp.Codec;
import org.sscpbridge.sip.sdp.Direction;
import org.sscpbridge.sip.sdp.MediaOffer;
import org.sscpbridge.sip.sdp.NegotiatedMedia;
import org.sscpbridge.sip.sdp.SdpNegotiator;

/**
 * What outgoing and incoming calls share: the dialog, the listener, BYE and INFO, re-INVITEs both
 * ways (hold and resume), REFER both ways (transfer), and the end of the call (told once, then
 * forgotten by the agent).
 *
 * <p>The call keeps its identity, its state, its dialog and that dialog's life (BYE, INFO, ACK, its
 * end); each exchange within the dialog is a helper the call owns and hands its requests to:
 * {@link ReofferExchange} our re-INVITEs, {@link FarEndReoffer} the far end's, {@link TransferOut}
 * the REFER we send, {@link TransferIn} the REFER we receive.
 *
 * <p>Threads: every field below, and every field of those helpers, is confined to this call's
 * {@link #events} serial executor. JAIN-SIP callbacks and the phone side's {@link SipCall} methods
 * only queue tasks there; listeners are called from it, one event at a time, in order. No locks.
 * The only fields read from elsewhere are the volatile {@link #state} and {@link #remoteTag} (the
 * agent's Replaces lookup, best effort).
 */
abstract class SipCallBase implements SipCall {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallBase.class);
    private static final int PTIME = 20;
    /** Methods we accept in and out of dialogs, for Allow headers. */
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, UPDATE";

    /** Where the call stands on the SIP side. */
    enum State { CALLING, EARLY, CONFIRMED, ENDED }

    final SipCallAgent agent;
    final String callId;
    /** This call's single thread of control. */
    final SerialExecutor events;
    /** This dialog's own SDP state: its o= session id and increasing versions. */
    final SdpNegotiator sdp;

    /** Written on {@link #events} only; volatile for the agent's Replaces lookup. */
    volatile State state = State.CALLING;
    /** The far end's tag once the dialog is confirmed; volatile for the Replaces lookup. */
    volatile String remoteTag;
    Dialog dialog;
    CallListener listener;
    /** The phone's media with the direction it chose (SEND_ONLY while it holds the far end). */
    MediaOffer local;
    /** What the last offer/answer negotiated, null before the first. */
    NegotiatedMedia current;
    /** The last ACK we sent for a 2xx (initial INVITE or re-INVITE), resent for retransmitted 2xx. */
    Request lastAck;

    /** Our re-INVITEs (hold and resume), one at a time. */
    final ReofferExchange ourReoffers = new ReofferExchange(this);
    /** The far end's re-INVITEs and UPDATEs, answered here. */
    final FarEndReoffer theirReoffers = new FarEndReoffer(this);
    /** Our REFERs and the NOTIFYs that report on them. */
    private final TransferOut transferOut = new TransferOut(this);
    /** The far end's REFERs and the NOTIFYs that report on them. */
    private final TransferIn transferIn = new TransferIn(this);

    SipCallBase(SipCallAgent agent, String callId, CallListener listener) {
        this.agent = agent;
        this.callId = callId;
        this.listener = listener;
        this.events = new SerialExecutor(agent.pool, "call " + callId, agent.queueMax);
        this.sdp = new SdpNegotiator("sscp-bridge", agent.ua.settings().address());
    }

    @Override
    public String sipCallId() {
        return callId;
    }

    /** Our tag in the dialog: From tag of an outgoing call, To tag of an incoming one. */
    abstract String localTag();

    /** The line this call belongs to (our AOR's user part). */
    abstract String lineNumber();

    /** Credentials for in-dialog requests the PBX challenges; null when the line's are unknown. */
    abstract DigestAuthenticator digest();

    /** The phone side's hang-up, run on {@link #events}. */
    abstract void hangUpNow();

    /** Queues {@code task} on this call's serial executor. */
    final void post(Runnable task) {
        events.execute(task);
    }

    /** Queues a far end's request unless the call's queue is full; false then (nothing queued). */
    final boolean offer(Runnable task) {
        return events.offer(task);
    }

    /** A transaction handler whose events are queued on this call's executor. */
    final TransactionHandler posted(Consumer<ResponseEvent> onResponse, Consumer<String> onNoFinalResponse) {
        return new TransactionHandler() {
            @Override
            public void onResponse(ResponseEvent event) {
                post(() -> onResponse.accept(event));
            }

            @Override
            public void onNoFinalResponse(String why) {
                post(() -> onNoFinalResponse.accept(why));
            }
        };
    }

    // ---------------------------------------------------------------- SipCall: only queue

    @Override
    public final void hangUp() {
        post(() -> {
            if (!ourReoffers.deferBye()) {
                hangUpNow();
            }
        });
    }

    @Override
    public final void sendDtmf(char digit) {
        post(() -> dtmf(digit));
    }

    @Override
    public final void reoffer(MediaSession.MediaMode mode) {
        post(() -> ourReoffers.start(mode));
    }

    @Override
    public final void refer(String target, Optional<SipCall> replacing, TransferListener transferListener) {
        post(() -> transferOut.start(target, replacing, transferListener));
    }

    // ---------------------------------------------------------------- life of the call

    /** Marks the call confirmed with the far end's tag. */
    final void confirmed(Dialog d) {
        dialog = d;
        remoteTag = d.getRemoteTag();
        if (state != State.ENDED) {
            state = State.CONFIRMED;
        }
    }

    /** Sends BYE in the confirmed dialog; the call ends at once whatever the far end answers. */
    final void sendBye() {
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

    private void dtmf(char digit) {
        if (state != State.CONFIRMED) {
            return;
        }
        try {
            Request info = dialog.createRequest(Request.INFO);
            byte[] body = ("Signal=" + digit + "\r\nDuration=160\r\n").getBytes(StandardCharsets.US_ASCII);
            info.setContent(body, agent.ua.headers().createContentTypeHeader("application", "dtmf-relay"));
            agent.ua.sendInDialog(dialog, info, IGNORE);
        } catch (SipException | ParseException e) {
            LOG.warn("call {}: DTMF {} not sent: {}", callId, digit, e.getMessage());
        }
    }

    /** Marks the call ended (once) and forgets it; returns false when it had already ended. */
    final boolean end() {
        if (state == State.ENDED) {
            return false;
        }
        state = State.ENDED;
        agent.forget(this);
        ourReoffers.callEnded();
        transferOut.callEnded();
        return true;
    }

    final void failed(int status, String reason) {
        if (end()) {
            listener.onFailed(status, reason);
        }
    }

    final void ended(String reason) {
        if (end()) {
            LOG.info("call {}: ended: {}", callId, reason);
            listener.onEnded(reason);
        }
    }

    /** A BYE from the far end (already answered 200). */
    final void onBye() {
        ended("far end hung up");
    }

    /** A CANCEL (already answered 200): only unanswered incoming calls care. */
    void onCancel() {
        // Only unanswered incoming calls can be cancelled.
    }

    /**
     * A dialog of this Call-ID and tag ended. Only the call's current dialog counts: an INVITE
     * answered 401/407 leaves an early dialog that the stack ends seconds later, while the
     * authorized INVITE's dialog carries the call on.
     */
    final void onDialogGone(Dialog gone) {
        if (gone != dialog) {
            return;
        }
        if (state == State.CONFIRMED) {
            ended("dialog ended");
        } else if (state != State.ENDED) {
            failed(Response.REQUEST_TIMEOUT, "dialog ended before the call was answered");
        }
    }

    /** A 2xx no transaction claims: a retransmission, to be ACKed again (RFC 3261 §13.2.2.4). */
    final void onStrayResponse(ResponseEvent event) {
        Response response = event.getResponse();
        Request ack = lastAck;
        if (response.getStatusCode() < 200 || response.getStatusCode() >= 300 || ack == null || dialog == null) {
            return;
        }
        long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (seq != ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber()) {
            return;
        }
        try {
            dialog.sendAck(ack);
            agent.ua.counters().requestOut(Request.ACK);
        } catch (SipException e) {
            LOG.debug("call {}: ACK retransmission failed: {}", callId, e.getMessage());
        }
    }

    /** ACKs a 2xx to one of our INVITEs and remembers the ACK for retransmitted 2xx. */
    final void ack(Dialog d, Response ok) {
        try {
            long seq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request a = d.createAck(seq);
            d.sendAck(a);
            agent.ua.counters().requestOut(Request.ACK);
            lastAck = a;
        } catch (SipException | InvalidArgumentException e) {
            LOG.warn("call {}: ACK not sent: {}", callId, e.getMessage());
        }
    }

    /** The Replaces value (RFC 3891) naming this call's dialog, as the far end must receive it. */
    final String replacesValue() {
        String remote = remoteTag;
        if (state != State.CONFIRMED || remote == null) {
            return null;
        }
        return callId + ";to-tag=" + remote + ";from-tag=" + localTag();
    }

    // ---------------------------------------------------------------- requests handed to the exchanges

    /** The far end's re-INVITE or UPDATE: see {@link FarEndReoffer#onReInvite}. */
    final void onReInvite(Request request, ServerTransaction tx) {
        theirReoffers.onReInvite(request, tx);
    }

    /** An ACK in this dialog: see {@link FarEndReoffer#onAck}. */
    final void onAck(Request ack) {
        theirReoffers.onAck(ack);
    }

    /** A NOTIFY in this dialog: see {@link TransferOut#onNotify}. */
    final void onNotify(Request notify, ServerTransaction tx) {
        transferOut.onNotify(notify, tx);
    }

    /** A REFER in this dialog: see {@link TransferIn#onRefer}. */
    final void onRefer(Request refer, ServerTransaction tx) {
        transferIn.onRefer(refer, tx);
    }

    // ---------------------------------------------------------------- helpers

    /** Answers a server transaction; false if the stack would not send it. */
    final boolean respond(ServerTransaction tx, Request request, int status, byte[] sdpBody) {
        try {
            Response r = agent.ua.messages().createResponse(status, request);
            if (status >= 200 && status < 300 && !Request.NOTIFY.equals(request.getMethod())) {
                r.setHeader(agent.contact(lineNumber()));
            }
            if (Request.INVITE.equals(request.getMethod()) && status < 300) {
                agent.addCapabilities(r);
            }
            if (status == Response.REQUEST_PENDING) {
                r.setHeader(agent.ua.headers().createRetryAfterHeader(ThreadLocalRandom.current().nextInt(0, 3)));
            }
            if (sdpBody != null) {
                r.setContent(sdpBody, agent.sdpType());
            }
            agent.ua.respond(tx, r);
            return true;
        } catch (ParseException | SipException | InvalidArgumentException e) {
            LOG.warn("call {}: {} to {} not sent: {}", callId, status, request.getMethod(), e.getMessage());
            return false;
        }
    }

    /**
     * The challenge of a 401/407 to one of our in-dialog requests when the line's credentials can
     * answer it; null for any other response, a challenge we cannot read, or no credentials.
     */
    final DigestAuthenticator.Challenge answerableChallenge(Response response) {
        int status = response.getStatusCode();
        if (status != Response.UNAUTHORIZED && status != Response.PROXY_AUTHENTICATION_REQUIRED
                || digest() == null) {
            return null;
        }
        return DigestAuthenticator.challengeOf(response);
    }

    /**
     * The phone's media offered again in this session with {@code direction}: the negotiated codec
     * first, so that the far end has no reason to switch (RFC 6337 §5.1).
     */
    final MediaOffer reoffered(Direction direction) {
        List<Codec> codecs = new ArrayList<>(local.codecs());
        if (current != null) {
            Codec kept = codecs.stream().filter(c -> c.sameFormat(current.codec().name(), current.codec().clockRate()))
                    .findFirst().orElse(null);
            if (kept != null) {
                codecs.remove(kept);
                codecs.add(0, kept);
            }
        }
        return new MediaOffer(local.ip(), local.port(), codecs, local.ptimeMillis(), direction);
    }

    static Direction directionOf(MediaSession.MediaMode mode) {
        return switch (mode) {
            case SEND_RECV -> Direction.SEND_RECV;
            case SEND_ONLY -> Direction.SEND_ONLY;
            case RECV_ONLY -> Direction.RECV_ONLY;
            case INACTIVE -> Direction.INACTIVE;
        };
    }

    static MediaSession.MediaMode modeOf(Direction d) {
        return switch (d) {
            case SEND_RECV -> MediaSession.MediaMode.SEND_RECV;
            case SEND_ONLY -> MediaSession.MediaMode.SEND_ONLY;
            case RECV_ONLY -> MediaSession.MediaMode.RECV_ONLY;
            case INACTIVE -> MediaSession.MediaMode.INACTIVE;
        };
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
        return new MediaSession(m.remoteIp(), m.remotePort(), m.codec().name(), m.ptimeMillis(), modeOf(m.direction()));
    }

    static Optional<byte[]> sdpOf(javax.sip.message.Message m) {
        byte[] b = SipCallAgent.body(m);
        return b.length == 0 ? Optional.empty() : Optional.of(b);
    }

    /** For requests whose answer changes nothing (BYE, INFO, NOTIFY): logged when they fail. */
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
