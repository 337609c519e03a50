package org.sscpbridge.metrics;

import java.util.List;
import java.util.Map;

/** {@code org.sscpbridge:type=Phones}: registered phones, their lines and calls. */
public interface PhonesMXBean {
    /** Phones registered now. */
    int getRegistered();

    int getLinesRegistered();

    /** Lines whose last registration attempt failed (retrying). */
    int getLinesFailing();

    /** Of those, lines whose credentials the registrar refused (401, 403, 407). */
    int getLinesFailingAuth();

    /** One entry per failing line: {@code "1001 of SEP00AABBCCDDEE: 403 Forbidden"}. */
    List<String> getFailingLines();

    long getCalls();

    /** Live calls by the state the phone is shown (Connected, RingIn, RingOut, Hold, ...). */
    Map<String, Long> getCallsByState();
}
