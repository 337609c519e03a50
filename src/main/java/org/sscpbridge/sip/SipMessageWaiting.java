package org.sscpbridge.sip;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MailboxStatus;
import org.sscpbridge.call.MessageWaiting;
import org.sscpbridge.time.Scheduler;

/**
 * Message waiting indication over SIP (RFC 3842 on RFC 6665) for the phone side: one
 * {@link MwiSubscription} per line, and the NOTIFYs with {@code Event: message-summary} that the
 * user agent hands over: in a subscription's dialog (Call-ID and our tag) to that subscription,
 * 481 for a dialog we do not know; outside any dialog (no To tag) to the unsolicited handler when
 * allowed (else 403), 404 when no registered line has the Request-URI's user. First SUBSCRIBEs are
 * paced like first REGISTERs. Thread-safe.
 */
public final class SipMessageWaiting implements MessageWaiting {
    private static final Logger LOG = LoggerFactory.getLogger(SipMessageWaiting.class);
    static final String CONTENT_TYPE = "application/simple-message-summary";

    /**
     * @param subscribe   whether lines subscribe at all ({@code mwi.subscribe})
     * @param server      SIP URI the SUBSCRIBEs are routed to ({@code mwi.server})
     * @param unsolicited whether NOTIFYs outside a subscription are taken ({@code mwi.unsolicited})
     * @param expires     seconds asked in SUBSCRIBE
     */
    public record Settings(boolean subscribe, String server, boolean unsolicited, int expires) {
        public Settings {
            Objects.requireNonNull(server, "server");
        }
    }

    private final SipUserAgent ua;
    private final Scheduler scheduler;
    private final Settings settings;
    private final RetryPolicy retry;
    private final Duration spacing;
    private final Random random = new Random();
    private final Map<String, MwiSubscription> routes = new ConcurrentHashMap<>();
    private final MwiSubscription.Routes routing = new MwiSubscription.Routes() {
        @Override
        public void add(String key, MwiSubscription s) {
            routes.put(key, s);
        }

        @Override
        public void remove(String key, MwiSubscription s) {
            routes.remove(key, s);
        }
    };
    private volatile UnsolicitedHandler unsolicited;
    private Instant nextStart = Instant.MIN;

    /** Takes over the message-summary NOTIFYs of {@code ua}. */
    public SipMessageWaiting(SipUserAgent ua, Scheduler scheduler, Settings settings, RetryPolicy retry,
            int perSecond) {
        this.ua = ua;
        this.scheduler = scheduler;
        this.settings = settings;
        this.retry = retry;
        this.spacing = Duration.ofNanos(1_000_000_000L / Math.max(1, perSecond));
        ua.setMessageSummaryHandler(this::onNotify);
    }

    @Override
    public Subscription subscribe(LineAccount line, Consumer<MailboxStatus> listener) {
        if (!settings.subscribe()) {
            return () -> { };
        }
        MwiSubscription s = new MwiSubscription(ua, line, settings.server(), settings.expires(), scheduler, retry,
                random::nextDouble, listener, routing);
        scheduler.schedule(slot(), s::start);
        return s;
    }

    @Override
    public void onUnsolicited(UnsolicitedHandler handler) {
        this.unsolicited = handler;
    }

    /** Dialogs of subscriptions (live, or ended and still answering their last NOTIFYs). */
    public int dialogs() {
        return routes.size();
    }

    private synchronized Duration slot() {
        Instant now = scheduler.now();
        Instant at = nextStart.isAfter(now) ? nextStart : now;
        nextStart = at.plus(spacing);
        return Duration.between(now, at);
    }

    static String key(String callId, String localTag) {
        return callId + "/" + localTag;
    }

    /** Whether {@code request} is a NOTIFY of the message-summary package (ours to take). */
    static boolean isMessageSummary(Request request) {
        if (!Request.NOTIFY.equals(request.getMethod())) {
            return false;
        }
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        return event != null && event.getEventType() != null
                && MwiSubscription.EVENT.equalsIgnoreCase(event.getEventType().trim());
    }

    /** A message-summary NOTIFY; runs on a JAIN-SIP thread. */
    void onNotify(RequestEvent event, ServerTransaction tx) {
        Request request = event.getRequest();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        try {
            if (toTag != null) {
                MwiSubscription s = routes.get(key(callId, toTag));
                if (s == null) {
                    LOG.info("NOTIFY message-summary for no subscription of ours (Call-ID {}): 481", callId);
                    ua.respond(tx, ua.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                            request));
                } else {
                    s.onNotify(event, tx);
                }
                return;
            }
            onUnsolicitedNotify(request, tx);
        } catch (SipException | InvalidArgumentException | ParseException e) {
            LOG.warn("could not answer NOTIFY message-summary (Call-ID {}): {}", callId, e.toString());
        }
    }

    private void onUnsolicitedNotify(Request request, ServerTransaction tx) throws SipException,
            InvalidArgumentException, ParseException {
        String line = request.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
        UnsolicitedHandler handler = unsolicited;
        if (!settings.unsolicited()) {
            LOG.info("unsolicited NOTIFY message-summary for {} refused (mwi.unsolicited = false): 403", line);
            ua.respond(tx, ua.messages().createResponse(Response.FORBIDDEN, request));
            return;
        }
        if (!acceptableType(request)) {
            refuseType(ua, request, tx, "unsolicited for " + line);
            return;
        }
        MailboxStatus status;
        try {
            status = MessageSummary.parse(SipCallAgent.text(SipCallAgent.body(request)));
        } catch (MessageSummary.MalformedException e) {
            LOG.warn("unsolicited NOTIFY message-summary for {} refused (400): {}", line, e.getMessage());
            ua.respond(tx, badRequest(ua, request, e.getMessage()));
            return;
        }
        if (line == null || handler == null || !handler.onNotify(line, status)) {
            LOG.info("unsolicited NOTIFY message-summary for {}: no registered line has it: 404", line);
            ua.respond(tx, ua.messages().createResponse(Response.NOT_FOUND, request));
            return;
        }
        LOG.info("line {}: mailbox {} (unsolicited NOTIFY)", line, status);
        ua.respond(tx, ua.messages().createResponse(Response.OK, request));
    }

    /** No Content-Type (some notifiers omit it), or {@value #CONTENT_TYPE}. */
    static boolean acceptableType(Request request) {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        return type == null || (type.getContentType() + "/" + type.getContentSubType()).toLowerCase(Locale.ROOT)
                .equals(CONTENT_TYPE);
    }

    /** 415 with the Accept we take (RFC 3261 §21.4.13). */
    static int refuseType(SipUserAgent ua, Request request, ServerTransaction tx, String what) throws SipException,
            InvalidArgumentException, ParseException {
        LOG.warn("NOTIFY message-summary ({}) refused (415): Content-Type {}", what,
                request.getHeader(ContentTypeHeader.NAME));
        Response r = ua.messages().createResponse(Response.UNSUPPORTED_MEDIA_TYPE, request);
        r.addHeader(ua.headers().createAcceptHeader("application", "simple-message-summary"));
        ua.respond(tx, r);
        return Response.UNSUPPORTED_MEDIA_TYPE;
    }

    /** 400 whose Warning (399, RFC 3261 §20.43) says why the body was refused. */
    static Response badRequest(SipUserAgent ua, Request request, String why) throws ParseException,
            InvalidArgumentException {
        Response r = ua.messages().createResponse(Response.BAD_REQUEST, request);
        r.setReasonPhrase("Bad message-summary body");
        String text = why.replace('"', '\'');
        r.addHeader(ua.headers().createWarningHeader(ua.settings().address(), 399, text));
        return r;
    }
}
