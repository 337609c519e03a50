package org.sscpbridge.tools.phone;

import java.util.List;
import java.util.stream.Collectors;
import org.sscpbridge.tools.phone.command.FieldCondition;
import org.sscpbridge.tools.phone.rtp.RtpCounters;

/** Whether a received message or the RTP counters satisfy an {@code expect}'s conditions. */
public final class ExpectationMatcher {
    private ExpectationMatcher() {
    }

    public static boolean matches(ReceivedMessage message, List<FieldCondition> conditions) {
        return conditions.stream().allMatch(c -> c.holdsFor(message.values(c.key())));
    }

    public static boolean matches(RtpCounters counters, List<FieldCondition> conditions) {
        return conditions.stream().allMatch(c -> c.holdsFor(List.of(String.valueOf(
                c.key().equalsIgnoreCase("sent") ? counters.sent() : counters.received()))));
    }

    /** {@code CallState state=Connected} as the user wrote it. */
    public static String describe(String name, List<FieldCondition> conditions) {
        return conditions.isEmpty() ? name
                : name + " " + conditions.stream().map(FieldCondition::toString).collect(Collectors.joining(" "));
    }
}
