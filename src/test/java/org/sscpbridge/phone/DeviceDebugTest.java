package org.sscpbridge.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceDebugTest {
    private final DeviceDebug debug = new DeviceDebug();

    @Test
    void offForEveryDeviceUntilSwitchedOn() {
        assertFalse(debug.any());
        assertFalse(debug.isOn("SEP1"));
        assertFalse(debug.isOn(null));
        assertFalse(debug.set("SEP1", true));
        assertTrue(debug.set("SEP1", true), "was already on");
        debug.set("SEP2", true);
        assertTrue(debug.any());
        assertTrue(debug.isOn("SEP1"));
        assertFalse(debug.isOn("SEP3"));
        assertEquals(List.of("SEP1", "SEP2"), debug.devices());
        assertTrue(debug.set("SEP1", false));
        debug.set("SEP2", false);
        assertFalse(debug.any());
        assertFalse(debug.isOn("SEP1"));
    }

    @Test
    void aMessageIsOneLineWhateverItsText() {
        assertEquals("Display[text=a\\u000Ab, seconds=5]", DeviceDebug.text("Display[text=a\nb, seconds=5]"));
        assertTrue(DeviceDebug.text("x".repeat(5_000)).endsWith("..."));
    }
}
