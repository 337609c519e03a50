package org.sscpbridge.feature.phonebook;

/**
 * A phone book file refused as a whole: the message names the file's first bad place (line, or
 * card and line) and what is wrong there, e.g. {@code line 5: number 'abc' is not 1-32 of 0-9 * # +}.
 */
public final class BadPhoneBookFile extends Exception {
    private static final long serialVersionUID = 1L;

    public BadPhoneBookFile(String message) {
        super(message);
    }
}
