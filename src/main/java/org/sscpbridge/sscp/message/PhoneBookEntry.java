package org.sscpbridge.sscp.message;

/**
 * A phone book user (PhoneBook request and PhoneBookResult): every field is optional (null when
 * the attribute is absent; an empty string is kept as given, it is not the same as absent).
 */
public record PhoneBookEntry(String id, String lastName, String firstName, String number) {
    public PhoneBookEntry {
        Checks.optionalText(id, "id");
        Checks.optionalText(lastName, "lastname");
        Checks.optionalText(firstName, "firstname");
        Checks.optionalText(number, "number");
    }
}
