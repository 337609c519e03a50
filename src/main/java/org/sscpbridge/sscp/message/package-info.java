/**
 * SSCP messages as immutable values (SPEC §2): one record per message, nested in the sealed
 * interface of its sender ({@link org.sscpbridge.sscp.message.PhoneMessage},
 * {@link org.sscpbridge.sscp.message.BridgeMessage}), plus small records for repeated children and
 * enums for enumerated attribute values.
 *
 * <p>Conventions, the same in every record:
 * <ul>
 *   <li>An optional value is {@code null} when absent (no {@code Optional} fields); where the spec
 *       gives a default, the field holds the default and is never null.</li>
 *   <li>Lists are immutable copies ({@code List.copyOf}), never null; absent means empty.</li>
 *   <li>Compact constructors enforce the ranges the spec fixes and the wire limits of
 *       {@link org.sscpbridge.sscp.message.WireLimits}, so every record that can be built can be
 *       encoded and decoded back to an equal record. They throw IllegalArgumentException (bad
 *       value) or NullPointerException (missing required value).</li>
 * </ul>
 * This package depends on nothing else in the project.
 */
package org.sscpbridge.sscp.message;
