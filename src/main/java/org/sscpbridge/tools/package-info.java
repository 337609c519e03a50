/**
 * Command-line tools, built only on the project's own codec and transport: the phone simulator
 * ({@code bin/sscp-phone}, {@link org.sscpbridge.tools.phone}) and the datagram decoder
 * ({@code bin/sscp-decode}, {@link org.sscpbridge.tools.decode}). The one place where console
 * output goes to System.out: it is the tools' user interface, not logging.
 */
package org.sscpbridge.tools;
