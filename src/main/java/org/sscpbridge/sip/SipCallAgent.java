package org.sscpbridge.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.SipCalls;
import org.sscpbridge.sip.sdp.SdpNegotiator;

/**
 * Calls over SIP (RFC 3261 INVITE dialogs, RFC 3264 offer/answer) for the phone side: places
 * INVITEs from a line, takes INVITEs for registered lines, and routes in-dialog requests (BYE,
 * CANCEL, INFO) to the call they belong to, by Call-ID. Thread-safe.
 */
public final class SipCallAgent implements SipCalls, DialogHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallAgent.class);

    final SipUserAgent ua;
    final SdpNegotiator sdp;
    /**
     * Live calls by Call-ID and local tag: when two phones of this bridge call each other through
     * the PBX, both legs share one Call-ID and differ only by which tag is ours.
     */
    private final Map<String, SipCallBase> calls = new ConcurrentHashMap<>();
    private volatile IncomingCallHandler incoming;

    public SipCallAgent(SipUserAgent ua) {
        this.ua = ua;
        this.sdp = new SdpNegotiator("sscp-bridge", ua.settings().address());
        ua.setDialogHandler(this);
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
    public SipCall call(LineAccount line, String number, MediaEndpoint phone, CallListener listener) {
        OutgoingSipCall call = new OutgoingSipCall(this, line, number, phone, listener);
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
        String toTag = ((javax.sip.header.ToHeader) request.getHeader(javax.sip.header.ToHeader.NAME)).getTag();
        if (toTag != null) {
            return calls.get(key(callId, toTag));
        }
        if (Request.CANCEL.equals(request.getMethod())) {
            return calls.values().stream()
                    .filter(c -> c instanceof IncomingSipCall && c.sipCallId().equals(callId))
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
                        call.onReInvite(request, tx);
                    } else {
                        newIncoming(request, tx);
                    }
                }
                case Request.ACK -> {
                    if (call != null) {
                        call.onAck(request);
                    }
                }
                case Request.CANCEL -> {
                    tx.sendResponse(ua.messages().createResponse(call == null
                            ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK, request));
                    if (call != null) {
                        call.onCancel();
                    }
                }
                case Request.BYE -> {
                    tx.sendResponse(ua.messages().createResponse(call == null
                            ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK, request));
                    if (call != null) {
                        call.onBye();
                    }
                }
                case Request.INFO, Request.OPTIONS, Request.UPDATE -> tx.sendResponse(
                        ua.messages().createResponse(call == null
                                ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK, request));
                default -> tx.sendResponse(ua.messages().createResponse(Response.NOT_IMPLEMENTED, request));
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
            tx.sendResponse(ua.messages().createResponse(line == null ? Response.NOT_FOUND
                    : Response.TEMPORARILY_UNAVAILABLE, request));
            return;
        }
        IncomingSipCall call = new IncomingSipCall(this, request, tx);
        calls.put(key(call.sipCallId(), call.localTag()), call);
        tx.sendResponse(ua.messages().createResponse(Response.TRYING, request));
        handler.onIncoming(line, call);
    }

    @Override
    public void onStrayResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CallIdHeader callId = (CallIdHeader) response.getHeader(CallIdHeader.NAME);
        String fromTag = ((javax.sip.header.FromHeader) response.getHeader(javax.sip.header.FromHeader.NAME)).getTag();
        SipCallBase call = callId == null ? null : calls.get(key(callId.getCallId(), fromTag));
        if (call != null) {
            call.onStrayResponse(event);
        }
    }

    @Override
    public void onDialogTerminated(DialogTerminatedEvent event) {
        Dialog d = event.getDialog();
        SipCallBase call = d == null ? null : calls.get(key(d.getCallId().getCallId(), d.getLocalTag()));
        if (call != null) {
            call.onDialogGone(d);
        }
    }

    /** Contact header for {@code user} at the bridge. */
    ContactHeader contact(String user) throws ParseException {
        return ua.headers().createContactHeader(ua.addresses().createAddress(ua.contactUri(user)));
    }

    ContentTypeHeader sdpType() throws ParseException {
        return ua.headers().createContentTypeHeader("application", "sdp");
    }

    /** The outbound proxy as a loose Route, unless requests go straight to it anyway. */
    Optional<Address> proxyRoute() throws ParseException {
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
