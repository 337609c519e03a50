package org.sscpbridge.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's message trace, sent to SLF4J logger {@code org.sscpbridge.sip.trace} at debug level:
 * switch it on to see every SIP message the bridge sends and receives.
 */
public final class Slf4jServerLogger implements ServerLogger {
    private static final Logger TRACE = LoggerFactory.getLogger("org.sscpbridge.sip.trace");

    @Override
    public void closeLogFile() {
        // SLF4J owns the output.
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        logMessage(message, from, to, null, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, status, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        if (TRACE.isDebugEnabled()) {
            TRACE.debug("{} {} -> {}{}\n{}", sender ? "sent" : "received", from, to,
                    status == null ? "" : " (" + status + ")", message.encode());
        }
    }

    @Override
    public void logException(Exception ex) {
        TRACE.warn("SIP message exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Nothing to read.
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // Not needed.
    }
}
