package org.sscpbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sscpbridge.call.MailboxStatus;

class MessageSummaryTest {

    @Test
    void readsTheRfc3842Example() throws Exception {
        String body = "Messages-Waiting: yes\r\n"
                + "Message-Account: sip:alice@vmail.example.com\r\n"
                + "Voice-Message: 2/8 (0/2)\r\n"
                + "\r\n";
        assertEquals(new MailboxStatus(true, 2, 8), MessageSummary.parse(body));
    }

    @Test
    void countsDefaultToZeroAndOtherClassesAreIgnored() throws Exception {
        assertEquals(new MailboxStatus(false, 0, 0), MessageSummary.parse("Messages-Waiting: no\r\n"));
        assertEquals(new MailboxStatus(true, 0, 0),
                MessageSummary.parse("Messages-Waiting: yes\nFax-Message: 1/0\n"));
    }

    @Test
    void toleratesCaseBlanksAndBareLineFeeds() throws Exception {
        assertEquals(new MailboxStatus(true, 3, 1),
                MessageSummary.parse("\nmessages-waiting:YES\nvoice-message :  3 / 1 ( 1 / 0 )\n"));
    }

    @Test
    void ignoresTheOptionalMessageHeadersAfterTheBlankLine() throws Exception {
        String body = "Messages-Waiting: yes\r\nVoice-Message: 4/0 (1/0)\r\n\r\n"
                + "To: <alice@atlanta.example.com>\r\nFrom: <bob@biloxi.example.com>\r\n"
                + "Subject: carpool tomorrow?\r\nPriority: normal\r\nnot a header at all\r\n";
        assertEquals(new MailboxStatus(true, 4, 0), MessageSummary.parse(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "Voice-Message: 1/0\r\n",
        "Messages-Waiting: maybe\r\n",
        "Messages-Waiting: yes\r\nMessages-Waiting: no\r\n",
        "Messages-Waiting: yes\r\nVoice-Message: two/none\r\n",
        "Messages-Waiting: yes\r\nVoice-Message: 1\r\n",
        "Messages-Waiting: yes\r\nVoice-Message: -1/0\r\n",
        "Messages-Waiting: yes\r\nVoice-Message: 1/0 (2/0)\r\n",
        "Messages-Waiting: yes\r\nVoice-Message: 99999999/0\r\n",
        "Messages-Waiting: yes\r\nVoice-Message: 1/0\r\nVoice-Message: 2/0\r\n",
        "Messages-Waiting yes\r\n",
        "<html>Messages-Waiting: yes</html>",
    })
    void refusesWhatWouldLightAWrongLamp(String body) {
        MessageSummary.MalformedException e = assertThrows(MessageSummary.MalformedException.class,
                () -> MessageSummary.parse(body));
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void saysWhy() {
        MessageSummary.MalformedException e = assertThrows(MessageSummary.MalformedException.class,
                () -> MessageSummary.parse("Messages-Waiting: perhaps\r\n"));
        assertEquals("Messages-Waiting is 'perhaps', not yes or no", e.getMessage());
    }

    @Test
    void formatReadsBack() throws Exception {
        MailboxStatus s = new MailboxStatus(true, 2, 5);
        assertEquals(s, MessageSummary.parse(MessageSummary.format(s)));
    }
}
