package org.sscpbridge.tools.phone;

/**
 * What the simulated phone tells its user interface (console or script runner). Called on the
 * phone's executor; implementations must be quick and thread-safe.
 */
public interface PhoneEvents {
    /** A message arrived from the bridge; {@code line} is its one-line text. */
    default void received(String line) {
    }

    /** A message went to the bridge. */
    default void sent(String line) {
    }

    /** The screen model changed. */
    default void screenChanged() {
    }

    /** Something worth telling the user (a retry, a give-up, a local failure). */
    default void notice(String text) {
    }

    /** The bridge refused the registration for good (403, 409, a failed challenge). */
    default void registrationRefused(int code, String text) {
    }

    PhoneEvents NONE = new PhoneEvents() {
    };
}
