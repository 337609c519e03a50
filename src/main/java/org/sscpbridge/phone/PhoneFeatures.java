package org.sscpbridge.phone;

import java.util.concurrent.Executor;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.store.Store;

/**
 * What the phones' own features rest on: the durable store, the one executor that does its I/O
 * (so a slow database never holds a phone's thread, and each device's writes keep their order),
 * the phone book, and how many history entries a device keeps ({@code history.max}).
 */
public record PhoneFeatures(Store store, Executor io, PhoneBook phoneBook, int historyMax) {}
