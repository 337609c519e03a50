package org.sscpbridge.phone;

import org.sscpbridge.call.LineRegistrar.LineRegistration;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.config.DeviceConfig;

/** One line key of a registered phone and its SIP registration. Confined to the session's thread. */
final class LineSlot {
    final DeviceConfig.Line line;
    LineRegistration registration;
    RegistrationStatus status = RegistrationStatus.of(RegistrationState.UNREGISTERED, "");

    LineSlot(DeviceConfig.Line line) {
        this.line = line;
    }

    String describe() {
        return line.number() + " " + status;
    }
}
