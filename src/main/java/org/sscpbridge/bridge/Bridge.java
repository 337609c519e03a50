package org.sscpbridge.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.config.DeviceConfigParser;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.phonebook.BadPhoneBookFile;
import org.sscpbridge.feature.phonebook.PhoneBookAdmin;
import org.sscpbridge.feature.phonebook.PhoneBookFiles;
import org.sscpbridge.phone.CallIdSource;
import org.sscpbridge.phone.CallSettings;
import org.sscpbridge.phone.CallSnapshot;
import org.sscpbridge.phone.DeviceDebug;
import org.sscpbridge.phone.DeviceDirectory;
import org.sscpbridge.phone.PhoneFeatures;
import org.sscpbridge.metrics.MetricsSource;
import org.sscpbridge.phone.PhoneSession;
import org.sscpbridge.phone.PhoneSnapshot;
import org.sscpbridge.phone.SscpServer;
import org.sscpbridge.sip.RetryPolicy;
import org.sscpbridge.sip.SipCallAgent;
import org.sscpbridge.call.LineRegistrar;
import org.sscpbridge.sip.SipLineRegistrar;
import org.sscpbridge.sip.SipTrunkRegistrar;
import org.sscpbridge.sip.TrunkPlan;
import org.sscpbridge.sip.SipMessageWaiting;
import org.sscpbridge.sip.SipSettings;
import org.sscpbridge.sip.SipStartException;
import org.sscpbridge.sip.SipLimits;
import org.sscpbridge.sip.SipUserAgent;
import org.sscpbridge.sscp.transport.RateLimit;
import org.sscpbridge.store.PhoneBookStore;
import org.sscpbridge.store.StoreException;
import org.sscpbridge.time.SystemScheduler;

/**
 * Owns the bridge's life: the SIP user agent and the SSCP server, opened on enable, closed on
 * disable, and reopened only where a new configuration touches them. Plain Java: the OSGi
 * component feeds it configurations; every method is safe to call from any thread.
 */
public final class Bridge implements BridgeControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    /** How long a console command waits for the store. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(10);
    /** Seconds asked in message-summary SUBSCRIBEs. */
    private static final int MWI_EXPIRES = 3600;

    private final DeviceDirectory devices;
    /** One source for the bridge's life, so ids stay unique across disable/enable. */
    private final CallIdSource callIds = new CallIdSource();
    private volatile BridgeConfig config;
    /** What the operator wants now: starts as the config's {@code enabled}, moved by enable/disable. */
    private boolean wanted;
    private volatile SystemScheduler scheduler;
    private volatile SipUserAgent sip;
    /** Volatile: trunk mode's routing reads the phones' line index from SIP threads. */
    private volatile SscpServer sscp;
    /** Trunk mode: the trunks' registrations, bound to the current SIP user agent; null in line mode. */
    private SipTrunkRegistrar trunkRegistrar;
    private OpenStore store;
    private volatile String lastError;
    /** Counters and health for the MBeans and sscp:status; outlives every socket. */
    private final BridgeMetrics metrics = new BridgeMetrics(() -> config, () -> sip, () -> lastError,
            () -> scheduler);
    /** sscp:debug: devices whose SSCP messages are logged decoded; kept across disable / enable. */
    private final DeviceDebug debug = new DeviceDebug();

    public Bridge(DeviceDirectory devices) {
        this.devices = devices;
    }

    /** Applies a configuration: the first one starts the bridge if it says enabled. */
    public synchronized void configure(BridgeConfig next) {
        try {
            DigitMap.parse(next.digitMap());
        } catch (IllegalArgumentException e) {
            // Checked here, not by the config parser: the dial plan's grammar belongs to the call layer.
            LOG.error("configuration sscp.bridge refused, previous one kept: digitmap: {}", e.getMessage());
            metrics.refused("digitmap: " + e.getMessage());
            return;
        }
        metrics.refused(null);
        BridgeConfig previous = config;
        config = next;
        if (previous == null || previous.enabled() != next.enabled()) {
            wanted = next.enabled();
        }
        if (!wanted) {
            stopAll();
            return;
        }
        if (isRunning() && previous != null) {
            applyToRunning(previous, next);
        } else {
            tryStart();
        }
    }

    private void applyToRunning(BridgeConfig previous, BridgeConfig next) {
        boolean sipChanged = previous.sipStackDiffers(next) || previous.registrationDiffers(next);
        boolean storeChanged = previous.storeDiffers(next);
        boolean sscpChanged = previous.sscpSocketDiffers(next) || storeChanged;
        sscp.update(sscpSettings(next));
        if (!sipChanged && !sscpChanged && !previous.mwi().equals(next.mwi())) {
            sscp.messageWaiting(messageWaiting(next)); // lines re-subscribe; registrations untouched
        }
        if (!sipChanged && !sscpChanged) {
            LOG.info("configuration updated; sockets unchanged");
            return;
        }
        try {
            if (sscpChanged) {
                closeSscp();
                if (storeChanged) {
                    closeStore();
                    store = OpenStore.open(next);
                }
                if (sipChanged) {
                    closeSip();
                    sip = SipUserAgent.start(sipSettings(next), metrics.sipCounters(), sipLimits(next));
                }
                sscp = SscpServer.open(sscpSettings(next), devices, registrar(next), callAgent(next), scheduler,
                        store.features());
                opened(sscp);
                sscp.messageWaiting(messageWaiting(next));
            } else {
                sscp.releaseSip();
                closeSip();
                sip = SipUserAgent.start(sipSettings(next), metrics.sipCounters(), sipLimits(next));
                sscp.rebind(registrar(next), callAgent(next));
                sscp.messageWaiting(messageWaiting(next));
            }
            lastError = null;
        } catch (SipStartException | IOException | StoreException e) {
            fail(e.getMessage());
        }
    }

    private void tryStart() {
        try {
            start();
        } catch (BridgeException e) {
            LOG.error("bridge stays disabled: {}", e.getMessage());
        }
    }

    private void start() throws BridgeException {
        if (config == null) {
            throw new BridgeException("no configuration yet");
        }
        if (isRunning()) {
            return;
        }
        try {
            scheduler = new SystemScheduler("sscp-bridge-timer");
            openStoreAndSip(config);
            sscp = SscpServer.open(sscpSettings(config), devices, registrar(config), callAgent(config), scheduler,
                    store.features());
            opened(sscp);
            sscp.messageWaiting(messageWaiting(config));
            lastError = null;
            metrics.storeProblem(null);
            LOG.info("bridge enabled: SSCP udp {}, SIP udp {}, store {}", config.sscp(), config.sip(), config.store());
        } catch (SipStartException | IOException | StoreException e) {
            metrics.storeProblem(e instanceof StoreException ? e.getMessage() : null);
            fail(e.getMessage());
            throw new BridgeException(e.getMessage(), e);
        }
    }

    /**
     * Opens the store and starts the SIP user agent side by side: neither needs the other, and each
     * takes a good part of the start (files, pool and schema check; the SIP stack's threads and
     * socket), so the bridge answers its first phone after the longer of the two, not their sum
     * (issue 13, start time). Both fields are set when this returns normally; on a failure the one
     * that did open is in its field, for {@link #fail} to close.
     */
    private void openStoreAndSip(BridgeConfig c) throws SipStartException {
        CompletableFuture<OpenStore> opening = new CompletableFuture<>();
        // A new thread inherits this one's context class loader (the bundle's, under SCR), as JDBC drivers need.
        Thread opener = new Thread(() -> {
            try {
                opening.complete(OpenStore.open(c));
            } catch (Throwable t) {
                opening.completeExceptionally(t);
            }
        }, "sscp-store-open");
        opener.setDaemon(true);
        opener.start();
        SipStartException sipFailure = null;
        try {
            sip = SipUserAgent.start(sipSettings(c), metrics.sipCounters(), sipLimits(c));
        } catch (SipStartException e) {
            sipFailure = e;
        }
        try {
            store = opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (sipFailure != null) {
                e.getCause().addSuppressed(sipFailure);
            }
            if (!(e.getCause() instanceof StoreException)) {
                // Not a failure start() turns into a disabled bridge: stop the SIP stack here, or it would run on.
                closeSip();
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        if (sipFailure != null) {
            throw sipFailure;
        }
    }

    /**
     * Line mode: every line registers. Trunk mode: the trunks register (once per SIP user agent,
     * kept while only the SSCP side is reopened) and the lines show their trunk's state.
     */
    private LineRegistrar registrar(BridgeConfig c) {
        if (c.trunking().enabled()) {
            if (trunkRegistrar == null || trunkRegistrar.userAgent() != sip) {
                closeTrunks();
                trunkRegistrar = new SipTrunkRegistrar(sip, scheduler, c.registerExpires(),
                        new RetryPolicy(c.registerRetryBase(), c.registerRetryMax()), trunkPlan(c));
            }
            return trunkRegistrar;
        }
        closeTrunks();
        return new SipLineRegistrar(sip, scheduler, c.registerExpires(),
                new RetryPolicy(c.registerRetryBase(), c.registerRetryMax()), c.registerRate());
    }

    /** Calls through the current SIP user agent; in trunk mode routed by {@link #trunkPlan}. */
    private SipCallAgent callAgent(BridgeConfig c) {
        return new SipCallAgent(sip, c.trunking().enabled() ? trunkPlan(c) : null, c.bounds().dialogQueue());
    }

    /** Trunk mode's routing: the configured trunks, and the phones' line index for "is this our line". */
    private TrunkPlan trunkPlan(BridgeConfig c) {
        return new TrunkPlan(c.trunking().trunks(), c.trunking().localCalls(), number -> {
            SscpServer server = sscp;
            return server != null && server.registry().line(number).isPresent();
        });
    }

    /** Removes the trunks' bindings while the SIP user agent still runs. */
    private void closeTrunks() {
        if (trunkRegistrar != null) {
            trunkRegistrar.close();
            trunkRegistrar = null;
        }
    }

    /** MWI (SPEC §6) through the current SIP user agent; SUBSCRIBEs paced and retried like REGISTERs. */
    private SipMessageWaiting messageWaiting(BridgeConfig c) {
        // Trunk mode: a carrier keeps no mailbox per line, so lines do not SUBSCRIBE (docs/TRUNK.md).
        return new SipMessageWaiting(sip, scheduler, new SipMessageWaiting.Settings(c.mwi().subscribe()
                && !c.trunking().enabled(),
                c.mwi().server(), c.mwi().unsolicited(), MWI_EXPIRES),
                new RetryPolicy(c.registerRetryBase(), c.registerRetryMax()), c.registerRate());
    }

    /** Records why the bridge cannot run and leaves it cleanly disabled. */
    private void fail(String reason) {
        lastError = reason;
        stopAll();
        LOG.error("bridge disabled: {}", reason);
    }

    private boolean isRunning() {
        return sip != null && sscp != null;
    }

    /** Phones are told and their bindings removed while SIP still runs; then both sockets close. */
    private void stopAll() {
        closeSscp();
        closeSip();
        closeStore();
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
    }

    private void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    private void closeSscp() {
        if (sscp != null) {
            sscp.close();
            metrics.sscpClosed(sscp);
            sscp = null;
        }
    }

    private void closeSip() {
        closeTrunks();
        if (sip != null) {
            sip.close();
            sip = null;
            metrics.sipClosed();
        }
    }

    /** A new SSCP server joins the metrics and the debugged devices. */
    private void opened(SscpServer server) {
        server.debug(debug);
        metrics.sscpOpened(server);
    }

    /** What the MBeans read: lives as long as this bridge. */
    public MetricsSource metrics() {
        return metrics;
    }

    /**
     * A configuration the bridge never saw was refused before it got here (a value the parser
     * rejects): the status says so until a good one is applied.
     */
    public void configurationRefused(String reason) {
        metrics.refused(reason);
    }

    private static SipSettings sipSettings(BridgeConfig c) {
        return new SipSettings(c.sip().host(), c.sip().port(), c.registrar(), c.proxy(), c.domain());
    }

    private static SipLimits sipLimits(BridgeConfig c) {
        BridgeConfig.SipLimits l = c.sipLimits();
        return new SipLimits(new RateLimit(l.ratePerSource(), l.burstPerSource()),
                new RateLimit(l.responseRatePerSource(), l.responseBurstPerSource()), l.maxSources(), l.queueMax(),
                l.maxCalls(), SipLimits.DEFAULTS.logInterval(), trunkServers(c), l.trustedSources());
    }

    /** The trunks' SIP servers: like the registrar and proxy (SipUserAgent), no per-source rate holds them. */
    private static List<String> trunkServers(BridgeConfig c) {
        List<String> uris = new ArrayList<>();
        for (BridgeConfig.Trunk t : c.trunking().trunks()) {
            uris.add(t.registrar());
            uris.add(t.proxy());
        }
        return uris;
    }

    private SscpServer.Settings sscpSettings(BridgeConfig c) {
        return new SscpServer.Settings(new InetSocketAddress(c.sscp().host(), c.sscp().port()),
                Duration.ofSeconds(c.keepalive()), c.autoprovision(),
                new RateLimit(c.limits().ratePerSecond(), c.limits().rateBurst()),
                new RateLimit(c.limits().ratePerIp(), c.limits().burstPerIp()), c.limits().maxPeers(),
                new CallSettings(DigitMap.parse(c.digitMap()), c.interdigitTimeout(), c.features(),
                        callIds, c.dtmfInfo()), c.bounds().phoneQueue(), c.bounds().autoprovisionMax(),
                moves(c));
    }

    /** Device claims only on a shared store: an embedded one has a single bridge. */
    private static SscpServer.Moves moves(BridgeConfig c) {
        boolean shared = !c.store().url().isEmpty();
        return shared ? new SscpServer.Moves(c.instance().id(), true, c.instance().poll()) : SscpServer.Moves.OFF;
    }

    @Override
    public synchronized List<CallSnapshot> calls() {
        return sscp == null ? List.of() : sscp.calls();
    }

    @Override
    public synchronized BridgeStatus status() {
        BridgeConfig c = config;
        String sscpAt = sscp != null ? c.sscp().host() + ":" + sscp.localAddress().getPort()
                : c == null ? "-" : c.sscp().toString();
        String sipAt = sip != null ? sip.settings().address() + ":" + sip.localPort()
                : c == null ? "-" : c.sip().toString();
        int phones = sscp == null ? 0 : sscp.registry().size();
        int lines = sscp == null ? 0 : sscp.registry().all().stream()
                .mapToInt(s -> s.snapshot().registeredLines()).sum();
        int calls = sscp == null ? 0 : sscp.calls().size();
        String registrarShown = c == null ? "-" : !c.trunking().enabled() ? c.registrar()
                : "trunk mode: " + c.trunking().trunks().stream().map(t -> t.index() + " " + t.registrar())
                        .collect(java.util.stream.Collectors.joining(", "));
        return new BridgeStatus(isRunning(), sscpAt, sipAt, registrarShown, phones, lines, calls,
                sscp == null ? "" : sscp.counters(), lastError, metrics.phones().linesFailing(),
                metrics.sip().toString(), metrics.refusedConfiguration(), metrics.problems());
    }

    @Override
    public synchronized List<PhoneSnapshot> phones() {
        if (sscp == null) {
            return List.of();
        }
        return sscp.registry().all().stream().map(PhoneSession::snapshot)
                .sorted(Comparator.comparing(PhoneSnapshot::deviceId)).toList();
    }

    @Override
    public synchronized String forward(String deviceId, int line, String kind, String number)
            throws BridgeException {
        if (sscp == null) {
            throw new BridgeException("bridge is disabled");
        }
        if (devices.find(deviceId).isEmpty() && sscp.registry().device(deviceId).isEmpty()) {
            throw new BridgeException("unknown device " + deviceId);
        }
        if (line < 1 || line > DeviceConfigParser.MAX_LINES) {
            throw new BridgeException("no line " + line);
        }
        Forwards forwards = sscp.forwardsOf(deviceId);
        try {
            forwards.ready().get(STORE_WAIT.toSeconds(), TimeUnit.SECONDS);
            if (kind != null) {
                Forwards.Kind k = switch (kind.toLowerCase(java.util.Locale.ROOT)) {
                    case "all" -> Forwards.Kind.ALL;
                    case "busy" -> Forwards.Kind.BUSY;
                    case "noanswer", "no-answer" -> Forwards.Kind.NO_ANSWER;
                    default -> throw new BridgeException("forward type must be all, busy or noanswer, not " + kind);
                };
                if (number == null || number.isBlank()) {
                    throw new BridgeException("give a number, or off to cancel");
                }
                if (!number.equalsIgnoreCase("off") && !number.matches("[0-9*#+]{1,32}")) {
                    throw new BridgeException("not a number: " + number);
                }
                if (!number.equalsIgnoreCase("off")) {
                    Optional<String> loop = sscp.forwardLoop(deviceId, k, number);
                    if (loop.isPresent()) {
                        throw new BridgeException("forward loop: " + loop.get());
                    }
                }
                forwards.set(line, k, number.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(number))
                        .get(STORE_WAIT.toSeconds(), TimeUnit.SECONDS);
                sscp.forwardsChanged(deviceId);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new BridgeException("forwards of " + deviceId + " not stored: "
                    + (e.getCause() == null ? e.toString() : e.getCause().getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted", e);
        }
        StringBuilder b = new StringBuilder(deviceId).append(line == 1 ? "" : " line " + line);
        for (Forwards.Kind k : Forwards.Kind.values()) {
            b.append("\n  ").append(String.format("%-10s", k.name().toLowerCase(java.util.Locale.ROOT)))
                    .append(forwards.target(line, k).orElse("off"));
        }
        return b.toString();
    }


    @Override
    public synchronized String reload(String deviceId) throws BridgeException {
        if (sscp == null) {
            throw new BridgeException("bridge is disabled");
        }
        if (!sscp.reload(deviceId)) {
            throw new BridgeException("device " + deviceId + " is not registered");
        }
        return "device " + deviceId + " reloaded";
    }

    @Override
    public String debug(String deviceId, boolean on) throws BridgeException {
        if (deviceId == null || deviceId.isBlank()) {
            throw new BridgeException("give a device id, e.g. SEP00AABBCCDDEE");
        }
        debug.set(deviceId, on);
        LOG.info("phone {}: SSCP debug {}", deviceId, on ? "on" : "off");
        return "phone " + deviceId + ": SSCP debug " + (on ? "on (messages logged decoded by " + DeviceDebug.LOGGER + ")"
                : "off") + (debug.devices().isEmpty() ? "" : "; debugged: " + String.join(", ", debug.devices()));
    }

    @Override
    public synchronized BridgeStatus enable() throws BridgeException {
        wanted = true;
        start();
        return status();
    }

    @Override
    public synchronized BridgeStatus disable() {
        wanted = false;
        if (isRunning()) {
            stopAll();
            LOG.info("bridge disabled by operator");
        }
        return status();
    }

    @Override
    public String sipPing(String uri, Duration timeout) throws BridgeException {
        SipUserAgent ua;
        String target;
        synchronized (this) {
            ua = sip;
            target = uri == null || uri.isBlank() ? (config == null ? null : config.registrar()) : uri;
        }
        if (ua == null) {
            throw new BridgeException("bridge is disabled: no SIP user agent to send from");
        }
        try {
            Response r = ua.options(target, timeout).get();
            return "OPTIONS " + target + " -> " + r.getStatusCode() + " " + r.getReasonPhrase();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof TimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                    : String.valueOf(cause.getMessage());
            throw new BridgeException("OPTIONS " + target + " failed: " + why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        stopAll();
        config = null;
    }

    @Override
    public List<PhoneBookStore.Entry> phoneBook(String owner) throws BridgeException {
        return await(phoneBookAdmin(owner, false).list(owner), STORE_WAIT, "phone book of " + ownerName(owner)
                + " not read");
    }

    @Override
    public PhoneBookStore.Entry phoneBookAdd(String owner, String id, String lastName, String firstName,
            String number) throws BridgeException {
        return await(phoneBookAdmin(owner, true).add(owner, id, lastName, firstName, number), STORE_WAIT,
                "not stored");
    }

    @Override
    public boolean phoneBookRemove(String owner, String id) throws BridgeException {
        return await(phoneBookAdmin(owner, false).remove(owner, id), STORE_WAIT, "not removed");
    }

    @Override
    public String phoneBookImport(Path file, String owner) throws BridgeException {
        PhoneBookAdmin admin = phoneBookAdmin(owner, true);
        PhoneBookFiles.Content content;
        try {
            content = PhoneBookFiles.read(file, owner);
        } catch (BadPhoneBookFile e) {
            throw new BridgeException("nothing imported: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BridgeException("nothing imported: cannot read " + file + ": " + why(e), e);
        }
        int total = content.entries().size();
        AtomicInteger stored = new AtomicInteger();
        // Each write is durable before the next: allow for a slow disk on a large file.
        Duration wait = STORE_WAIT.plusMillis(20L * total);
        try {
            await(admin.storeAll(content.entries(), stored), wait, "import into " + ownerName(owner) + " failed");
        } catch (BridgeException e) {
            String how = e.getCause() instanceof TimeoutException ? "still running in the background"
                    : "stopped (" + e.getMessage() + ")";
            throw new BridgeException("import of " + file.getFileName() + " into " + ownerName(owner) + " " + how
                    + ": " + stored.get() + " of " + total + " entries stored so far", e.getCause());
        }
        String skipped = content.skipped() == 0 ? ""
                : " (" + content.skipped() + (content.skipped() == 1 ? " card" : " cards") + " without TEL skipped)";
        return "imported " + total + (total == 1 ? " entry" : " entries") + " into " + ownerName(owner) + " from "
                + file + skipped;
    }

    @Override
    public String phoneBookExport(Path file, String owner) throws BridgeException {
        try {
            PhoneBookFiles.Format.of(file);
        } catch (BadPhoneBookFile e) {
            throw new BridgeException("nothing exported: " + e.getMessage(), e);
        }
        List<PhoneBookStore.Entry> entries = phoneBook(owner);
        try {
            PhoneBookFiles.write(file, entries);
        } catch (BadPhoneBookFile e) {
            throw new BridgeException("nothing exported: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BridgeException("nothing exported: cannot write " + file + ": " + why(e), e);
        }
        return "exported " + entries.size() + (entries.size() == 1 ? " entry" : " entries") + " of "
                + ownerName(owner) + " to " + file;
    }

    /** The operator's phone book over the open store; a device written to must be known. */
    private synchronized PhoneBookAdmin phoneBookAdmin(String owner, boolean write) throws BridgeException {
        if (store == null || sscp == null) {
            throw new BridgeException("bridge is disabled: the phone book's store is closed");
        }
        if (write && owner != null && devices.find(owner).isEmpty() && sscp.registry().device(owner).isEmpty()) {
            throw new BridgeException("unknown device " + owner);
        }
        PhoneFeatures features = store.features();
        return new PhoneBookAdmin(features.phoneBook().store(), features.io());
    }

    private static String ownerName(String owner) {
        return owner == null ? "the shared directory" : owner;
    }

    /** Waits for the store; its failure (an invalid entry: the field) becomes the message. */
    private static <T> T await(CompletableFuture<T> future, Duration wait, String what) throws BridgeException {
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new BridgeException(what + ": " + (cause.getMessage() == null ? cause : cause.getMessage()), cause);
        } catch (TimeoutException e) {
            throw new BridgeException(what + ": the store did not answer within " + wait.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted", e);
        }
    }

    private static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
