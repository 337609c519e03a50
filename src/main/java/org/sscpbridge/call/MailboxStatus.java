package org.sscpbridge.call;

/**
 * One line's mailbox as a message-summary NOTIFY told it (RFC 3842): whether messages wait
 * ({@code Messages-Waiting}) and the voice messages' counts ({@code Voice-Message: new/old}; 0/0
 * when the body had no such line). Urgent counts are part of new/old and not kept apart.
 */
public record MailboxStatus(boolean waiting, int newMessages, int oldMessages) {
    public MailboxStatus {
        if (newMessages < 0 || oldMessages < 0) {
            throw new IllegalArgumentException("negative message count");
        }
    }

    @Override
    public String toString() {
        return (waiting ? "waiting" : "none waiting") + " " + newMessages + "/" + oldMessages;
    }
}
