package org.sscpbridge.phone;

import java.util.concurrent.Executor;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.store.Store;

/**
 * What the phones' own features rest on: the durable store, the one executor that does its I/O
 * (so a slow database never holds a phone's thread, and each device's writes keep their order),
 * the phone book, how many history entries a device keeps ({@code history.max}), and
 * {@code arrivals}: the store work of a phone's registration (reading its forwards, headset and
 * call history; its device claim). Arrivals run on the same I/O thread but are never refused:
 * {@code io} refuses work beyond {@code store.queue.max}, and a registration storm of thousands
 * of phones must not leave phones without their forwards. Their number is bounded by the phones
 * (one set per registration), and they take one place in {@code io}'s queue at a time.
 */
public record PhoneFeatures(Store store, Executor io, PhoneBook phoneBook, int historyMax, Executor arrivals) {

    /** Arrivals on {@code io} itself (tests, where nothing is refused). */
    public PhoneFeatures(Store store, Executor io, PhoneBook phoneBook, int historyMax) {
        this(store, io, phoneBook, historyMax, io);
    }
}
