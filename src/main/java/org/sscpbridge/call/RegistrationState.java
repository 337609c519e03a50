package org.sscpbridge.call;

/** Where a line's SIP registration stands, as the phone and the console show it. */
public enum RegistrationState {
    /** REGISTER sent, no final answer yet. */
    REGISTERING,
    /** The registrar holds the binding. */
    REGISTERED,
    /** The last attempt failed; a retry is scheduled (see the status reason). */
    FAILED,
    /** No binding: never registered, or removed with Expires: 0. */
    UNREGISTERED
}
