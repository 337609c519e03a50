package org.sscpbridge.console;

import java.time.Duration;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sscpbridge.bridge.BridgeControl;
import org.sscpbridge.bridge.BridgeException;
import org.sscpbridge.bridge.BridgeStatus;
import org.sscpbridge.phone.CallSnapshot;
import org.sscpbridge.phone.PhoneSnapshot;

/** Gogo commands of scope {@code sscp}: parse arguments, call the bridge, return what prints. */
@Component(service = SscpCommands.class, property = {
    "osgi.command.scope=sscp",
    "osgi.command.function=status",
    "osgi.command.function=enable",
    "osgi.command.function=disable",
    "osgi.command.function=ping",
    "osgi.command.function=phones",
    "osgi.command.function=reload",
    "osgi.command.function=calls",
    "osgi.command.function=forward",
    "osgi.command.function=debug"
})
public final class SscpCommands {
    private final BridgeControl bridge;

    @org.osgi.service.component.annotations.Activate
    public SscpCommands(@Reference BridgeControl bridge) {
        this.bridge = bridge;
    }

    @Descriptor("show whether the bridge is enabled, its addresses and counts")
    public BridgeStatus status() {
        return bridge.status();
    }

    @Descriptor("list registered phones: device, address, state, lines and their SIP registration")
    public String phones() {
        List<PhoneSnapshot> rows = bridge.phones();
        StringBuilder b = new StringBuilder(String.format("%-18s %-22s %-10s %s%n", "DEVICE", "ADDRESS", "STATE", "LINES"));
        rows.forEach(r -> b.append(r).append('\n'));
        b.append(rows.size()).append(rows.size() == 1 ? " phone" : " phones");
        return b.toString();
    }

    @Descriptor("list live calls: call id, device, line, direction, far party, state, SIP Call-ID")
    public String calls() {
        List<CallSnapshot> rows = bridge.calls();
        StringBuilder b = new StringBuilder(String.format("%-9s %-18s %-4s %-4s %-16s %-13s %s%n", "CALL", "DEVICE",
                "LINE", "DIR", "PARTY", "STATE", "SIP CALL-ID"));
        rows.forEach(r -> b.append(r).append('\n'));
        b.append(rows.size()).append(rows.size() == 1 ? " call" : " calls");
        return b.toString();
    }

    @Descriptor("show a device's call forwards")
    public String forward(@Descriptor("device id") String deviceId) throws BridgeException {
        return bridge.forward(deviceId, 1, null, null);
    }

    @Descriptor("set or cancel one of a device's call forwards")
    public String forward(@Descriptor("device id") String deviceId,
            @Descriptor("all | busy | noanswer") String kind,
            @Descriptor("target number, or off") String number) throws BridgeException {
        return bridge.forward(deviceId, 1, kind, number);
    }

    @Descriptor("set or cancel one of the call forwards of one of a device's lines")
    public String forward(@Descriptor("device id") String deviceId,
            @Descriptor("line, 1 = the first") int line,
            @Descriptor("all | busy | noanswer") String kind,
            @Descriptor("target number, or off") String number) throws BridgeException {
        return bridge.forward(deviceId, line, kind, number);
    }

    @Descriptor("re-read one device's configuration and re-register only that phone")
    public String reload(@Descriptor("device id, e.g. SEP00AABBCCDDEE") String deviceId) throws BridgeException {
        return bridge.reload(deviceId);
    }

    @Descriptor("start the bridge: open the SSCP port and the SIP user agent")
    public BridgeStatus enable() throws BridgeException {
        return bridge.enable();
    }

    @Descriptor("stop the bridge: tell phones, remove SIP bindings, close both ports")
    public BridgeStatus disable() {
        return bridge.disable();
    }

    @Descriptor("log one phone's SSCP messages decoded, in and out (on), or stop (off)")
    public String debug(@Descriptor("device id, e.g. SEP00AABBCCDDEE") String deviceId,
            @Descriptor("on | off") String onOff) throws BridgeException {
        return switch (onOff.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> bridge.debug(deviceId, true);
            case "off" -> bridge.debug(deviceId, false);
            default -> throw new BridgeException("say on or off, not " + onOff);
        };
    }

    @Descriptor("send SIP OPTIONS to the registrar and show the answer")
    public String ping() throws BridgeException {
        return bridge.sipPing(null, Duration.ofSeconds(5));
    }

    @Descriptor("send SIP OPTIONS to a SIP URI and show the answer")
    public String ping(@Descriptor("target, e.g. sip:10.0.0.1:5060") String uri) throws BridgeException {
        return bridge.sipPing(uri, Duration.ofSeconds(5));
    }
}
