package org.sscpbridge.phone;

import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.WireText;

/**
 * Display messages for the phone's screen. Their text often carries what the SIP side said (a
 * caller's name, a status line's reason), which may hold characters XML cannot carry: those are
 * shown as U+FFFD rather than failing the phone's event (found by the session fuzz test).
 */
final class Screen {
    private Screen() {
    }

    static BridgeMessage.Display display(String text, int timeoutSeconds) {
        return new BridgeMessage.Display(WireText.fit(text), timeoutSeconds);
    }
}
