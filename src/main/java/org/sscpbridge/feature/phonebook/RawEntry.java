package org.sscpbridge.feature.phonebook;

/**
 * One entry as a file holds it, before validation, with where it was found ({@code line 5},
 * {@code card 3 (line 17)}) so that a refusal can name the place.
 */
record RawEntry(String where, String id, String lastName, String firstName, String number) {}
