package org.sscpbridge.tools.phone;

import org.sscpbridge.sscp.message.BridgeMessage.Party;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;

/** A call as the phone's screen shows it (from CallState); party null when unknown. */
public record CallView(CallId callId, int line, CallStateName state, Party party) {
}
