package org.sscpbridge.phone;

import org.sscpbridge.call.RegistrationStatus;

/** One line of a registered phone and where its SIP registration stands (for metrics and health). */
public record LineStatus(String number, RegistrationStatus status) {}
