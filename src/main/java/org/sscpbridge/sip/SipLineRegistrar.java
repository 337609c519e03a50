package org.sscpbridge.sip;

import java.util.Random;
import java.util.function.Consumer;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.LineRegistrar;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.time.Scheduler;

/** Registers lines at the configured registrar through one {@link SipUserAgent}. */
public final class SipLineRegistrar implements LineRegistrar {
    private final SipUserAgent ua;
    private final Scheduler scheduler;
    private final int expires;
    private final RetryPolicy retry;
    private final Random random = new Random();

    public SipLineRegistrar(SipUserAgent ua, Scheduler scheduler, int expires, RetryPolicy retry) {
        this.ua = ua;
        this.scheduler = scheduler;
        this.expires = expires;
        this.retry = retry;
    }

    @Override
    public LineRegistration register(LineAccount account, Consumer<RegistrationStatus> listener) {
        SipRegistration r = new SipRegistration(ua, account, expires, scheduler, retry, random::nextDouble, listener);
        r.start();
        return r;
    }
}
