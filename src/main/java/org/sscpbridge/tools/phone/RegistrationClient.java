package org.sscpbridge.tools.phone;

import java.time.Duration;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.time.Scheduler;

/**
 * Registration as the phone does it (SPEC §4): Register with the RTP address, answer a 401
 * challenge once with the HMAC when a secret is known, keep the session alive at the interval the
 * bridge asked for, and register again when the session is lost (no KeepAliveAck, Reset,
 * Error 401).
 *
 * <p>Thread-safety: not thread-safe; confined to the phone's executor (timers hop onto it).
 */
final class RegistrationClient {
    private final PhoneOptions options;
    private final MediaAddress media;
    private final PhoneScreen screen;
    private final Scheduler scheduler;
    private final java.util.concurrent.Executor executor;
    private final PhoneEvents events;
    private BridgeLink link;
    private boolean answeredChallenge;
    private Scheduler.Cancellable keepalive;
    /** Bumped on every (re)registration, so that a stale keepalive chain stops itself. */
    private int generation;
    private volatile String refusal;

    RegistrationClient(PhoneOptions options, MediaAddress media, PhoneScreen screen, Scheduler scheduler,
            java.util.concurrent.Executor executor, PhoneEvents events) {
        this.options = options;
        this.media = media;
        this.screen = screen;
        this.scheduler = scheduler;
        this.executor = executor;
        this.events = events;
    }

    void attach(BridgeLink bridgeLink) {
        this.link = bridgeLink;
    }

    /** Why the bridge refused us for good, or null. Readable from any thread. */
    String refusal() {
        return refusal;
    }

    void register() {
        stopKeepalive();
        answeredChallenge = false;
        refusal = null;
        screen.registration(Registration.REGISTERING);
        link.send(new PhoneMessage.Register(options.deviceId(), options.model(), "sscp-phone", media, null));
        events.screenChanged();
    }

    void unregister() {
        stopKeepalive();
        link.send(new PhoneMessage.Unregister());
    }

    void onRegisterAck(BridgeMessage.RegisterAck ack) {
        screen.registered(ack);
        startKeepalive(Duration.ofSeconds(ack.keepaliveSeconds()));
        events.notice("registered; keepalive every " + ack.keepaliveSeconds() + " s");
    }

    void onRegisterReject(BridgeMessage.RegisterReject reject) {
        if (reject.code() == 401 && reject.challengeNonce() != null && options.secret() != null && !answeredChallenge) {
            answeredChallenge = true;
            String answer = AuthAnswer.compute(options.secret(), reject.challengeNonce(), options.deviceId());
            events.notice("challenged; answering with the device secret");
            link.send(new PhoneMessage.Register(options.deviceId(), options.model(), "sscp-phone", media, answer));
            return;
        }
        String why = reject.code() + " " + reject.text()
                + (reject.code() == 401 && options.secret() == null ? " (challenged, but no --secret given)" : "")
                + (reject.code() == 401 && answeredChallenge ? " (the challenge answer was refused: wrong --secret?)" : "");
        screen.registration(Registration.REFUSED);
        refusal = why;
        events.notice("registration refused: " + why);
        events.registrationRefused(reject.code(), why);
    }

    void onUnregisterAck() {
        stopKeepalive();
        screen.registration(Registration.UNREGISTERED);
        screen.clearCalls();
    }

    /** The bridge no longer knows us (Reset, Error 401, lost keepalives): register again. */
    void onSessionLost(String why) {
        events.notice(why + "; registering again");
        screen.clearCalls();
        register();
    }

    /** The transport gave up on one of our requests (32 s without an answer). */
    void onGiveUp(MessageType request) {
        if (request == MessageType.REGISTER && screen.registration() == Registration.REGISTERING) {
            events.notice("no answer to Register; trying again");
            register();
        } else if (request == MessageType.KEEP_ALIVE && screen.registration() == Registration.REGISTERED) {
            screen.registration(Registration.UNREGISTERED);
            onSessionLost("no answer to KeepAlive");
        } else {
            events.notice("no answer to " + request.wireName());
        }
    }

    void close() {
        stopKeepalive();
    }

    private void startKeepalive(Duration interval) {
        stopKeepalive();
        int mine = ++generation;
        scheduleKeepalive(interval, mine);
    }

    private void scheduleKeepalive(Duration interval, int mine) {
        keepalive = scheduler.schedule(interval, () -> executor.execute(() -> {
            if (mine != generation || screen.registration() != Registration.REGISTERED) {
                return;
            }
            link.send(new PhoneMessage.KeepAlive());
            scheduleKeepalive(interval, mine);
        }));
    }

    private void stopKeepalive() {
        generation++;
        if (keepalive != null) {
            keepalive.cancel();
            keepalive = null;
        }
    }
}
