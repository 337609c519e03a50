package org.sscpbridge.phone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.LineRegistrar;
import org.sscpbridge.call.SipCalls;
import org.sscpbridge.call.LineRegistrar.LineRegistration;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.ResetType;
import org.sscpbridge.sscp.transport.EndpointConfig;
import org.sscpbridge.sscp.transport.Inbound;
import org.sscpbridge.sscp.transport.RateLimit;
import org.sscpbridge.sscp.transport.SscpEndpoint;
import org.sscpbridge.sscp.transport.TransportStats;
import org.sscpbridge.log.RateLimitedLog;
import org.sscpbridge.time.Scheduler;

/**
 * The bridge's SSCP side: the UDP endpoint phones talk to, Register admission, and the routing
 * of every other message to its phone's session. Owns the sessions' shared event pool.
 */
public final class SscpServer implements PhoneLink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SscpServer.class);
    /** How long a disable waits for phones to take their shutdown, and at least for the registrar. */
    private static final Duration UNREGISTER_WAIT = Duration.ofSeconds(3);
    /** Removals a registrar is expected to confirm per second; more lines get a longer wait. */
    private static final int REMOVALS_PER_SECOND = 500;
    private static final Duration UNREGISTER_WAIT_MAX = Duration.ofSeconds(60);
    /** Bad input from phones (unregistered senders, refused Registers): one line per kind per interval. */
    private static final Duration BAD_INPUT_INTERVAL = Duration.ofSeconds(10);

    /** What the server needs from the bridge's configuration. */
    public record Settings(InetSocketAddress bind, Duration keepalive, boolean autoprovision, RateLimit perSource,
            RateLimit perIp, int maxPeers, CallSettings calls, int phoneQueueMax, int autoprovisionMax,
            Moves moves) {}

    /**
     * Scale-out (docs/DEPLOYMENT.md): {@code instance} is this bridge's name in the shared store's
     * device claims; {@code claim} whether to write them (a shared store); {@code poll} how often to
     * look whether a phone registered here has since registered with another instance (0: never).
     */
    public record Moves(String instance, boolean claim, Duration poll) {
        public static final Moves OFF = new Moves("", false, Duration.ZERO);
    }

    private final PhoneRegistry registry = new PhoneRegistry();
    private final PhoneFeatures features;
    /** Forwards by device id: they outlive a phone's session (re-registration, moving address). */
    private final Map<String, Forwards> forwards = new ConcurrentHashMap<>();
    /** Message waiting lamps by device id: they outlive a phone's session too. */
    private final MessageWaitingLamps lamps = new MessageWaitingLamps(n -> registry.line(n).map(PhoneSession::deviceId));
    private final DeviceDirectory directory;
    private final Scheduler scheduler;
    private final ExecutorService pool;
    private final RegisterAdmission admission;
    private final java.util.function.Consumer<String> deviceListener = this::onDeviceChanged;
    private volatile Settings settings;
    private volatile LineRegistrar registrar;
    private volatile SipCalls sipCalls;
    private SscpEndpoint endpoint;
    /** sscp:debug: whose messages are logged decoded (set by the bridge, which keeps it across sockets). */
    private volatile DeviceDebug debug = new DeviceDebug();
    private final RateLimitedLog badInput;
    private final PhoneMoves moves;

    /**
     * Where the server gets its socket and the threads that run its phones' events: a UDP socket
     * and a 2-thread pool in production ({@link #udp()}); an in-memory wire and a hand-driven
     * executor in the session fuzz test, so that a run is deterministic.
     */
    public interface Io {
        /** Opens the endpoint {@code endpoint} describes. */
        SscpEndpoint open(SscpEndpoint.Builder endpoint) throws IOException;

        /** A new pool for the phones' events; the server shuts it down when it closes. */
        ExecutorService events();
    }

    /** The real socket and the phone event pool ({@code phone-events-N}, 2 threads). */
    public static Io udp() {
        return new Io() {
            @Override
            public SscpEndpoint open(SscpEndpoint.Builder endpoint) throws IOException {
                return endpoint.open();
            }

            @Override
            public ExecutorService events() {
                AtomicInteger n = new AtomicInteger();
                return Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "phone-events-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
        };
    }

    private SscpServer(Settings settings, DeviceDirectory directory, LineRegistrar registrar, SipCalls sipCalls,
            Scheduler scheduler, PhoneFeatures features, ExecutorService pool) {
        this.features = features;
        this.settings = settings;
        this.directory = directory;
        this.registrar = registrar;
        this.sipCalls = sipCalls;
        this.scheduler = scheduler;
        this.pool = pool;
        this.admission = new RegisterAdmission(directory, scheduler, settings.autoprovision());
        this.badInput = new RateLimitedLog(LOG, BAD_INPUT_INTERVAL, scheduler::now);
        Moves m = settings.moves() == null ? Moves.OFF : settings.moves();
        this.moves = new PhoneMoves(new PhoneMoves.Settings(m.instance(), m.claim(), m.poll()), features.store().claims(),
                features.arrivals(), scheduler, () -> registry.all().stream().map(PhoneSession::deviceId).toList(),
                this::movedAway);
    }

    /** Opens the SSCP socket; on failure nothing stays open and the message names the address. */
    public static SscpServer open(Settings settings, DeviceDirectory directory, LineRegistrar registrar,
            SipCalls sipCalls, Scheduler scheduler, PhoneFeatures features) throws IOException {
        return open(settings, directory, registrar, sipCalls, scheduler, features, udp());
    }

    /** As {@link #open(Settings, DeviceDirectory, LineRegistrar, SipCalls, Scheduler, PhoneFeatures)}, over {@code io}. */
    public static SscpServer open(Settings settings, DeviceDirectory directory, LineRegistrar registrar,
            SipCalls sipCalls, Scheduler scheduler, PhoneFeatures features, Io io) throws IOException {
        SscpServer server = new SscpServer(settings, directory, registrar, sipCalls, scheduler, features, io.events());
        try {
            server.endpoint = io.open(SscpEndpoint.builder(Direction.BRIDGE, new SscpCodec(), scheduler, server::onFrame)
                    .bindTo(settings.bind())
                    .config(EndpointConfig.defaults().withPerSourceLimit(settings.perSource())
                            .withPerIpLimit(settings.perIp()).withMaxPeers(settings.maxPeers()))
                    .senderPolicy(server.registry::isBound)
                    .onGiveUp(server::onNoAnswer)
                    .threadName("sscp-receive-" + settings.bind().getPort()));
        } catch (IOException e) {
            server.pool.shutdownNow();
            throw new IOException("cannot open SSCP udp " + settings.bind().getHostString() + ":"
                    + settings.bind().getPort() + ": " + e.getMessage(), e);
        }
        directory.onChange(server.deviceListener);
        sipCalls.onIncoming(server::onIncoming);
        server.moves.start();
        LOG.info("SSCP listening on udp {}:{}", settings.bind().getHostString(), server.localAddress().getPort());
        return server;
    }

    public InetSocketAddress localAddress() {
        return endpoint.localAddress();
    }

    public PhoneRegistry registry() {
        return registry;
    }

    public String counters() {
        return endpoint.stats().toString();
    }

    /** The SSCP socket's counters since it opened. */
    public TransportStats stats() {
        return endpoint.stats();
    }

    /** Whose messages {@code sscp:debug} logs; the bridge hands the same one to every server it opens. */
    public void debug(DeviceDebug devices) {
        this.debug = devices;
    }

    public DeviceDebug debug() {
        return debug;
    }

    /** New keepalive or autoprovision settings apply to phones that register from now on. */
    public void update(Settings next) {
        settings = next;
        admission.setAutoprovision(next.autoprovision());
    }

    /** Runs on the receive thread: route quickly, never block. */
    private void onFrame(Inbound inbound) {
        String debugged = debug.any() ? debugIn(inbound) : null;
        if (inbound.isAnswer()) {
            if (inbound.message() instanceof PhoneMessage.MediaInfo info) {
                registry.at(inbound.source()).ifPresent(s -> s.onMediaInfo(info));
            }
            return;
        }
        if (!(inbound.message() instanceof PhoneMessage message)) {
            return;
        }
        Reply reply = debugged == null ? replyTo(inbound) : debuggedReplyTo(inbound, debugged);
        if (message instanceof PhoneMessage.Register register) {
            onRegister(register, inbound.source(), reply);
            return;
        }
        Optional<PhoneSession> session = registry.at(inbound.source());
        if (session.isPresent()) {
            session.get().onMessage(message, reply);
        } else {
            boolean told = endpoint.rejectUnregistered(inbound);
            badInput.info("unregistered", "{} from unregistered {}: {}", message.type().wireName(), inbound.source(),
                    told ? "Error 401 sent" : "dropped (Error 401 sent to it recently)");
        }
    }

    /** Logs an inbound frame if its device is debugged; returns that device, else null. */
    private String debugIn(Inbound inbound) {
        String deviceId = inbound.message() instanceof PhoneMessage.Register r ? r.deviceId()
                : registry.at(inbound.source()).map(PhoneSession::deviceId).orElse(null);
        if (!debug.isOn(deviceId)) {
            return null;
        }
        debug.in(deviceId, inbound.source(), inbound.frame());
        return deviceId;
    }

    /** Logs an outbound message if its phone is debugged. */
    private void debugOut(InetSocketAddress phone, long seq, BridgeMessage message) {
        registry.at(phone).map(PhoneSession::deviceId).filter(debug::isOn)
                .ifPresent(id -> debug.out(id, phone, seq, message));
    }

    private Reply debuggedReplyTo(Inbound inbound, String deviceId) {
        Reply plain = replyTo(inbound);
        return new Reply() {
            @Override
            public void answer(BridgeMessage answer) {
                debug.out(deviceId, inbound.source(), inbound.seq(), answer);
                plain.answer(answer);
            }

            @Override
            public void ack() {
                debug.out(deviceId, inbound.source(), inbound.seq(), new BridgeMessage.Ack());
                plain.ack();
            }

            @Override
            public void refuse() {
                plain.refuse();
            }
        };
    }

    private static Reply replyTo(Inbound inbound) {
        return new Reply() {
            @Override
            public void answer(BridgeMessage answer) {
                inbound.reply(answer);
            }

            @Override
            public void ack() {
                inbound.ack();
            }

            @Override
            public void refuse() {
                inbound.refuse();
            }
        };
    }

    private synchronized void onRegister(PhoneMessage.Register register, InetSocketAddress source, Reply reply) {
        Optional<PhoneSession> current = registry.device(register.deviceId());
        RegisterAdmission.Decision decision = admission.decide(register, source, current);
        if (decision instanceof RegisterAdmission.Reject r) {
            badInput.warn("register-refused", "phone {}: Register from {} refused: {} {}", register.deviceId(), source,
                    r.code(), r.reason());
            reply.answer(new BridgeMessage.RegisterReject(r.code(), r.reason(), null));
            return;
        }
        if (decision instanceof RegisterAdmission.Challenge c) {
            reply.answer(new BridgeMessage.RegisterReject(401, "challenge", c.nonce()));
            return;
        }
        DeviceConfig config = ((RegisterAdmission.Accept) decision).config();
        if (current.isEmpty() && directory.find(register.deviceId()).isEmpty()
                && autoprovisioned() >= settings.autoprovisionMax()) {
            String why = "autoprovision.max reached (" + settings.autoprovisionMax() + " phones without configuration)";
            badInput.warn("autoprovision-max", "phone {}: Register from {} refused: {}", register.deviceId(), source, why);
            reply.answer(new BridgeMessage.RegisterReject(503, why, null));
            return;
        }
        PhoneSession session = current.filter(s -> s.address().equals(source)).orElse(null);
        if (session == null) {
            current.ifPresent(old -> {
                LOG.info("phone {} moves from {} to {}", old.deviceId(), old.address(), source);
                old.shutdown(null, new ArrayList<>());
            });
            // Another device that held this address (a phone replaced behind the same NAT port) goes too.
            registry.at(source).filter(s -> !s.deviceId().equals(register.deviceId()))
                    .ifPresent(s -> s.shutdown(null, new ArrayList<>()));
            session = new PhoneSession(config, source, pool, this, scheduler, settings.keepalive(), registrar,
                    sipCalls, settings.calls(), features, forwardsOf(config.deviceId()), this::forwardLoop,
                    this::unbind, settings.phoneQueueMax());
            session.messageWaiting(lamps.of(config.deviceId()));
            registry.bind(session);
        }
        endpoint.encodeFor(source, config.display()); // before the RegisterAck: its line labels are text
        session.onRegister(reply, source, register.media());
        moves.registered(config.deviceId());
    }

    /**
     * Another instance on the shared store accepted {@code deviceId}'s Register after this one did:
     * the phone moved there. Its session here ends without a word to the phone (it talks to the other
     * instance now); its calls here end and its lines remove this bridge's own contacts only
     * (REGISTER with this bridge's Contact and Expires: 0), so the new instance's bindings stay.
     */
    private void movedAway(String deviceId, String instance) {
        registry.device(deviceId).ifPresent(s -> {
            LOG.info("phone {} registered with instance {}: its session here ends, this bridge's contacts are removed",
                    deviceId, instance);
            s.shutdown(null, new ArrayList<>());
        });
    }

    /** Registered phones without a device configuration (autoprovisioned). */
    private long autoprovisioned() {
        return registry.all().stream().filter(s -> directory.find(s.deviceId()).isEmpty()).count();
    }

    /** A session ended: its address is written in UTF-8 again unless a newer session holds it. */
    private synchronized void unbind(PhoneSession session) {
        registry.unbind(session);
        if (registry.at(session.address()).isEmpty()) {
            endpoint.forgetEncoding(session.address());
        }
    }

    private void onNoAnswer(InetSocketAddress peer, Frame request) {
        LOG.warn("phone {} at {} did not acknowledge {} within 32 s",
                registry.at(peer).map(PhoneSession::deviceId).orElse("(gone)"), peer, request.type().wireName());
    }

    private void onDeviceChanged(String deviceId) {
        Optional<PhoneSession> session = registry.device(deviceId);
        if (session.isEmpty()) {
            return;
        }
        Optional<DeviceConfig> config = directory.find(deviceId);
        if (config.isPresent()) {
            reindex(session.get(), config.get());
            endpoint.encodeFor(session.get().address(), config.get().display());
            session.get().reload(config.get(), false); // a file edit touches only what it changed
        } else if (!settings.autoprovision()) {
            LOG.info("phone {}: device no longer configured: phone reset", deviceId);
            session.get().shutdown(ResetType.RESTART, new ArrayList<>());
        }
    }

    /** Re-reads one device's configuration and re-registers only it; false if it is not registered. */
    public boolean reload(String deviceId) {
        Optional<PhoneSession> session = registry.device(deviceId);
        if (session.isEmpty()) {
            return false;
        }
        DeviceConfig config = directory.find(deviceId).orElseGet(() -> DeviceConfig.autoprovisioned(deviceId));
        reindex(session.get(), config);
        endpoint.encodeFor(session.get().address(), config.display());
        session.get().reload(config, true);
        return true;
    }

    /** An INVITE for {@code lineNumber}: to the phone that has that line, else 480. */
    private void onIncoming(String lineNumber, IncomingCall call) {
        Optional<PhoneSession> phone = registry.line(lineNumber);
        if (phone.isPresent()) {
            phone.get().onIncoming(lineNumber, call);
        } else {
            LOG.info("INVITE for line {}: no registered phone has it", lineNumber);
            call.reject(480);
        }
    }

    private void reindex(PhoneSession session, DeviceConfig next) {
        registry.indexLines(session, session.lineNumbers(),
                next.lines().stream().map(DeviceConfig.Line::number).toList());
    }

    /**
     * Why forwarding {@code deviceId}'s calls to {@code target} would loop: the chain of All
     * forwards through this bridge's phones leads back to one of the device's own lines.
     */
    public Optional<String> forwardLoop(String deviceId, Forwards.Kind kind, String target) {
        List<String> own = registry.device(deviceId).map(PhoneSession::lineNumbers).orElse(List.of());
        String next = target;
        for (int hop = 0; hop < 8; hop++) {
            if (own.contains(next)) {
                return Optional.of(hop == 0 ? next + " is this phone" : "calls to " + target + " come back to " + next);
            }
            Optional<PhoneSession> owner = registry.line(next);
            Optional<String> onward = owner.flatMap(s -> Optional.ofNullable(forwards.get(s.deviceId())))
                    .flatMap(f -> f.target(Forwards.Kind.ALL));
            if (onward.isEmpty()) {
                return Optional.empty();
            }
            next = onward.get();
        }
        return Optional.of("forward chain from " + target + " too long");
    }

    /** A device's forwards (created empty on first use; bounded by the configured and registered devices). */
    public Forwards forwardsOf(String deviceId) {
        return forwards.computeIfAbsent(deviceId, id -> {
            Forwards f = new Forwards(id, features.store().forwards(), features.io(), features.arrivals());
            f.refresh();
            return f;
        });
    }

    /** Tells the device's phone, if registered, that its forwards changed. */
    public void forwardsChanged(String deviceId) {
        registry.device(deviceId).ifPresent(PhoneSession::forwardsChanged);
    }

    /** Every live call of every phone. */
    public List<CallSnapshot> calls() {
        return registry.all().stream().flatMap(s -> s.calls().stream()).toList();
    }

    /** Message waiting (SPEC §6) goes through {@code port} from now on; running lines subscribe anew. */
    public void messageWaiting(org.sscpbridge.call.MessageWaiting port) {
        lamps.use(port);
    }

    /** The SIP user agent changed: calls end, every line registers again through {@code next}. */
    public void rebind(LineRegistrar next, SipCalls nextCalls) {
        registrar = next;
        sipCalls = nextCalls;
        nextCalls.onIncoming(this::onIncoming);
        registry.all().forEach(s -> s.rebind(next, nextCalls));
    }

    /**
     * Before the SIP user agent goes: ends every call (BYE/CANCEL while the stack still runs),
     * removes every line's binding and waits (bounded) for the registrar's answers.
     */
    public void releaseSip() {
        List<LineRegistration> stopping = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(registry.size());
        for (PhoneSession s : registry.all()) {
            s.afterPendingEvents(() -> {
                List<LineRegistration> stopped = s.endCallsAndStopLines();
                synchronized (stopping) {
                    stopping.addAll(stopped);
                }
                done.countDown();
            });
        }
        awaitQuietly(done, stopping);
    }

    @Override
    public void send(InetSocketAddress phone, BridgeMessage message) {
        endpoint.send(phone, message);
        if (debug.any()) {
            debugOut(phone, Frame.NO_SEQ, message);
        }
    }

    @Override
    public void sendReliably(InetSocketAddress phone, BridgeMessage message) {
        if (endpoint.isOpen()) {
            Frame sent = endpoint.sendReliably(phone, message);
            if (debug.any()) {
                debugOut(phone, sent.seq(), message);
            }
        }
    }

    /** Tells every phone Reset, removes their SIP bindings (bounded wait), closes the socket. */
    @Override
    public void close() {
        moves.close();
        directory.removeListener(deviceListener);
        List<LineRegistration> stopping = new ArrayList<>();
        List<PhoneSession> sessions = List.copyOf(registry.all());
        CountDownLatch done = new CountDownLatch(sessions.size());
        for (PhoneSession s : sessions) {
            s.shutdown(ResetType.RESTART, stopping);
            s.afterPendingEvents(done::countDown);
        }
        awaitQuietly(done, stopping);
        endpoint.close();
        pool.shutdownNow();
        LOG.info("SSCP socket closed; {} phone(s) told to reset", sessions.size());
    }

    private static void awaitQuietly(CountDownLatch sessionsDone, List<LineRegistration> stopping) {
        try {
            sessionsDone.await(UNREGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            List<LineRegistration> all;
            synchronized (stopping) {
                all = List.copyOf(stopping);
            }
            // Thousands of lines need more than a fixed wait, or their bindings outlive the bridge.
            Duration wait = Duration.ofSeconds(Math.max(UNREGISTER_WAIT.toSeconds(), all.size() / REMOVALS_PER_SECOND));
            wait = wait.compareTo(UNREGISTER_WAIT_MAX) > 0 ? UNREGISTER_WAIT_MAX : wait;
            long deadline = System.nanoTime() + wait.toNanos();
            int unconfirmed = 0;
            for (LineRegistration r : all) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 ? !r.awaitUnregistered(0) : !r.awaitUnregistered(left)) {
                    unconfirmed++;
                }
            }
            if (unconfirmed > 0) {
                LOG.warn("registrar did not confirm {} of {} removals within {} s", unconfirmed, all.size(),
                        wait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
