package org.sscpbridge.sscp.codec;

/** Well-formed XML bytes (UTF-8, no declaration) in {@code bytes[0..length)}, output of {@link SeedDialectRepair}. */
record RepairedXml(byte[] bytes, int length) {
}
