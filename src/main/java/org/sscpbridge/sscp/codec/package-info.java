/**
 * Bytes ⇄ SSCP messages (SPEC §1–2, project decisions in docs/PROTOCOL.md §6).
 *
 * <p>{@link org.sscpbridge.sscp.codec.SscpCodec} is the entry point: one shared, thread-safe
 * instance. Decoding runs a linear seed-dialect scan ({@code SeedDialectRepair}) that turns the
 * vendor's sloppy XML into well-formed XML without widening what is accepted, then a hardened
 * Woodstox parse ({@code HardenedXmlParser}) into a generic {@link org.sscpbridge.sscp.codec.XmlElement}
 * tree, then maps the tree to a message record ({@code MessageMapper} with
 * {@code PhoneMessageBodies} / {@code BridgeMessageBodies}). Every failure is an
 * {@link org.sscpbridge.sscp.codec.SscpDecodeException} carrying the SSCP error code. Encoding
 * writes well-formed UTF-8 directly ({@code XmlOut}), or, for a phone with another display
 * charset, that charset ({@link org.sscpbridge.sscp.codec.DisplayEncoding}, §6.9); display text
 * is cut to the phone's width by {@link org.sscpbridge.sscp.codec.DisplayText}.
 */
package org.sscpbridge.sscp.codec;
