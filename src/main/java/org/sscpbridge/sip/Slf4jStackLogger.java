package org.sscpbridge.sip;

import gov.nist.core.LogLevels;
import gov.nist.core.StackLogger;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's stack log, sent to SLF4J. Without it the RI reaches for log4j 1, which this bundle
 * neither embeds nor imports at run time. Instantiated by the stack by class name. The RI's info
 * and TRACE_INFO (per-message) lines go to debug; warnings and errors stay what they are.
 */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("gov.nist.javax.sip");
    private static final Logger MESSAGE_TRACE = LoggerFactory.getLogger("org.sscpbridge.sip.trace");
    private static final Pattern TLS_NOISE = Pattern.compile("(?i)tls|keystore|truststore");

    @Override
    public void logStackTrace() {
        if (LOG.isTraceEnabled()) {
            LOG.trace("stack trace", new Throwable("stack trace"));
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        if (isLoggingEnabled(traceLevel)) {
            logStackTrace();
        }
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.warn("SIP stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.error(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isErrorEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        return switch (logLevel) {
            case LogLevels.TRACE_NONE -> false;
            case LogLevels.TRACE_FATAL, LogLevels.TRACE_ERROR -> LOG.isErrorEnabled();
            case LogLevels.TRACE_WARN -> LOG.isWarnEnabled();
            // TRACE_INFO is also TRACE_MESSAGES: the message trace (Slf4jServerLogger) needs it on.
            // The RI's info is per-message chatter: it is logged at debug (see logInfo).
            case LogLevels.TRACE_INFO -> LOG.isDebugEnabled() || MESSAGE_TRACE.isDebugEnabled();
            case LogLevels.TRACE_DEBUG -> LOG.isDebugEnabled();
            default -> LOG.isTraceEnabled();
        };
    }

    @Override
    public void logError(String message, Exception ex) {
        if (ex instanceof InterruptedException) {
            // The user agent interrupts the RI's event scanner to end it at close: not an error.
            LOG.debug(message, ex);
        } else {
            LOG.error(message, ex);
        }
    }

    @Override
    public void logWarning(String message) {
        // The RI warns about TLS key and trust stores at every start although the bridge never
        // opens TLS: those lines would only teach operators to ignore warnings.
        if (message != null && TLS_NOISE.matcher(message).find()) {
            LOG.debug(message);
        } else {
            LOG.warn(message);
        }
    }

    @Override
    public void logInfo(String message) {
        // One line per SIP message at INFO would drown the bridge's own log: debug it is.
        LOG.debug(message);
    }

    @Override
    public void disableLogging() {
        // Levels are SLF4J's to decide.
    }

    @Override
    public void enableLogging() {
        // Levels are SLF4J's to decide.
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Nothing to read: the stack's own log properties are not used.
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
