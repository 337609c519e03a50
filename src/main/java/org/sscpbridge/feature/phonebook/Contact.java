package org.sscpbridge.feature.phonebook;

/** A phone book entry; any field may be null (unknown). */
public record Contact(String id, String lastName, String firstName, String number) {}
