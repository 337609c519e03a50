package org.sscpbridge.bridge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.sscpbridge.phone.CallSnapshot;
import org.sscpbridge.phone.PhoneSnapshot;
import org.sscpbridge.store.PhoneBookStore;

/** What an operator can ask of the running bridge (the console's service). */
public interface BridgeControl {

    BridgeStatus status();

    /** One row per registered phone: device, address, state, lines with their SIP state. */
    List<PhoneSnapshot> phones();

    /** One row per live call: call id, device, line, direction, far party, state, SIP Call-ID. */
    List<CallSnapshot> calls();

    /**
     * Shows the forwards of a device's {@code line}, or sets one: {@code kind} all / busy / noanswer,
     * {@code number} the target or "off". Null kind shows only. Returns once the change is stored.
     */
    String forward(String deviceId, int line, String kind, String number) throws BridgeException;

    /** Re-reads one device's configuration and re-registers only that phone. */
    String reload(String deviceId) throws BridgeException;

    /** Opens the SSCP socket and the SIP stack; a no-op when already enabled. */
    BridgeStatus enable() throws BridgeException;

    /** Closes both, telling phones first; a no-op when already disabled. */
    BridgeStatus disable();

    /** Sends SIP OPTIONS to {@code uri} (default: the registrar) and reports the answer. */
    String sipPing(String uri, Duration timeout) throws BridgeException;

    /** Every phone book entry of {@code owner} (a device id; null: the shared directory), in search order. */
    List<PhoneBookStore.Entry> phoneBook(String owner) throws BridgeException;

    /**
     * Stores one phone book entry of {@code owner} (null: the shared directory), validated like a
     * phone's (the error names the field; nothing stored); {@code id} null: a new one. Returns it
     * with its id once stored.
     */
    PhoneBookStore.Entry phoneBookAdd(String owner, String id, String lastName, String firstName, String number)
            throws BridgeException;

    /** Removes {@code owner}'s phone book entry {@code id}; false if there was none. */
    boolean phoneBookRemove(String owner, String id) throws BridgeException;

    /**
     * Imports a {@code .csv} or {@code .vcf} file into {@code owner}'s entries: every entry is
     * checked first and a bad one refuses the whole file, naming its line (or card) and field.
     * Entries with an id replace the owner's entry with that id. Says how many were imported.
     */
    String phoneBookImport(Path file, String owner) throws BridgeException;

    /** Writes {@code owner}'s entries to a {@code .csv} or {@code .vcf} file (replaced); says how many. */
    String phoneBookExport(Path file, String owner) throws BridgeException;
    /**
     * Switches logging of one device's SSCP messages, decoded, in and out ({@code sscp:debug});
     * off for every device by default.
     */
    String debug(String deviceId, boolean on) throws BridgeException;
}
