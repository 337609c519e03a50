package org.sscpbridge.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.ListIterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.LineRegistrar.LineRegistration;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.metrics.Health;
import org.sscpbridge.metrics.SipCounters;
import org.sscpbridge.time.Scheduler;

/**
 * Keeps one line registered (RFC 3261 §10): REGISTER with digest auth, refresh at a random 70–80 %
 * of the granted expiry, 423 Interval Too Brief honoured, failures retried with {@link RetryPolicy}, and
 * Expires: 0 on {@link #unregister()}. One Call-ID and increasing CSeq for the binding's life.
 * Thread-safe: every transition runs under this object's lock; the listener is told outside it.
 */
final class SipRegistration implements LineRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(SipRegistration.class);

    private final SipUserAgent ua;
    private final LineAccount account;
    private final Scheduler scheduler;
    private final RetryPolicy retry;
    private final DoubleSupplier random;
    private final Consumer<RegistrationStatus> listener;
    private final DigestAuthenticator digest;
    private final RefreshRetries retries;
    private final CallIdHeader callId;
    private final String fromTag = Long.toHexString(Double.doubleToLongBits(Math.random()));
    private final CountDownLatch unregistered = new CountDownLatch(1);
    /** Where the REGISTERs go and the AOR's domain: the bridge's, or a trunk's. */
    private final String registrar;
    private final String domain;
    /** What the logs and counters call this binding: "line 1001", "trunk 1". */
    private final String label;
    /** Completed with {@link #unregistered}: the next registration of the same line waits for it. */
    private final java.util.concurrent.CompletableFuture<Void> gone = new java.util.concurrent.CompletableFuture<>();

    private int expires;
    private long cseq = 1;
    private int failures;
    /**
     * Credentials sent in a row without success. Two rounds, not one: a retransmitted authorized
     * REGISTER is refused by registrars that check the nonce count (RFC 2617 replay protection)
     * with a fresh challenge although the credentials are right.
     */
    private boolean stopping;
    private boolean mayHaveBinding;
    /** Identifies the transaction whose answer counts; answers to older ones are stale. */
    private long attempt;
    private Scheduler.Cancellable timer;
    private RegistrationStatus status = RegistrationStatus.of(RegistrationState.UNREGISTERED, "");

    SipRegistration(SipUserAgent ua, LineAccount account, int expires, Scheduler scheduler, RetryPolicy retry,
            DoubleSupplier random, Consumer<RegistrationStatus> listener) {
        this(ua, account, expires, scheduler, retry, random, listener, ua.settings().registrar(),
                ua.settings().domain(), "line " + account.number());
    }

    /** A binding at {@code registrar} for {@code account}'s number at {@code domain} (a trunk's). */
    SipRegistration(SipUserAgent ua, LineAccount account, int expires, Scheduler scheduler, RetryPolicy retry,
            DoubleSupplier random, Consumer<RegistrationStatus> listener, String registrar, String domain,
            String label) {
        this.registrar = registrar;
        this.domain = domain;
        this.label = label;
        this.ua = ua;
        this.account = account;
        this.expires = expires;
        this.scheduler = scheduler;
        this.retry = retry;
        this.random = random;
        this.listener = listener;
        this.digest = new DigestAuthenticator(account.authUser(), account.password());
        this.retries = new RefreshRetries(digest, account.authUser());
        this.callId = ua.newCallId();
    }

    /** Sends the first REGISTER, unless the line was dropped while it waited for its turn. */
    void start() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            sendRegister(expires);
        }
        notifyListener();
    }

    @Override
    public synchronized RegistrationStatus status() {
        return status;
    }

    @Override
    public void unregister() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            cancelTimer();
            if (mayHaveBinding) {
                sendRegister(0);
            } else {
                finishUnregistered("not registered");
            }
        }
        notifyListener();
    }

    @Override
    public boolean awaitUnregistered(long millis) throws InterruptedException {
        return unregistered.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Must hold the lock. */
    private void sendRegister(int requestedExpires) {
        long thisAttempt = ++attempt;
        try {
            Request request = buildRegister(requestedExpires);
            if (requestedExpires > 0) {
                mayHaveBinding = true;
                status = new RegistrationStatus(RegistrationState.REGISTERING, statusReasonWhileRegistering(), null);
            }
            ua.send(request).whenComplete((response, error) -> onAnswer(thisAttempt, requestedExpires, response, error));
        } catch (ParseException | InvalidArgumentException e) {
            // Only a bad number or domain in the configuration gets here: retrying cannot help.
            status = RegistrationStatus.of(RegistrationState.FAILED, "cannot build REGISTER: " + e.getMessage());
            LOG.error("{}: {}", label, status.reason());
            if (stopping) {
                finishUnregistered("not registered");
            }
        }
    }

    private String statusReasonWhileRegistering() {
        return status.state() == RegistrationState.REGISTERED ? "refreshing" : "";
    }

    private Request buildRegister(int requestedExpires) throws ParseException, InvalidArgumentException {
        SipURI aor = ua.addresses().createSipURI(account.number(), domain);
        Address aorAddress = ua.addresses().createAddress(aor);
        if (!account.displayName().isEmpty()) {
            aorAddress.setDisplayName(account.displayName());
        }
        Request request = ua.newRequest(Request.REGISTER, ua.addresses().createURI(registrar),
                aorAddress, fromTag, ua.addresses().createAddress(aor), callId, cseq++);
        ContactHeader contact = ua.headers().createContactHeader(ua.addresses().createAddress(ua.contactUri(
                account.number())));
        request.addHeader(contact);
        request.addHeader(ua.headers().createExpiresHeader(requestedExpires));
        digest.authorize(request, ua.headers());
        return request;
    }

    private void onAnswer(long answeredAttempt, int requestedExpires, Response response, Throwable error) {
        synchronized (this) {
            if (answeredAttempt != attempt) {
                return;
            }
            if (error != null) {
                String why = "no answer from registrar: " + rootMessage(error);
                ua.counters().registrarUnreachable(scheduler.now(), "REGISTER for " + label + ": " + why);
                failed(why);
            } else {
                int code = response.getStatusCode();
                if (SipCounters.meansUnreachable(code)) {
                    ua.counters().registrarUnreachable(scheduler.now(), "REGISTER for " + label + ": "
                            + code + " " + response.getReasonPhrase());
                } else {
                    ua.counters().registrarAnswered();
                }
                onResponse(requestedExpires, response);
            }
        }
        notifyListener();
    }

    /** Must hold the lock. */
    private void onResponse(int requestedExpires, Response response) {
        int code = response.getStatusCode();
        String statusLine = code + " " + response.getReasonPhrase();
        if (code >= 200 && code < 300) {
            retries.succeeded();
            if (requestedExpires == 0) {
                finishUnregistered("removed");
                return;
            }
            int granted = grantedExpires(response, requestedExpires);
            failures = 0;
            // A random point in 70–80 % of the grant: lines registered together (a restart, a storm)
            // would otherwise refresh, and after a PBX outage retransmit, in lockstep for ever.
            Duration refresh = Duration.ofMillis(Math.max(1_000,
                    Math.round(granted * 1000L * (0.7 + 0.1 * random.getAsDouble()))));
            status = new RegistrationStatus(RegistrationState.REGISTERED, "expires " + granted + " s",
                    scheduler.now().plus(refresh));
            // The phone's session logs the change with its device id; refreshes are routine.
            LOG.debug("{} registered at {} for {} s", label, registrar, granted);
            schedule(refresh, () -> sendRegister(expires));
            return;
        }
        if (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) {
            String refused = retries.onChallenge(response, statusLine);
            if (refused != null) {
                failed(refused);
            } else {
                sendRegister(requestedExpires);
            }
            return;
        }
        retries.notChallenged();
        int longer = retries.longerExpires(response, requestedExpires, expires);
        if (longer > 0) {
            LOG.info("{}: registrar wants at least {} s", label, longer);
            expires = longer;
            sendRegister(expires);
            return;
        }
        // RFC 3261 §21.5.4 / RFC 5626 §4.5: a 500 or 503 with Retry-After says when to try again.
        RetryAfterHeader retryAfter = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
        failed(statusLine, retryAfter == null ? 0 : retryAfter.getRetryAfter());
    }

    /** The expiry the registrar granted to our contact (RFC 3261 §10.2.4). */
    private int grantedExpires(Response response, int requested) {
        String ourUser = account.number();
        int ourPort = ua.localPort();
        ListIterator<?> contacts = response.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader c = (ContactHeader) contacts.next();
            if (c.getAddress().getURI() instanceof SipURI uri && ourUser.equals(uri.getUser())
                    && ua.settings().address().equals(uri.getHost())
                    && (uri.getPort() == ourPort || uri.getPort() == -1 && ourPort == 5060)) {
                if (c.getExpires() >= 0) {
                    return c.getExpires();
                }
            }
        }
        ExpiresHeader h = response.getExpires();
        return h != null ? h.getExpires() : requested;
    }

    /** Must hold the lock. */
    private void failed(String reason) {
        failed(reason, 0);
    }

    /** Must hold the lock. {@code retryAfterSeconds} (&gt; 0: the registrar's Retry-After) is the least wait. */
    private void failed(String reason, int retryAfterSeconds) {
        if (stopping) {
            // Unregistration failed: nothing more to do than to stop trying.
            finishUnregistered("removal not confirmed: " + reason);
            return;
        }
        failures++;
        ua.counters().registrationFailed(label + ": " + reason, Health.isAuthFailure(reason));
        Duration wait = retry.delay(failures, random);
        if (retryAfterSeconds > 0 && wait.compareTo(Duration.ofSeconds(retryAfterSeconds)) < 0) {
            wait = Duration.ofSeconds(retryAfterSeconds);
        }
        status = new RegistrationStatus(RegistrationState.FAILED, reason, scheduler.now().plus(wait));
        // Logged with the device id by the phone's session (every attempt's failure reaches it).
        LOG.debug("{} not registered: {}; retry in {} s", label, reason, wait.toSeconds());
        schedule(wait, () -> sendRegister(expires));
    }

    /** Must hold the lock. */
    private void finishUnregistered(String reason) {
        cancelTimer();
        mayHaveBinding = false;
        attempt++;
        status = RegistrationStatus.of(RegistrationState.UNREGISTERED, reason);
        unregistered.countDown();
        // What waits for this only schedules the next registration's start: safe under this lock.
        gone.complete(null);
    }

    /** Whether {@link #unregister} was called (the removal may still be under way). */
    synchronized boolean stopping() {
        return stopping;
    }

    /**
     * Completes once this registration's binding is removed or given up (after {@link #unregister});
     * never while it is live.
     */
    java.util.concurrent.CompletionStage<Void> whenUnregistered() {
        return gone;
    }

    /** Must hold the lock. Runs {@code action} later under the lock, unless stopped meanwhile. */
    private void schedule(Duration delay, Runnable action) {
        cancelTimer();
        timer = scheduler.schedule(delay, () -> {
            synchronized (this) {
                if (stopping) {
                    return;
                }
                action.run();
            }
            notifyListener();
        });
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /**
     * Tells the listener the status, under the lock: two threads (the timer's first REGISTER, the
     * answer's) must not hand their statuses over in the opposite order of the changes, or a stale
     * "registering" would overwrite "registered". The listener only hands over (its contract).
     */
    private synchronized void notifyListener() {
        listener.accept(status);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
