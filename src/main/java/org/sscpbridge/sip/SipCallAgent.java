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
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.OutgoingOptions;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.SipCalls;
import org.sscpbridge.time.Scheduler;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.log.RateLimitedLog;

/**
 * Calls over SIP (RFC 3261 INVITE dialogs, RFC 3264 offer/answer, RFC 3515 REFER, RFC 3891
 * Replaces) for the phone side: places INVITEs from a line, takes INVITEs for registered lines, and
 * routes in-dialog requests (BYE, CANCEL, INFO, re-INVITE, UPDATE, REFER, NOTIFY) to the call they
 * belong to, by Call-ID and local tag. Each call runs its events on its own serial executor (a
 * small shared pool); the routing map is the only structure shared between calls. Thread-safe.
 */
public final class SipCallAgent implements SipCalls, DialogHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallAgent.class);

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
    private volatile IncomingCallHandler incoming;
    /** Most events a dialog may have waiting ({@code sip.dialog.queue.max}); beyond, in-dialog requests get 503. */
    final int queueMax;
    private final RateLimitedLog queueFull = new RateLimitedLog(LOG, Duration.ofSeconds(10), Instant::now);

    public SipCallAgent(SipUserAgent ua) {
        this(ua, BridgeConfig.Bounds.defaults().dialogQueue());
    }

    /** With {@code queueMax} events at most waiting per dialog ({@code sip.dialog.queue.max}). */
    public SipCallAgent(SipUserAgent ua, int queueMax) {
        this(ua, DialogThreads.POOL, DialogThreads.TIMER, queueMax);
    }

    /** With the threads the calls' events and timers run on (tests pass their own). */
    SipCallAgent(SipUserAgent ua, Executor pool, Scheduler timers) {
        this(ua, pool, timers, BridgeConfig.Bounds.defaults().dialogQueue());
    }

    SipCallAgent(SipUserAgent ua, Executor pool, Scheduler timers, int queueMax) {
        this.ua = ua;
        this.pool = pool;
        this.timers = timers;
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
        OutgoingSipCall call = new OutgoingSipCall(this, line, target, phone, listener, options);
        calls.put(key(call.sipCallId(), call.localTag()), call);
        call.start();
        return call;
    }

    void forget(SipCallBase call) {
        calls.remove(key(call.sipCallId(), call.localTag()), call);
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
            return calls.values().stream()
                    .filter(c -> c instanceof IncomingSipCall && c.sipCallId().equals(callId)
                            && fromTag != null
                            && fromTag.equals(((IncomingSipCall) c).callerTag()))
                    .findFirst().orElse(null);
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
                default -> ua.respond(tx, ua.messages().createResponse(Response.NOT_IMPLEMENTED, request));
            }
        } catch (SipException | InvalidArgumentException | ParseException e) {
            LOG.warn("could not answer {} for call {}: {}", request.getMethod(), callId, e.toString());
        }
    }

    private void newIncoming(Request request, ServerTransaction tx) throws SipException, InvalidArgumentException,
            ParseException {
        String line = request.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
        IncomingCallHandler handler = incoming;
        if (line == null || handler == null) {
            ua.respond(tx, ua.messages().createResponse(line == null ? Response.NOT_FOUND
                    : Response.TEMPORARILY_UNAVAILABLE, request));
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
        IncomingSipCall call = new IncomingSipCall(this, request, tx, replaced);
        calls.put(key(call.sipCallId(), call.localTag()), call);
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

    /** Our AOR for a line: {@code sip:<number>@<domain>}. */
    SipURI aor(String number) throws ParseException {
        return ua.addresses().createSipURI(number, ua.settings().domain());
    }

    /** A call target: a whole {@code sip:}/{@code sips:} URI as given, else a number at our domain. */
    javax.sip.address.URI targetUri(String target) throws ParseException {
        String t = target.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            return ua.addresses().createURI(t);
        }
        if (t.isEmpty()) {
            throw new ParseException("empty target", 0);
        }
        return ua.addresses().createSipURI(t, ua.settings().domain());
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

    /** The outbound proxy as a loose Route, unless none is set (requests then go to the target). */
    Optional<Address> proxyRoute() throws ParseException {
        if (ua.settings().proxy().isBlank()) {
            return Optional.empty();
        }
        javax.sip.address.URI proxy = ua.addresses().createURI(ua.settings().proxy());
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
