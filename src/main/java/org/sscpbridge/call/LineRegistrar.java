package org.sscpbridge.call;

import java.util.function.Consumer;

/**
 * The port through which the phone side registers its lines on the SIP side, without knowing SIP.
 * Implemented by the SIP adapter.
 */
public interface LineRegistrar {

    /**
     * Starts keeping {@code account} registered (refreshing, retrying with backoff) until
     * {@link LineRegistration#unregister()}. {@code listener} hears every state change, on a thread
     * of the registrar's: hand work over, do not block.
     */
    LineRegistration register(LineAccount account, Consumer<RegistrationStatus> listener);

    /** One line's registration, kept alive by the registrar. */
    interface LineRegistration {
        RegistrationStatus status();

        /**
         * Removes the binding (REGISTER with Expires: 0 when one may exist) and stops refreshing.
         * Returns at once; {@link #awaitUnregistered} waits for the registrar's answer.
         */
        void unregister();

        /** Waits up to {@code millis} for the removal to be answered; true when it was. */
        boolean awaitUnregistered(long millis) throws InterruptedException;
    }
}
