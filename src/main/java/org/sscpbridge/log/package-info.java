/**
 * Logging helpers every package may use (like {@code time}): {@link org.sscpbridge.log.RateLimitedLog}
 * for bad input from the network. Depends on SLF4J only.
 */
package org.sscpbridge.log;
