package org.sscpbridge.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MailboxStatus;
import org.sscpbridge.call.MessageWaiting;
import org.sscpbridge.time.Scheduler;

/**
 * One line's subscription to its mailbox (RFC 6665 SUBSCRIBE for the {@code message-summary}
 * package of RFC 3842): SUBSCRIBE to the line's AOR, routed to the MWI server; digest auth on
 * 401/407; 423 honoured; refreshed in its dialog at 80 % of the granted expiry; NOTIFYs of its
 * dialog answered and their state handed to the listener in CSeq order; a failure or a
 * {@code Subscription-State: terminated} starts a new subscription (new dialog) after the
 * {@link RetryPolicy} backoff; {@link #cancel()} sends Expires: 0. Thread-safe: every transition runs
 * under this object's lock, and the listener is told under it (it only queues).
 */
final class MwiSubscription implements MessageWaiting.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(MwiSubscription.class);
    static final String EVENT = "message-summary";
    /** After Expires: 0, NOTIFYs of the dialog (the final "terminated" one) are still answered 200 this long. */
    static final Duration LINGER = Duration.ofSeconds(10);

    /** Where the agent finds a subscription by Call-ID and our tag. */
    interface Routes {
        void add(String key, MwiSubscription s);

        void remove(String key, MwiSubscription s);
    }

    private final SipUserAgent ua;
    private final LineAccount account;
    private final String server;
    private final Scheduler scheduler;
    private final RetryPolicy retry;
    private final DoubleSupplier random;
    private final Consumer<MailboxStatus> listener;
    private final Routes routes;
    private final DigestAuthenticator digest;
    private final RefreshRetries retries;

    private int expires;
    private CallIdHeader callId;
    private String fromTag;
    private String key;
    private long cseq;
    private Dialog dialog;
    /** A 2xx to a SUBSCRIBE of the current dialog arrived: refreshes go in the dialog. */
    private boolean confirmed;
    private long lastNotifyCSeq = -1;
    private boolean inFlight;
    private int failures;
    private boolean stopping;
    private boolean finished;
    /** Identifies the transaction whose answer counts; answers to older ones are stale. */
    private long attempt;
    private Scheduler.Cancellable timer;

    MwiSubscription(SipUserAgent ua, LineAccount account, String server, int expires, Scheduler scheduler,
            RetryPolicy retry, DoubleSupplier random, Consumer<MailboxStatus> listener, Routes routes) {
        this.ua = ua;
        this.account = account;
        this.server = server;
        this.expires = expires;
        this.scheduler = scheduler;
        this.retry = retry;
        this.random = random;
        this.listener = listener;
        this.routes = routes;
        this.digest = new DigestAuthenticator(account.authUser(), account.password());
        this.retries = new RefreshRetries(digest, account.authUser());
    }

    String line() {
        return account.number();
    }

    /** Sends the first SUBSCRIBE, unless cancelled while it waited for its turn. */
    synchronized void start() {
        if (!stopping) {
            fresh();
        }
    }

    @Override
    public synchronized void cancel() {
        if (stopping) {
            return;
        }
        stopping = true;
        cancelTimer();
        if (inDialog()) {
            sendSubscribe(0);
        } else if (!inFlight) {
            finish();
        }
        // else: a SUBSCRIBE is on its way; its 2xx is answered with Expires: 0, a failure finishes.
    }

    /** A new dialog: new Call-ID and tag, the old dialog (if any) dropped. Must hold the lock. */
    private void fresh() {
        dropDialog();
        try {
            callId = ua.newCallId();
        } catch (RuntimeException e) {
            failed("cannot start a SUBSCRIBE: " + e);
            return;
        }
        fromTag = Long.toHexString(Double.doubleToLongBits(Math.random()) ^ System.nanoTime());
        key = SipMessageWaiting.key(callId.getCallId(), fromTag);
        routes.add(key, this);
        cseq = 1;
        lastNotifyCSeq = -1;
        confirmed = false;
        sendSubscribe(expires);
    }

    private void dropDialog() {
        if (key != null) {
            routes.remove(key, this);
        }
        if (dialog != null) {
            try {
                dialog.delete();
            } catch (RuntimeException e) {
                LOG.debug("line {}: old MWI dialog: {}", account.number(), e.toString());
            }
            dialog = null;
        }
        confirmed = false;
    }

    private boolean inDialog() {
        return confirmed && dialog != null && dialog.getState() != null
                && dialog.getState() != DialogState.TERMINATED;
    }

    /** Must hold the lock. */
    private void sendSubscribe(int requestedExpires) {
        long thisAttempt = ++attempt;
        try {
            boolean viaDialog = inDialog();
            Request request = build(requestedExpires, viaDialog);
            TransactionHandler handler = new TransactionHandler() {
                @Override
                public void onResponse(ResponseEvent event) {
                    if (event.getResponse().getStatusCode() >= 200) {
                        onFinalResponse(thisAttempt, requestedExpires, event);
                    }
                }

                @Override
                public void onNoFinalResponse(String why) {
                    onNoAnswer(thisAttempt, why);
                }
            };
            inFlight = true;
            if (viaDialog) {
                ua.sendInDialog(dialog, request, handler);
            } else {
                ua.send(request, handler);
            }
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            inFlight = false;
            failed("cannot send SUBSCRIBE: " + e.getMessage());
        }
    }

    private Request build(int requestedExpires, boolean viaDialog) throws ParseException, InvalidArgumentException,
            SipException {
        Request request;
        if (viaDialog) {
            request = dialog.createRequest(Request.SUBSCRIBE);
        } else {
            SipURI aor = ua.addresses().createSipURI(account.number(), ua.settings().domain());
            Address from = ua.addresses().createAddress(aor);
            if (!account.displayName().isEmpty()) {
                from.setDisplayName(account.displayName());
            }
            request = ua.newRequest(Request.SUBSCRIBE, (URI) aor.clone(), from, fromTag,
                    ua.addresses().createAddress((URI) aor.clone()), callId, cseq++);
            URI target = ua.addresses().createURI(server);
            if (target instanceof SipURI s) {
                SipURI route = (SipURI) s.clone();
                route.setLrParam();
                request.addHeader(ua.headers().createRouteHeader(ua.addresses().createAddress(route)));
            }
        }
        request.setHeader(ua.headers().createContactHeader(ua.addresses().createAddress(
                ua.contactUri(account.number()))));
        request.setHeader(ua.headers().createEventHeader(EVENT));
        request.setHeader(ua.headers().createAcceptHeader("application", "simple-message-summary"));
        request.setHeader(ua.headers().createExpiresHeader(requestedExpires));
        digest.authorize(request, ua.headers());
        return request;
    }

    private synchronized void onFinalResponse(long answered, int requestedExpires, ResponseEvent event) {
        if (answered != attempt) {
            return;
        }
        inFlight = false;
        Response response = event.getResponse();
        int code = response.getStatusCode();
        String statusLine = code + " " + response.getReasonPhrase();
        if (code >= 200 && code < 300) {
            retries.succeeded();
            Dialog d = event.getDialog() != null ? event.getDialog()
                    : event.getClientTransaction() != null ? event.getClientTransaction().getDialog() : null;
            if (d != null) {
                dialog = d;
            }
            confirmed = dialog != null;
            if (requestedExpires == 0) {
                LOG.info("line {}: message-summary subscription ended", account.number());
                finish();
                return;
            }
            if (stopping) {
                sendSubscribe(0); // cancelled while the SUBSCRIBE was on its way
                return;
            }
            ExpiresHeader e = response.getExpires();
            int granted = e != null ? e.getExpires() : requestedExpires;
            if (granted <= 0) {
                failed(statusLine + " with Expires: " + granted);
                return;
            }
            failures = 0;
            LOG.info("line {} subscribed to message-summary at {} for {} s", account.number(), server, granted);
            scheduleRefresh(granted);
            return;
        }
        if (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) {
            String refused = retries.onChallenge(response, statusLine);
            if (refused != null) {
                failed(refused);
            } else {
                sendSubscribe(requestedExpires);
            }
            return;
        }
        retries.notChallenged();
        int longer = retries.longerExpires(response, requestedExpires, expires);
        if (longer > 0) {
            LOG.info("line {}: MWI server wants at least {} s", account.number(), longer);
            expires = longer;
            sendSubscribe(expires);
            return;
        }
        if (code == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST && confirmed && !stopping) {
            LOG.info("line {}: MWI server forgot the subscription (481): subscribing anew", account.number());
            fresh();
            return;
        }
        failed(statusLine);
    }

    private synchronized void onNoAnswer(long answered, String why) {
        if (answered != attempt) {
            return;
        }
        inFlight = false;
        failed("no answer from " + server + ": " + why);
    }

    /**
     * A NOTIFY of this subscription's dialog: answered, its body read, its Subscription-State obeyed.
     * Returns the status sent, for the log of the caller.
     */
    synchronized int onNotify(RequestEvent event, ServerTransaction tx) throws SipException,
            InvalidArgumentException, ParseException {
        Request request = event.getRequest();
        long notifyCSeq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (dialog == null && event.getDialog() != null) {
            dialog = event.getDialog();
        }
        SubscriptionStateHeader state = (SubscriptionStateHeader) request.getHeader(SubscriptionStateHeader.NAME);
        MailboxStatus status = null;
        if (!SipMessageWaiting.acceptableType(request)) {
            return SipMessageWaiting.refuseType(ua, request, tx, "line " + account.number());
        }
        byte[] body = SipCallAgent.body(request);
        if (body.length > 0) {
            try {
                status = MessageSummary.parse(SipCallAgent.text(body));
            } catch (MessageSummary.MalformedException e) {
                LOG.warn("line {}: NOTIFY message-summary refused (400): {}", account.number(), e.getMessage());
                ua.respond(tx, SipMessageWaiting.badRequest(ua, request, e.getMessage()));
                return Response.BAD_REQUEST;
            }
        }
        ua.respond(tx, ua.messages().createResponse(Response.OK, request));
        boolean stale = notifyCSeq <= lastNotifyCSeq;
        lastNotifyCSeq = Math.max(lastNotifyCSeq, notifyCSeq);
        if (status != null && !stale && !stopping) {
            LOG.info("line {}: mailbox {}", account.number(), status);
            listener.accept(status);
        }
        if (stopping) {
            if (state != null && SubscriptionStateHeader.TERMINATED.equalsIgnoreCase(state.getState())) {
                finish();
            }
            return Response.OK;
        }
        if (state != null && SubscriptionStateHeader.TERMINATED.equalsIgnoreCase(state.getState())) {
            onTerminated(state);
        } else if (state != null && state.getExpires() > 0 && confirmed && !stale) {
            scheduleRefresh(state.getExpires()); // the notifier's word on the expiry counts (RFC 6665 §4.1.2.3)
        }
        return Response.OK;
    }

    /** The notifier ended the subscription: subscribe anew (RFC 6665 §4.1.3), at once or after a wait. */
    private void onTerminated(SubscriptionStateHeader state) {
        String reason = state.getReasonCode() == null ? "" : state.getReasonCode().toLowerCase(Locale.ROOT);
        int retryAfter = state.getRetryAfter();
        cancelTimer();
        dropDialog();
        attempt++; // an answer still on its way belongs to the dead dialog
        inFlight = false;
        Duration wait;
        if ((reason.equals("deactivated") || reason.equals("timeout")) && retryAfter <= 0) {
            wait = Duration.ZERO;
        } else {
            failures++;
            wait = retry.delay(failures, random);
            if (retryAfter > 0 && Duration.ofSeconds(retryAfter).compareTo(wait) > 0) {
                wait = Duration.ofSeconds(retryAfter);
            }
        }
        LOG.info("line {}: MWI server ended the subscription ({}): subscribing again in {} s", account.number(),
                reason.isEmpty() ? "no reason" : reason, wait.toSeconds());
        schedule(wait, this::fresh);
    }

    private void scheduleRefresh(int seconds) {
        Duration refresh = Duration.ofMillis(Math.max(1_000, seconds * 800L));
        schedule(refresh, () -> sendSubscribe(expires));
    }

    /** Must hold the lock. */
    private void failed(String reason) {
        if (stopping) {
            finish();
            return;
        }
        failures++;
        Duration wait = retry.delay(failures, random);
        LOG.warn("line {}: no message-summary subscription: {}; retry in {} s", account.number(), reason,
                wait.toSeconds());
        schedule(wait, this::fresh);
    }

    /** Must hold the lock. The dialog's last NOTIFYs are still answered for {@link #LINGER}. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimer();
        attempt++;
        inFlight = false;
        String lastKey = key;
        scheduler.schedule(LINGER, () -> {
            synchronized (this) {
                if (lastKey != null) {
                    routes.remove(lastKey, this);
                }
            }
        });
    }

    /** Must hold the lock. Runs {@code action} later under the lock, unless stopped meanwhile. */
    private void schedule(Duration delay, Runnable action) {
        cancelTimer();
        timer = scheduler.schedule(delay, () -> {
            synchronized (this) {
                if (!stopping) {
                    action.run();
                }
            }
        });
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    synchronized boolean isFinished() {
        return finished;
    }
}
