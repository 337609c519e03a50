package org.sscpbridge.console;

import java.time.Duration;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sscpbridge.bridge.BridgeControl;
import org.sscpbridge.bridge.BridgeException;
import org.sscpbridge.bridge.BridgeStatus;

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
    "osgi.command.function=forward"
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
    public PhoneList phones() {
        return new PhoneList(bridge.phones());
    }

    @Descriptor("list live calls: call id, device, line, direction, far party, state, SIP Call-ID")
    public CallList calls() {
        return new CallList(bridge.calls());
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

    @Descriptor("send SIP OPTIONS to the registrar and show the answer")
    public String ping() throws BridgeException {
        return bridge.sipPing(null, Duration.ofSeconds(5));
    }

    @Descriptor("send SIP OPTIONS to a SIP URI and show the answer")
    public String ping(@Descriptor("target, e.g. sip:10.0.0.1:5060") String uri) throws BridgeException {
        return bridge.sipPing(uri, Duration.ofSeconds(5));
    }
}
