package org.sscpbridge.tools.phone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.transport.Inbound;
import org.sscpbridge.sscp.transport.SscpEndpoint;
import org.sscpbridge.time.SystemScheduler;
import org.sscpbridge.tools.FrameText;
import org.sscpbridge.tools.WireFields;
import org.sscpbridge.tools.phone.command.Command;
import org.sscpbridge.tools.phone.rtp.MediaEngine;
import org.sscpbridge.tools.phone.rtp.RtpCounters;

/**
 * One simulated SSCP phone: the project's {@link SscpEndpoint} on the phone side, an RTP socket,
 * the screen model, and one serial executor on which everything about this phone happens, so the
 * model needs no locks. The endpoint's receive thread and the timers only hand work over.
 *
 * <p>Thread-safety: the public methods are thread-safe.
 */
public final class SimulatedPhone implements AutoCloseable {
    private final PhoneOptions options;
    private final PhoneEvents events;
    private final SscpCodec codec = new SscpCodec();
    private final SystemScheduler scheduler;
    private final ExecutorService executor;
    private final PhoneScreen screen = new PhoneScreen();
    private final ReceivedJournal journal = new ReceivedJournal();
    private final MediaEngine media;
    private final LossyRelay relay;
    private final SscpEndpoint endpoint;
    private final RegistrationClient registration;
    private final ActionSender actions;
    private final BridgeMessageHandler handler;

    private SimulatedPhone(PhoneOptions options, PhoneEvents userEvents) throws IOException {
        this.options = options;
        this.events = new PhoneEvents() {
            @Override
            public void received(String line) {
                userEvents.received(line);
            }

            @Override
            public void sent(String line) {
                userEvents.sent(line);
            }

            @Override
            public void screenChanged() {
                userEvents.screenChanged();
            }

            @Override
            public void notice(String text) {
                userEvents.notice(text);
            }

            @Override
            public void registrationRefused(int code, String text) {
                userEvents.registrationRefused(code, text);
                journal.wakeUp(); // a script waiting for an answer stops waiting
            }
        };
        String name = "phone-" + options.deviceId();
        this.scheduler = new SystemScheduler(name + "-timer");
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        InetAddress localIp = advertisedAddress(options);
        this.media = MediaEngine.open(new InetSocketAddress(options.bind().getAddress(), options.mediaPort()), options.tone(), name);
        MediaAddress mediaAddress = new MediaAddress(localIp.getHostAddress(), media.localAddress().getPort());
        this.relay = options.lossPercent() > 0
                ? LossyRelay.open(options.bridge(), options.bind(), options.lossPercent(), options.seed())
                : null;
        this.registration = new RegistrationClient(options, mediaAddress, screen, scheduler, this::runOnPhone, this.events);
        this.actions = new ActionSender(screen, registration, this.events);
        this.handler = new BridgeMessageHandler(screen, media, mediaAddress, registration, scheduler, this.events);
        InetSocketAddress bind = relay != null ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0) : options.bind();
        this.endpoint = SscpEndpoint.builder(Direction.PHONE, codec, scheduler, inbound -> runOnPhone(() -> onInbound(inbound)))
                .bindTo(bind)
                .onGiveUp((peer, request) -> runOnPhone(() -> registration.onGiveUp(request.type())))
                .threadName(name + "-sscp-rx")
                .open();
        BridgeLink link = new BridgeLink(endpoint, relay != null ? relay.phoneSide() : options.bridge(), codec, events);
        registration.attach(link);
        actions.attach(link);
    }

    /** Opens the sockets and, unless told otherwise, registers. */
    public static SimulatedPhone start(PhoneOptions options, PhoneEvents events) throws IOException {
        SimulatedPhone phone = new SimulatedPhone(options, events);
        try {
            if (options.autoRegister()) {
                phone.perform(new Command.Register()).join();
            }
            return phone;
        } catch (RuntimeException e) {
            phone.close();
            throw e;
        }
    }

    /** Does {@code action} on the phone's executor; completes once its messages are sent. */
    public CompletableFuture<Void> perform(Command.PhoneAction action) {
        return call(() -> {
            actions.perform(action);
            return null;
        });
    }

    /** The screen as text, compact or with every list. */
    public CompletableFuture<String> render(boolean full) {
        return call(() -> full
                ? ScreenRenderer.full(options.deviceId(), screen, scheduler.now())
                : ScreenRenderer.compact(options.deviceId(), screen, scheduler.now()));
    }

    /** Reads the screen model on the phone's executor. */
    public <T> CompletableFuture<T> inspect(java.util.function.Function<PhoneScreen, T> read) {
        return call(() -> read.apply(screen));
    }

    public ReceivedJournal journal() {
        return journal;
    }

    public RtpCounters rtpTotal() {
        return media.total();
    }

    /** RTP counters per call and the relay's counters, for the {@code rtp} command. */
    public String rtpReport() {
        StringBuilder sb = new StringBuilder("rtp ").append(media.localAddress()).append(": ");
        RtpCounters total = media.total();
        sb.append("sent ").append(total.sent()).append(", received ").append(total.received());
        media.perCall().forEach((id, c) -> sb.append("\n  call ").append(id).append(": sent ").append(c.sent())
                .append(", received ").append(c.received()).append(media.isSending(id) ? " (sending)" : ""));
        RtpCounters unmatched = media.unmatched();
        if (unmatched.received() > 0) {
            sb.append("\n  not matched to a call: received ").append(unmatched.received());
        }
        if (relay != null) {
            sb.append("\nloss relay: ").append(relay.counters());
        }
        return sb.toString();
    }

    public MediaAddress mediaAddress() {
        return new MediaAddress(advertisedAddressUnchecked().getHostAddress(), media.localAddress().getPort());
    }

    /** The SSCP address the bridge sees for this phone. */
    public InetSocketAddress sscpAddress() {
        try {
            return relay != null ? relay.bridgeSide() : endpoint.localAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the bridge refused the registration for good, or null. */
    public String refusal() {
        return registration.refusal();
    }

    public PhoneOptions options() {
        return options;
    }

    @Override
    public void close() {
        if (!executor.isShutdown()) {
            try {
                call(() -> {
                    registration.close();
                    return null;
                }).join();
            } catch (RuntimeException e) {
                events.notice("closing: " + e.getMessage());
            }
        }
        executor.shutdownNow();
        endpoint.close();
        media.close();
        if (relay != null) {
            try {
                relay.close();
            } catch (IOException e) {
                events.notice("closing the loss relay: " + e.getMessage());
            }
        }
        scheduler.close();
    }

    private void onInbound(Inbound inbound) {
        Frame frame = inbound.frame();
        // Journal first: an expectation may be waiting for exactly this message.
        journal.add(frame.type().wireName(), WireFields.of(FrameText.tree(codec, frame)), FrameText.line(codec, frame), scheduler.now());
        events.received(FrameText.line(codec, frame));
        handler.handle(inbound);
    }

    /** Runs on the phone's executor; after close, work is dropped (a late timer or datagram). */
    private void runOnPhone(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    events.notice("failed: " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            // The phone is closed: nothing is left to update.
            return;
        }
    }

    private <T> CompletableFuture<T> call(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the phone is closed"));
        }
        return result;
    }

    private InetAddress advertisedAddressUnchecked() {
        try {
            return advertisedAddress(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The IP to put into Register / MediaInfo: the bound one, or when bound to any address, the
     * local address the system would use to reach the bridge (a connected UDP socket sends nothing).
     */
    static InetAddress advertisedAddress(PhoneOptions options) throws SocketException {
        InetAddress bound = options.bind().getAddress();
        if (!bound.isAnyLocalAddress()) {
            return bound;
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(options.bridge());
            InetAddress local = probe.getLocalAddress();
            return local.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : local;
        }
    }
}
