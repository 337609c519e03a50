package org.sscpbridge.console;

import java.util.List;
import org.sscpbridge.phone.PhoneSnapshot;

/**
 * What {@code sscp:phones} returns: the phones as data (Gogo can pipe it, e.g. {@code (sscp:phones) phones}),
 * printed as a table with a header and a count.
 */
public record PhoneList(List<PhoneSnapshot> phones) {

    public PhoneList {
        phones = List.copyOf(phones);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format("%-18s %-22s %-10s %s%n", "DEVICE", "ADDRESS", "STATE", "LINES"));
        phones.forEach(r -> b.append(r).append('\n'));
        b.append(phones.size()).append(phones.size() == 1 ? " phone" : " phones");
        return b.toString();
    }
}
