package org.sscpbridge.tools.phone;

import java.time.Instant;
import java.util.List;
import org.sscpbridge.tools.WireFields;

/**
 * One message the phone received, as scripts see it: its wire name and flattened wire fields.
 *
 * @param number 1 for the first message received, counting up
 * @param text one-line rendering for reports
 */
public record ReceivedMessage(int number, Instant at, String name, List<WireFields.Field> fields, String text) {
    public ReceivedMessage {
        fields = List.copyOf(fields);
    }

    public List<String> values(String key) {
        return WireFields.values(fields, key);
    }
}
