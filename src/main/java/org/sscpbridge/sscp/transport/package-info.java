/**
 * SSCP over UDP (SPEC §1, §3): one socket per {@link org.sscpbridge.sscp.transport.SscpEndpoint}
 * with one receive thread that decodes; seq numbering, retransmission and give-up; the answer
 * memory that makes retransmitted requests harmless; Errors for bad datagrams; per-source rate
 * limits; counters. Plain Java: no OSGi. Usable by the bridge and by the phone simulator.
 * Rules and defaults: docs/PROTOCOL-transport.md.
 */
package org.sscpbridge.sscp.transport;
