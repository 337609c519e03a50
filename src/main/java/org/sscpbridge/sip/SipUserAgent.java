package org.sscpbridge.sip;

import gov.nist.core.CommonLogger;
import gov.nist.javax.sip.SipStackImpl;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.log.RateLimitedLog;
import org.sscpbridge.metrics.SipCounters;

/**
 * The bridge's SIP user agent: one JAIN-SIP stack, one UDP listening point, one provider, and the
 * listener that routes what arrives. Owns the stack's whole life: {@link #start} creates it,
 * {@link #close} frees the port. Thread-safe.
 */
public final class SipUserAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipUserAgent.class);
    private static final String USER_AGENT = "sscp-sip-bridge";
    private static final AtomicLong STACK_COUNTER = new AtomicLong();
    /** Threads that process received SIP messages (the RI's UDP channel pool). */
    static final int THREAD_POOL_SIZE = 4;
    /** Asked for the SIP socket's kernel buffers (capped by the kernel); see start(). */
    static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    static {
        // The RI logs through log4j 1 until a stack says otherwise; route everything to SLF4J
        // before any JAIN-SIP class can log.
        CommonLogger.legacyLogger = new Slf4jStackLogger();
        CommonLogger.useLegacyLogger = true;
    }

    /** SIP requests the bridge cannot answer: at most one line a minute, with the count held back. */
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, Duration.ofMinutes(1),
            java.time.Instant::now);

    private final SipSettings settings;
    private final SipCounters counters;
    private final SipAdmission admission;
    private final SipStackImpl stack;
    private final SipProvider provider;
    private final ListeningPoint listeningPoint;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final ConcurrentHashMap<ClientTransaction, TransactionHandler> pending = new ConcurrentHashMap<>();
    private volatile DialogHandler dialogs;
    /** Who takes NOTIFYs of the message-summary package (MWI); null: they go to {@link #dialogs}. */
    private volatile java.util.function.BiConsumer<RequestEvent, ServerTransaction> messageSummary;
    private final AtomicLong cseq = new AtomicLong(1);
    /** The lines registered through this agent, by number: their credentials for in-dialog requests. */
    private final ConcurrentHashMap<String, LineAccount> accounts = new ConcurrentHashMap<>();
    private volatile boolean onlyLines;
    /** The RI's event scanner thread(s) of this stack, to be woken at close. */
    private final List<Thread> scanners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SipUserAgent(SipSettings settings, SipCounters counters, SipAdmission admission, SipStackImpl stack,
            ListeningPoint lp, SipProvider provider) throws SipException {
        this.settings = settings;
        this.counters = counters;
        this.admission = admission;
        this.stack = stack;
        this.listeningPoint = lp;
        this.provider = provider;
        try {
            SipFactory factory = SipFactory.getInstance();
            this.addresses = factory.createAddressFactory();
            this.headers = factory.createHeaderFactory();
            this.messages = factory.createMessageFactory();
        } catch (javax.sip.PeerUnavailableException e) {
            throw new SipException("JAIN-SIP factories unavailable", e);
        }
    }

    /** Creates the stack and binds its UDP port, counting into counters of its own. */
    public static SipUserAgent start(SipSettings settings) throws SipStartException {
        return start(settings, new SipCounters());
    }

    /**
     * Creates the stack and binds its UDP port; on failure nothing is left open. Every request and
     * response through it is counted in {@code counters} (which may outlive it).
     */
    public static SipUserAgent start(SipSettings settings, SipCounters counters) throws SipStartException {
        return start(settings, counters, SipLimits.DEFAULTS);
    }

    /**
     * Creates the stack and binds its UDP port behind {@code limits} (per-source rates, receive
     * queue, live calls); on failure nothing is left open.
     */
    public static SipUserAgent start(SipSettings settings, SipCounters counters, SipLimits limits)
            throws SipStartException {
        String where = settings.address() + ":" + settings.port();
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", USER_AGENT + "-" + STACK_COUNTER.incrementAndGet());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "true");
        // The stack keeps INVITE dialogs (tags, route sets, CSeq, ACK for 2xx) for the call agent.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        // Unsolicited message-summary NOTIFYs (MWI) reach the listener instead of the RI's own 481.
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(THREAD_POOL_SIZE));
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", SafeStopMessageProcessorFactory.class.getName());
        // The RI allocates a receive buffer of this size for every UDP datagram (default 64 KiB);
        // SIP over UDP stays far below it (RFC 3261 §18.1.1).
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "16384");
        // The RI sets SO_RCVBUF/SO_SNDBUF of its UDP socket to 64 KiB unless told otherwise: less than
        // Linux's default, about 250 answers. A registration storm (thousands of 401s and 200s at once)
        // overflowed it (kernel RcvbufErrors), each lost answer cost a 0.5–4 s REGISTER retransmission and
        // those piled onto the registrar: the collapse seen at 5 000 phones. The kernel caps the value at
        // net.core.rmem_max / wmem_max. It also lets a SIP flood reach the admission, where it is
        // counted and refused instead of lost in the kernel unseen.
        // The RI's default timer is one java.util.Timer: every transaction timer (T1 retransmission,
        // Timer F/K) is scheduled and cancelled under its single queue lock, the second most contended
        // lock in the storm's profile; the ScheduledThreadPoolExecutor-based timer does not serialize so.
        p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", "gov.nist.javax.sip.stack.timers.ScheduledExecutorSipTimer");
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", String.valueOf(SOCKET_BUFFER_BYTES));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", String.valueOf(SOCKET_BUFFER_BYTES));
        SipStackImpl stack = null;
        Set<Thread> scannersBefore = eventScanners();
        try {
            stack = new SipStackImpl(p);
            ListeningPoint lp = stack.createListeningPoint(settings.address(), settings.port(), ListeningPoint.UDP);
            List<String> servers = new ArrayList<>(List.of(settings.registrar(), settings.proxy()));
            servers.addAll(limits.trustedPeers());
            TrustedSources trusted = TrustedSources.resolve(servers, limits.trustedNetworks(),
                    SipFactory.getInstance().createAddressFactory());
            SipAdmission admission = new SipAdmission(limits, counters, java.time.Instant::now, trusted);
            if (!SafeStopMessageProcessorFactory.admit(lp, admission)) {
                throw new SipException("the SIP stack's UDP processor is not ours: no admission control");
            }
            SipProvider provider = stack.createSipProvider(lp);
            SipUserAgent ua = new SipUserAgent(settings, counters, admission, stack, lp, provider);
            provider.addSipListener(ua.new Listener());
            stack.start();
            ua.scanners.addAll(eventScanners());
            ua.scanners.removeAll(scannersBefore);
            LOG.info("SIP user agent listening on udp {}:{}; no per-source rate for {}", settings.address(),
                    lp.getPort(), trusted);
            return ua;
        } catch (Exception e) {
            // JAIN-SIP reports a taken port as one of several checked exceptions: all mean "cannot start".
            if (stack != null) {
                stack.stop();
            }
            throw new SipStartException("cannot open SIP udp " + where + ": " + rootMessage(e), e);
        }
    }

    private static Set<Thread> eventScanners() {
        Set<Thread> found = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("EventScannerThread")) {
                found.add(t);
            }
        }
        return found;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public SipSettings settings() {
        return settings;
    }

    /** The protective limits this agent runs under. */
    public SipLimits limits() {
        return admission.limits();
    }

    /** What this agent sent and received. */
    /** Client transactions alive in the stack now (for the live gauges). */
    public int liveClientTransactions() {
        return stack.getClientTransactionTableSize();
    }

    /** Server transactions alive in the stack now (for the live gauges). */
    public int liveServerTransactions() {
        return stack.getServerTransactionTableSize();
    }

    public SipCounters counters() {
        return counters;
    }

    /** The UDP port actually bound (differs from the settings when they asked for port 0). */
    public int localPort() {
        return listeningPoint.getPort();
    }

    public AddressFactory addresses() {
        return addresses;
    }

    public HeaderFactory headers() {
        return headers;
    }

    /**
     * From now on, out-of-dialog requests for a user that is none of the lines registered through
     * this agent get 404 (the bridge's agent, see {@link SipLineRegistrar}); an agent that never
     * registers lines (a probe, a test peer playing PBX) takes requests for any user.
     */
    void answerOnlyForLines() {
        onlyLines = true;
    }

    /** Remembers a line's account, so that calls to it can answer challenges to in-dialog requests. */
    void rememberAccount(LineAccount account) {
        accounts.put(account.number(), account);
    }

    /** The account of line {@code number} if it registered through this agent, else null. */
    LineAccount account(String number) {
        return number == null ? null : accounts.get(number);
    }

    /**
     * A fresh Call-ID: 128 random bits @ our address. Not the RI's getNewCallId(), which runs a
     * synchronized MD5 over SecureRandom output: in a registration storm the SIP threads queued on
     * that lock (JFR monitor-enter events, docs/BENCHMARKS.md). Call-IDs must be unique, not secret.
     */
    public CallIdHeader newCallId() {
        try {
            return headers.createCallIdHeader(randomHex() + "@" + settings.address());
        } catch (ParseException e) {
            throw new IllegalStateException("Call-ID of our own making refused", e);
        }
    }

    /** 128 random bits as 32 hex digits, without a lock shared between threads. */
    private static String randomHex() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return String.format("%016x%016x", r.nextLong(), r.nextLong());
    }

    /** The bridge's own address as a SIP URI with {@code user}: what Contact headers carry. */
    public SipURI contactUri(String user) throws ParseException {
        SipURI uri = addresses.createSipURI(user, settings.address());
        uri.setPort(localPort());
        return uri;
    }

    /**
     * A new out-of-dialog request with the mandatory headers (RFC 3261 §8.1.1) and our Via and
     * User-Agent; the caller adds Contact, Expires, credentials and body.
     */
    public Request newRequest(String method, URI requestUri, Address from, String fromTag, Address to,
            CallIdHeader callId, long cseqNumber) throws ParseException, InvalidArgumentException {
        FromHeader fromHeader = headers.createFromHeader(from, fromTag);
        ToHeader toHeader = headers.createToHeader(to, null);
        CSeqHeader cseqHeader = headers.createCSeqHeader(cseqNumber, method);
        MaxForwardsHeader maxForwards = headers.createMaxForwardsHeader(70);
        List<ViaHeader> via = new ArrayList<>();
        // Our own branch (RFC 3261 magic cookie + 128 random bits) rather than the RI's, for the same
        // reason as newCallId(): Utils.generateBranchId() is synchronized and was the most contended
        // lock in the registration storm's profile.
        via.add(headers.createViaHeader(settings.address(), localPort(), ListeningPoint.UDP, "z9hG4bK" + randomHex()));
        Request request = messages.createRequest(requestUri, method, callId, cseqHeader, fromHeader, toHeader, via,
                maxForwards);
        request.addHeader(headers.createUserAgentHeader(List.of(USER_AGENT)));
        return request;
    }

    /**
     * Sends {@code request} in a new client transaction; completes with the final response, or
     * exceptionally when the transaction times out or the transport fails (the RI's Timer B/F: 32 s).
     */
    public CompletableFuture<Response> send(Request request) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        try {
            send(request, new TransactionHandler() {
                @Override
                public void onResponse(ResponseEvent event) {
                    if (event.getResponse().getStatusCode() >= 200) {
                        result.complete(event.getResponse());
                    }
                }

                @Override
                public void onNoFinalResponse(String why) {
                    result.completeExceptionally(new SipException(why));
                }
            });
        } catch (SipException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Sends {@code request} in a new client transaction whose every response goes to {@code handler}. */
    ClientTransaction send(Request request, TransactionHandler handler) throws SipException {
        ClientTransaction tx = provider.getNewClientTransaction(request);
        pending.put(tx, handler);
        try {
            tx.sendRequest();
        } catch (SipException e) {
            pending.remove(tx);
            throw e;
        }
        counters.requestOut(request.getMethod());
        return tx;
    }

    /** Sends an in-dialog request (BYE, INFO, re-INVITE) whose responses go to {@code handler}. */
    ClientTransaction sendInDialog(javax.sip.Dialog dialog, Request request, TransactionHandler handler)
            throws SipException {
        ClientTransaction tx = provider.getNewClientTransaction(request);
        pending.put(tx, handler);
        try {
            dialog.sendRequest(tx);
        } catch (SipException e) {
            pending.remove(tx);
            throw e;
        }
        counters.requestOut(request.getMethod());
        return tx;
    }

    /** Sends CANCEL for an INVITE transaction that has had a provisional response. */
    void cancel(ClientTransaction invite) throws SipException {
        Request cancel = invite.createCancel();
        ClientTransaction tx = provider.getNewClientTransaction(cancel);
        tx.sendRequest();
        counters.requestOut(Request.CANCEL);
    }

    /** Sends {@code response} in {@code tx} and counts it: every response of the bridge goes through here. */
    void respond(ServerTransaction tx, Response response) throws SipException, InvalidArgumentException {
        tx.sendResponse(response);
        counters.responseOut(tx.getRequest().getMethod(), response.getStatusCode());
    }

    ServerTransaction serverTransaction(Request request) throws SipException {
        return provider.getNewServerTransaction(request);
    }

    MessageFactory messages() {
        return messages;
    }

    /** Who takes call requests; without one, INVITEs are answered 480. */
    void setDialogHandler(DialogHandler handler) {
        this.dialogs = handler;
    }

    /** Who takes message-summary NOTIFYs (in and out of dialog) from now on. */
    void setMessageSummaryHandler(java.util.function.BiConsumer<RequestEvent, ServerTransaction> handler) {
        this.messageSummary = handler;
    }

    /**
     * Sends OPTIONS to {@code target} (a sip: URI) and completes with the final response, or
     * exceptionally on timeout or transport error: the "is the PBX there" probe.
     */
    public CompletableFuture<Response> options(String target, Duration timeout) {
        try {
            URI requestUri = addresses.createURI(target);
            Address from = addresses.createAddress(contactUri(USER_AGENT));
            Request request = newRequest(Request.OPTIONS, requestUri, from, Long.toHexString(System.nanoTime()),
                    addresses.createAddress(requestUri), newCallId(), cseq.getAndIncrement());
            return send(request).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ParseException | InvalidArgumentException e) {
            return CompletableFuture.failedFuture(new SipException("bad OPTIONS target " + target, e));
        }
    }

    @Override
    public void close() {
        pending.values().forEach(h -> h.onNoFinalResponse("SIP user agent stopped"));
        pending.clear();
        // Stopping the stack closes the socket and stops its timers. Its event scanner only gets a
        // flag while it waits on an empty queue, so that non-daemon thread would live on (one per
        // enable/disable): it leaves its loop when interrupted.
        stack.stop();
        scanners.forEach(Thread::interrupt);
        LOG.info("SIP user agent on udp {}:{} stopped", settings.address(), listeningPoint.getPort());
    }

    /** Routes the stack's events. Runs on JAIN-SIP threads. */
    private final class Listener implements SipListenerExt {
        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            String method = request.getMethod();
            counters.requestIn(method);
            DialogHandler handler = dialogs;
            try {
                if (Request.ACK.equals(method)) {
                    if (handler != null) {
                        handler.onRequest(event, null);
                    }
                    return;
                }
                ServerTransaction tx = event.getServerTransaction() != null
                        ? event.getServerTransaction()
                        : provider.getNewServerTransaction(request);
                String unknown = unknownUser(request);
                if (unknown != null) {
                    counters.refused(SipCounters.Refusal.UNKNOWN_USER);
                    BAD_INPUT.info("unknown-user", "SIP {} for user {} (Via {}): no line of ours has it: 404", method,
                            RawSipMessage.printable(unknown), request.getHeader(ViaHeader.NAME));
                    respond(tx, messages.createResponse(Response.NOT_FOUND, request));
                } else if (Request.OPTIONS.equals(method) && event.getDialog() == null) {
                    Response response = messages.createResponse(Response.OK, request);
                    response.addHeader(headers.createAllowHeader(SipCallBase.ALLOW));
                    response.addHeader(headers.createSupportedHeader("replaces"));
                    respond(tx, response);
                } else if (messageSummary != null && SipMessageWaiting.isMessageSummary(request)) {
                    messageSummary.accept(event, tx);
                } else if (handler != null) {
                    handler.onRequest(event, tx);
                } else {
                    int status = Request.INVITE.equals(method) ? Response.TEMPORARILY_UNAVAILABLE
                            : Response.NOT_IMPLEMENTED;
                    respond(tx, messages.createResponse(status, request));
                }
            } catch (Exception e) {
                // A request the stack will not let us answer (retransmission racing its transaction,
                // malformed beyond parsing): nothing to undo, the peer retransmits or gives up.
                BAD_INPUT.warn("bad-request", "could not answer {} (Via {}): {}", method,
                        request.getHeader(ViaHeader.NAME), e.toString());
            }
        }

        /**
         * The Request-URI's user when this out-of-dialog request names one we do not have, else
         * null. RFC 3261 §8.2.2.1: a request for an address the UAS does not accept requests for
         * gets 404. Ours are the lines registered through this agent (which is how the PBX learns
         * where to send their requests) and our own name; a Request-URI without user is for the
         * bridge itself (OPTIONS 200, INVITE 404 in the call agent, as before). Checked before the
         * method (§8.2.1 would answer an unsupported method first): a scanner probing users then
         * learns the same thing whatever method it uses.
         */
        private String unknownUser(Request request) {
            ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
            if (!onlyLines || to != null && to.getTag() != null || Request.CANCEL.equals(request.getMethod())) {
                return null;
            }
            if (!(request.getRequestURI() instanceof SipURI uri) || uri.getUser() == null || uri.getUser().isEmpty()) {
                return null;
            }
            String user = uri.getUser();
            return USER_AGENT.equals(user) || accounts.containsKey(user) ? null : user;
        }

        @Override
        public void processResponse(ResponseEvent event) {
            Response response = event.getResponse();
            CSeqHeader cseqHeader = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
            counters.responseIn(cseqHeader == null ? null : cseqHeader.getMethod(), response.getStatusCode());
            ClientTransaction tx = event.getClientTransaction();
            TransactionHandler handler = tx == null ? null
                    : event.getResponse().getStatusCode() >= 200 ? pending.remove(tx) : pending.get(tx);
            if (handler != null) {
                handler.onResponse(event);
            } else if (dialogs != null) {
                dialogs.onStrayResponse(event);
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            if (event.getClientTransaction() != null) {
                counters.timeout(event.getClientTransaction().getRequest().getMethod());
                TransactionHandler h = pending.remove(event.getClientTransaction());
                if (h != null) {
                    h.onNoFinalResponse("no answer (transaction timeout)");
                }
            }
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            LOG.warn("SIP I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
            if (event.getClientTransaction() != null) {
                TransactionHandler h = pending.remove(event.getClientTransaction());
                if (h != null) {
                    h.onNoFinalResponse("transaction ended without a final response");
                }
            }
        }

        /**
         * A dialog timed out (RFC 3261 §13.3.1.4: our 2xx was never ACKed; our ACK or a re-INVITE
         * could not complete). Taking this event over from the RI means ending such dialogs here:
         * a confirmed one gets BYE, so the far end learns the call is over, then every one is
         * deleted, which ends its call through {@link #processDialogTerminated}.
         */
        @Override
        public void processDialogTimeout(DialogTimeoutEvent event) {
            Dialog dialog = event.getDialog();
            if (dialog == null) {
                return;
            }
            LOG.info("call {}: dialog timed out ({}): ending it", dialog.getCallId().getCallId(), event.getReason());
            try {
                if (event.getReason() != DialogTimeoutEvent.Reason.EarlyStateTimeout
                        && dialog.getState() == DialogState.CONFIRMED) {
                    Request bye = dialog.createRequest(Request.BYE);
                    dialog.sendRequest(provider.getNewClientTransaction(bye));
                }
            } catch (SipException e) {
                LOG.warn("call {}: BYE after the dialog timed out not sent: {}", dialog.getCallId().getCallId(),
                        e.getMessage());
            } finally {
                dialog.delete();
            }
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
            if (dialogs != null) {
                dialogs.onDialogTerminated(event);
            }
        }
    }
}
