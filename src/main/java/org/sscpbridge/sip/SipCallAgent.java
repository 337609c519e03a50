package org.sscpbridge.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import gov.nist.javax.sip.header.HeaderFactoryExt;
import gov.nist.javax.sip.header.extensions.ReplacesHeader;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.config.BridgeConfig.Trunk;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.OutgoingOptions;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.SipCalls;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.log.RateLimitedLog;
import org.sscpbridge.metrics.SipCounters;
import org.sscpbridge.time.Scheduler;

/**
 * Calls over SIP (RFC 3261 INVITE dialogs, RFC 3264 offer/answer, RFC 3515 REFER, RFC 3891
 * Replaces) for the phone side: places INVITEs from a line, takes INVITEs for registered lines, and
 * routes in-dialog requests (BYE, CANCEL, INFO, re-INVITE, UPDATE, REFER, NOTIFY) to the call they
 * belong to, by Call-ID and local tag. Each call runs its events on its own serial executor (a
 * small shared pool); the routing map is the only structure shared between calls. Thread-safe.
 */
public final class SipCallAgent implements SipCalls, DialogHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallAgent.class);
    /** Copies of INVITEs and INVITEs over the bound: a flood must not become a flood of log lines. */
    private static final RateLimitedLog MERGED = new RateLimitedLog(LOG, Duration.ofMinutes(1), Instant::now);
    /** When a caller refused for too many calls may try again. */
    private static final int CALLS_RETRY_AFTER_SECONDS = 5;

    final SipUserAgent ua;
    /** Runs the calls' serial executors. */
    final Executor pool;
    /** Timers of the calls (491 retry, NOTIFY wait); tasks queue their work on the call's executor. */
    final Scheduler timers;
    /**
     * Live calls by Call-ID and local tag: when two phones of this bridge call each other through
     * the PBX, both legs share one Call-ID and differ only by which tag is ours.
     */
    private final Map<String, SipCallBase> calls = new ConcurrentHashMap<>();
    /**
     * Incoming calls by Call-ID and the caller's From tag: what a CANCEL (which has no To tag of
     * ours) and a merged copy of an INVITE (RFC 3261 §8.2.2.2) are matched against. The first
     * INVITE of a Call-ID and tag holds the entry until its call ends.
     */
    private final Map<String, IncomingSipCall> byCaller = new ConcurrentHashMap<>();
    private volatile IncomingCallHandler incoming;
    /** Trunk mode's routing (docs/TRUNK.md); null in line mode. */
    private final TrunkPlan trunks;
    /** Most events a dialog may have waiting ({@code sip.dialog.queue.max}); beyond, in-dialog requests get 503. */
    final int queueMax;
    private final RateLimitedLog queueFull = new RateLimitedLog(LOG, Duration.ofSeconds(10), Instant::now);

    public SipCallAgent(SipUserAgent ua) {
        this(ua, null, BridgeConfig.Bounds.defaults().dialogQueue());
    }

    /**
     * In trunk mode when {@code trunks} is not null (calls go out through the trunks, come in by
     * DID); with {@code queueMax} events at most waiting per dialog ({@code sip.dialog.queue.max}).
     */
    public SipCallAgent(SipUserAgent ua, TrunkPlan trunks, int queueMax) {
        this(ua, DialogThreads.POOL, DialogThreads.TIMER, trunks, queueMax);
    }

    /** With the threads the calls' events and timers run on (tests pass their own). */
    SipCallAgent(SipUserAgent ua, Executor pool, Scheduler timers) {
        this(ua, pool, timers, null, BridgeConfig.Bounds.defaults().dialogQueue());
    }

    SipCallAgent(SipUserAgent ua, Executor pool, Scheduler timers, TrunkPlan trunks, int queueMax) {
        this.ua = ua;
        this.pool = pool;
        this.timers = timers;
        this.trunks = trunks;
        this.queueMax = queueMax;
        ua.setDialogHandler(this);
    }

    /**
     * Queues a far end's in-dialog request on its call, or answers 503 when the call's queue is
     * full ({@code sip.dialog.queue.max}): a far end sending faster than the call can act gets told
     * to wait (RFC 3261 §21.5.4) instead of growing the queue.
     */
    private void offer(SipCallBase call, Request request, ServerTransaction tx, Runnable event)
            throws SipException, InvalidArgumentException, ParseException {
        if (!call.offer(event)) {
            queueFull.warn("dialog-queue-full", "call {}: {} answered 503: the dialog's event queue is full ({})",
                    call.sipCallId(), request.getMethod(), queueMax);
            ua.respond(tx, ua.messages().createResponse(Response.SERVICE_UNAVAILABLE, request));
        }
    }

    @Override
    public void onIncoming(IncomingCallHandler handler) {
        this.incoming = handler;
    }

    /** Calls alive now (for the console and for leak checks). */
    public int liveCalls() {
        return calls.size();
    }

    @Override
    public SipCall call(LineAccount line, String target, MediaEndpoint phone, CallListener listener,
            OutgoingOptions options) {
        OutgoingSipCall call = new OutgoingSipCall(this, accountFor(line), target, phone, listener, options);
        if (calls.size() >= ua.limits().maxCalls()) {
            // Never sent: the phone hears the same as from a PBX that is full.
            ua.counters().refused(SipCounters.Refusal.TOO_MANY_CALLS);
            LOG.warn("call from line {} to {} refused: {} calls are alive (sip.calls.max)", line.number(), target,
                    calls.size());
            call.post(() -> call.failed(Response.SERVICE_UNAVAILABLE, "too many calls"));
            return call;
        }
        calls.put(key(call.sipCallId(), call.localTag()), call);
        call.start();
        return call;
    }

    /** In trunk mode a line's calls answer challenges with its trunk's credentials. */
    private LineAccount accountFor(LineAccount line) {
        if (trunks == null) {
            return line;
        }
        Trunk t = trunks.trunkOf(line.number());
        return t.ipAuthentication() ? new LineAccount(line.number(), line.number(), "", line.displayName())
                : new LineAccount(line.number(), t.user(), t.password(), line.displayName());
    }

    void forget(SipCallBase call) {
        calls.remove(key(call.sipCallId(), call.localTag()), call);
        if (call instanceof IncomingSipCall in && in.callerTag() != null) {
            byCaller.remove(key(in.sipCallId(), in.callerTag()), in);
        }
    }

    private static String key(String callId, String localTag) {
        return callId + "/" + localTag;
    }

    /** The call a request belongs to: by its To tag (ours), or for CANCEL the unanswered incoming call. */
    private SipCallBase callFor(Request request, String callId) {
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        if (toTag != null) {
            return calls.get(key(callId, toTag));
        }
        if (Request.CANCEL.equals(request.getMethod())) {
            String fromTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
            return fromTag == null ? null : byCaller.get(key(callId, fromTag));
        }
        return null;
    }

    @Override
    public void onRequest(RequestEvent event, ServerTransaction tx) {
        Request request = event.getRequest();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        SipCallBase call = callFor(request, callId);
        try {
            switch (request.getMethod()) {
                case Request.INVITE -> {
                    if (call != null) {
                        offer(call, request, tx, () -> call.onReInvite(request, tx));
                    } else if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null) {
                        ua.respond(tx, ua.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                                request));
                    } else {
                        newIncoming(request, tx);
                    }
                }
                case Request.ACK -> {
                    if (call != null) {
                        call.post(() -> call.onAck(request));
                    }
                }
                case Request.CANCEL -> {
                    ua.respond(tx, ua.messages().createResponse(call == null
                            ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK, request));
                    if (call != null) {
                        call.post(call::onCancel);
                    }
                }
                case Request.BYE -> {
                    ua.respond(tx, ua.messages().createResponse(call == null
                            ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK, request));
                    if (call != null) {
                        call.post(call::onBye);
                    }
                }
                case Request.UPDATE -> {
                    if (call != null) {
                        offer(call, request, tx, () -> call.onReInvite(request, tx));
                    } else {
                        ua.respond(tx, ua.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                                request));
                    }
                }
                case Request.REFER -> {
                    if (call != null) {
                        offer(call, request, tx, () -> call.onRefer(request, tx));
                    } else {
                        // Out-of-dialog REFER is not supported: there is no call it could act on.
                        LOG.info("REFER outside of our dialogs (Call-ID {}): 481", callId);
                        ua.respond(tx, ua.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                                request));
                    }
                }
                case Request.NOTIFY -> {
                    if (call != null) {
                        offer(call, request, tx, () -> call.onNotify(request, tx));
                    } else {
                        ua.respond(tx, ua.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                                request));
                    }
                }
                case Request.INFO, Request.OPTIONS -> {
                    Response r = ua.messages().createResponse(call == null
                            ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK, request);
                    if (Request.OPTIONS.equals(request.getMethod())) {
                        addCapabilities(r);
                    }
                    ua.respond(tx, r);
                }
                default -> refuseMethod(request, tx);
            }
        } catch (SipException | InvalidArgumentException | ParseException e) {
            LOG.warn("could not answer {} for call {}: {}", request.getMethod(), callId, e.toString());
        }
    }

    /**
     * A method we do not take: 405 with Allow for the methods SIP defines (RFC 3261 §8.2.1), 501
     * for the rest.
     */
    private void refuseMethod(Request request, ServerTransaction tx) throws SipException,
            InvalidArgumentException, ParseException {
        boolean known = switch (request.getMethod()) {
            case Request.MESSAGE, Request.SUBSCRIBE, Request.PUBLISH, Request.PRACK, Request.REGISTER -> true;
            default -> false;
        };
        Response r = ua.messages().createResponse(known ? Response.METHOD_NOT_ALLOWED : Response.NOT_IMPLEMENTED,
                request);
        if (known) {
            r.setHeader(ua.headers().createAllowHeader(SipCallBase.ALLOW));
        }
        ua.respond(tx, r);
    }

    private void newIncoming(Request request, ServerTransaction tx) throws SipException, InvalidArgumentException,
            ParseException {
        String requestUser = request.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
        String line = requestUser;
        if (trunks != null) {
            javax.sip.address.URI to = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
            String toUser = to instanceof SipURI t ? t.getUser() : null;
            line = trunks.incoming(requestUser, toUser).orElse(null);
            if (line == null) {
                LOG.info("INVITE for {} (To {}): no line of this bridge, no DID: 404", requestUser, toUser);
            }
        }
        IncomingCallHandler handler = incoming;
        if (line == null || handler == null) {
            ua.respond(tx, ua.messages().createResponse(line == null ? Response.NOT_FOUND
                    : Response.TEMPORARILY_UNAVAILABLE, request));
            return;
        }
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        String callerTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
        IncomingSipCall earlier = callerTag == null ? null : byCaller.get(key(callId, callerTag));
        if (earlier != null && earlier.inviteCSeq() == ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber()) {
            // The same INVITE by another path (a new branch, so the stack saw no retransmission):
            // a merged request, RFC 3261 §8.2.2.2. One call rings, the copy is told 482.
            ua.counters().refused(SipCounters.Refusal.MERGED_REQUEST);
            MERGED.info("merged", "call {}: INVITE for line {} is a copy of one being handled (Via {}): 482",
                    callId, line, request.getHeader(ViaHeader.NAME));
            ua.respond(tx, ua.messages().createResponse(Response.LOOP_DETECTED, request));
            return;
        }
        if (calls.size() >= ua.limits().maxCalls()) {
            ua.counters().refused(SipCounters.Refusal.TOO_MANY_CALLS);
            MERGED.warn("too-many-calls", "call {}: INVITE for line {} refused: {} calls are alive (sip.calls.max): 503",
                    callId, line, calls.size());
            Response busy = ua.messages().createResponse(Response.SERVICE_UNAVAILABLE, request);
            busy.setHeader(ua.headers().createRetryAfterHeader(CALLS_RETRY_AFTER_SECONDS));
            ua.respond(tx, busy);
            return;
        }
        Optional<SipCall> replaced = Optional.empty();
        Header replacesHeader = request.getHeader(ReplacesHeader.NAME);
        if (replacesHeader != null) {
            SipCallBase target = replacesHeader instanceof ReplacesHeader r ? replaced(r) : null;
            if (target == null) {
                LOG.info("INVITE for line {} replaces no dialog of ours ({}): 481", line,
                        replacesHeader.toString().trim());
                ua.respond(tx, ua.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
                return;
            }
            replaced = Optional.of(target);
        }
        IncomingSipCall call = new IncomingSipCall(this, request, tx, replaced, line);
        calls.put(key(call.sipCallId(), call.localTag()), call);
        if (callerTag != null) {
            byCaller.putIfAbsent(key(callId, callerTag), call);
        }
        ua.respond(tx, ua.messages().createResponse(Response.TRYING, request));
        if (replaced.isPresent()) {
            LOG.info("call {}: INVITE for line {} replaces call {}", call.sipCallId(), line, replaced.get().sipCallId());
        }
        handler.onIncoming(line, call);
    }

    /**
     * Our confirmed call a Replaces names (RFC 3891 §3): its Call-ID, our tag as the to-tag and the
     * far end's as the from-tag. Null when none (early dialogs are not replaced: 481 too).
     */
    private SipCallBase replaced(ReplacesHeader r) {
        if (r.getCallId() == null || r.getToTag() == null || r.getFromTag() == null) {
            return null;
        }
        SipCallBase c = calls.get(key(r.getCallId(), r.getToTag()));
        return c != null && c.state == SipCallBase.State.CONFIRMED && r.getFromTag().equals(c.remoteTag) ? c : null;
    }

    @Override
    public void onStrayResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CallIdHeader callId = (CallIdHeader) response.getHeader(CallIdHeader.NAME);
        String fromTag = ((FromHeader) response.getHeader(FromHeader.NAME)).getTag();
        SipCallBase call = callId == null ? null : calls.get(key(callId.getCallId(), fromTag));
        if (call != null) {
            call.post(() -> call.onStrayResponse(event));
        }
    }

    @Override
    public void onDialogTerminated(DialogTerminatedEvent event) {
        Dialog d = event.getDialog();
        SipCallBase call = d == null ? null : calls.get(key(d.getCallId().getCallId(), d.getLocalTag()));
        if (call != null) {
            call.post(() -> call.onDialogGone(d));
        }
    }

    /** Contact header for {@code user} at the bridge. */
    ContactHeader contact(String user) throws ParseException {
        return ua.headers().createContactHeader(ua.addresses().createAddress(ua.contactUri(user)));
    }

    ContentTypeHeader sdpType() throws ParseException {
        return ua.headers().createContentTypeHeader("application", "sdp");
    }

    /** Our AOR for a line: {@code sip:<number>@<domain>} (in trunk mode the line's trunk's domain). */
    SipURI aor(String number) throws ParseException {
        return ua.addresses().createSipURI(number, trunks == null ? ua.settings().domain()
                : trunks.trunkOf(number).domain());
    }

    /**
     * Who an INVITE of {@code line} to {@code target} is from: its AOR; in trunk mode, when the trunk
     * does not put the caller id in From (and the call leaves the bridge), the trunk's user.
     */
    Address from(LineAccount line, String target) throws ParseException {
        String user = line.number();
        if (trunks != null && !isLocalTarget(target)) {
            Trunk t = trunks.trunkOf(line.number());
            if (!t.callerIdFrom() && !t.ipAuthentication()) {
                user = t.user();
            }
        }
        Address from = ua.addresses().createAddress(ua.addresses().createSipURI(user, trunks == null
                ? ua.settings().domain() : trunks.trunkOf(line.number()).domain()));
        if (!line.displayName().isEmpty()) {
            from.setDisplayName(line.displayName());
        }
        return from;
    }

    /** Trunk mode: P-Asserted-Identity (RFC 3325) with the line's number, when its trunk says so. */
    void addCallerId(Request request, String line, String target) throws ParseException {
        if (trunks == null || !trunks.trunkOf(line).callerIdPai() || isLocalTarget(target)) {
            return;
        }
        request.addHeader(ua.headers().createHeader("P-Asserted-Identity", "<" + aor(line) + ">"));
    }

    /** Trunk mode: a number of this bridge's own phones, and local calls wanted. */
    private boolean isLocalTarget(String target) {
        return trunks != null && trunks.isLocal(target.trim());
    }

    /**
     * A call target of {@code line}: a whole {@code sip:}/{@code sips:} URI as given, else a number at
     * our domain. In trunk mode a number of this bridge's own lines (local calls on) goes to the
     * bridge's own listening point; any other number gets its trunk's prefix rules and domain.
     */
    javax.sip.address.URI targetUri(String target, String line) throws ParseException {
        String t = target.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            return ua.addresses().createURI(t);
        }
        if (t.isEmpty()) {
            throw new ParseException("empty target", 0);
        }
        if (trunks == null) {
            return ua.addresses().createSipURI(t, ua.settings().domain());
        }
        if (trunks.isLocal(t)) {
            return ua.contactUri(t);
        }
        Trunk trunk = trunks.trunkOf(line);
        return ua.addresses().createSipURI(trunk.outbound(t), trunk.domain());
    }

    /** Referred-By (RFC 3892) for {@code who}: a URI or a name-addr. */
    Header referredBy(String who) throws ParseException {
        Address address = ua.addresses().createAddress(who.trim());
        return ((HeaderFactoryExt) ua.headers()).createReferredByHeader(address);
    }

    /** Allow and Supported of our INVITEs, 2xx and OPTIONS answers: we take REFER and Replaces. */
    void addCapabilities(javax.sip.message.Message m) throws ParseException {
        m.setHeader(ua.headers().createAllowHeader(SipCallBase.ALLOW));
        m.setHeader(ua.headers().createSupportedHeader("replaces"));
    }

    /**
     * The outbound proxy as a loose Route, unless none is set (requests then go to the target). In
     * trunk mode the line's trunk's proxy, and none for a local call (it goes to the bridge itself).
     */
    Optional<Address> proxyRoute(String line, String target) throws ParseException {
        String via = ua.settings().proxy();
        if (trunks != null) {
            if (isLocalTarget(target)) {
                return Optional.empty();
            }
            via = trunks.trunkOf(line).proxy();
        }
        if (via.isBlank()) {
            return Optional.empty();
        }
        javax.sip.address.URI proxy = ua.addresses().createURI(via);
        if (proxy instanceof SipURI p) {
            SipURI route = (SipURI) p.clone();
            route.setLrParam();
            return Optional.of(ua.addresses().createAddress(route));
        }
        return Optional.empty();
    }

    static byte[] body(javax.sip.message.Message m) {
        byte[] raw = m.getRawContent();
        return raw == null ? new byte[0] : raw;
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
