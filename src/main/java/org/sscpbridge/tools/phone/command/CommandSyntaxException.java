package org.sscpbridge.tools.phone.command;

/** A command line that cannot be understood; the message says what was wrong, for the user. */
public final class CommandSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    public CommandSyntaxException(String message) {
        super(message);
    }
}
