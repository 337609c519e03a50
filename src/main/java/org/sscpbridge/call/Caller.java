package org.sscpbridge.call;

/** Who is calling, as the From header says: number (user part) and display name (may be empty). */
public record Caller(String number, String name) {}
