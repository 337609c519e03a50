package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.SippProcess;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.ResetType;

/**
 * Issue 14, bridge faults (docs/RELIABILITY.md): the real bridge (bin/bridge in Felix) with
 * {@link #PHONES} simulated phones registered through a real Kamailio, and calls in progress (three
 * connected: two phone-to-phone, one phone-to-SIPp; two ringing: one phone-to-phone, one
 * phone-to-SIPp) when the bridge is disabled, its bundle stopped, its configuration edited, and
 * Felix sent SIGTERM.
 *
 * <p>For every stop: each SIP binding is removed (Expires: 0) before the stop completes, checked at
 * Kamailio (its usrloc contact count is 0 the moment the command returned or the process exited);
 * every connected call ends with BYE and every ringing one with CANCEL (SIPp requires them;
 * Kamailio logs them for the phone-to-phone dialogs); every phone is told Reset; after enable / start / restart every phone
 * registers again and every line is bound again. A configuration edit touches only what it names:
 * the other lines' bindings at Kamailio keep their Call-ID and CSeq, and the calls go on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeFaultsIT {
    private static final int PHONES = Integer.getInteger("reliability.bridgefaults.phones", 20);
    // Outside the phones' numbers (7101..) for any PHONES.
    private static final String FAR_END = "6999";
    /** A SIPp that rings and never answers (the caller must CANCEL). */
    private static final String RINGING_FAR_END = "6998";
    /** Legs in sscp:calls while the load runs: 2 per phone-to-phone call (3), 1 per phone-to-SIPp call (2). */
    private static final int LEGS = 8;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private Map<String, String> config;
    private Map<String, Map<String, String>> devices;
    private int sscpPort;
    private final List<TestPhone> phones = new ArrayList<>();
    private final ScheduledExecutorService keepalives = Executors.newSingleThreadScheduledExecutor();

    private static String device(int i) {
        return "SEP00000000F" + String.format("%03d", i);
    }

    private static String number(int i) {
        return String.valueOf(7100 + i);
    }

    private static Map<String, String> deviceConfig(int i, String name) {
        return Map.of("device.id", device(i), "line1.number", number(i), "line1.password", "pw" + number(i),
                "line1.name", name);
    }

    private static Predicate<BridgeMessage.CallState> state(CallStateName s) {
        return c -> c.state() == s;
    }

    @BeforeAll
    void start() throws Exception {
        Map<String, String> subscribers = new HashMap<>();
        devices = new HashMap<>();
        for (int i = 1; i <= PHONES; i++) {
            subscribers.put(number(i), "pw" + number(i));
            devices.put("sscp.device-f" + i, deviceConfig(i, "Line " + i));
        }
        kamailio = KamailioServer.start(work, subscribers);
        sscpPort = FreePorts.udp();
        config = new HashMap<>(Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.address", "127.0.0.1",
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "keepalive", "10",
                "data.dir", work.resolve("data").toString()));
        bridge = startBridge();
        for (int i = 1; i <= PHONES; i++) {
            phones.add(new TestPhone(new InetSocketAddress("127.0.0.1", sscpPort)));
        }
        long t0 = System.nanoTime();
        registerAll();
        System.out.printf("Bridge faults: %d phones registered, %d lines bound at Kamailio in %.1f s%n", PHONES,
                kamailio.contactCount(), (System.nanoTime() - t0) / 1e9);
        // The phones stay alive at the bridge (SPEC §4) through the whole test; while the bridge is
        // down or before a phone registered again, the bridge ignores or refuses them (401): harmless.
        keepalives.scheduleAtFixedRate(() -> {
            for (TestPhone p : phones) {
                try {
                    p.sendWithSeq(new PhoneMessage.KeepAlive());
                } catch (Exception e) {
                    // closed at the end
                }
            }
        }, 3, 3, TimeUnit.SECONDS);
    }

    private BridgeProcess startBridge() throws Exception {
        BridgeProcess b = BridgeProcess.start(work, config, devices);
        for (int i = 1; i <= PHONES; i++) {
            b.awaitOutput("scr:info org.sscpbridge.osgi.DeviceComponent", "device.id<String> = " + device(i), WAIT);
        }
        return b;
    }

    @AfterAll
    void stop() throws Exception {
        keepalives.shutdownNow();
        phones.forEach(TestPhone::close);
        if (bridge != null) {
            bridge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    /** Every phone registers (again) and every line is bound at Kamailio. */
    private void registerAll() throws Exception {
        for (int i = 1; i <= PHONES; i++) {
            TestPhone p = phones.get(i - 1);
            p.forget();
            p.send(new PhoneMessage.Register(device(i), "AP-IP300", "1.0", null, null));
        }
        for (int i = 1; i <= PHONES; i++) {
            TestPhone p = phones.get(i - 1);
            p.await(BridgeMessage.RegisterAck.class, m -> true, WAIT);
            String line = number(i);
            p.await(BridgeMessage.Display.class, d -> d.text().equals("Line " + line + ": registered"), WAIT);
        }
        Set<String> all = new TreeSet<>();
        for (int i = 1; i <= PHONES; i++) {
            all.add(number(i));
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> kamailio.boundUsers().containsAll(all));
        assertEquals(PHONES, kamailio.contactCount(), "one binding per line");
    }

    /**
     * The calls in progress when a fault strikes: connected ones (BYE expected) and ringing ones
     * (CANCEL expected), each with its Call-ID at Kamailio; the SIPp far ends exit 0 only if they
     * got the BYE / CANCEL they wait for.
     */
    private record Load(SippProcess answering, SippProcess ringing, List<String> connectedIds, String ringingId) {
        void closeFarEnds() throws InterruptedException {
            answering.close();
            ringing.close();
        }
    }

    /**
     * Phone 1 calls phone 2, phone 3 calls phone 4 (both legs through the bridge and Kamailio),
     * phone 5 calls a SIPp that answers: all Connected. Phone 6 calls phone 7 and phone 8 calls a
     * SIPp that never answers: both ringing. SIPp's hand-made bindings are removed once their calls
     * are up, so that Kamailio's contact count is the bridge's lines alone.
     */
    private Load startLoad() throws Exception {
        for (TestPhone p : phones) {
            p.forget();
        }
        SippProcess answering = SippProcess.start(work, "uas-load.xml", Map.of("answer_ms", "0"), null);
        SippProcess ringing = SippProcess.start(work, "uas-ring-cancel.xml", null);
        kamailio.replaceBinding(FAR_END, "sip:" + FAR_END + "@127.0.0.1:" + answering.sipPort());
        kamailio.replaceBinding(RINGING_FAR_END, "sip:" + RINGING_FAR_END + "@127.0.0.1:" + ringing.sipPort());
        Set<String> before1 = kamailio.inviteCallIds(number(1));
        Set<String> before3 = kamailio.inviteCallIds(number(3));
        Set<String> before6 = kamailio.inviteCallIds(number(6));
        call(phones.get(0), number(2), phones.get(1), true);
        call(phones.get(2), number(4), phones.get(3), true);
        call(phones.get(4), FAR_END, null, true);
        call(phones.get(5), number(7), phones.get(6), false);
        call(phones.get(7), RINGING_FAR_END, null, false);
        kamailio.removeBinding(FAR_END);
        kamailio.removeBinding(RINGING_FAR_END);
        bridge.awaitOutput("sscp:calls", LEGS + " calls", WAIT);
        List<String> ids = new ArrayList<>();
        ids.addAll(newIds(kamailio.inviteCallIds(number(1)), before1));
        ids.addAll(newIds(kamailio.inviteCallIds(number(3)), before3));
        assertEquals(2, ids.size(), "one INVITE dialog per phone-to-phone call: " + ids);
        List<String> ringingIds = newIds(kamailio.inviteCallIds(number(6)), before6);
        assertEquals(1, ringingIds.size(), ringingIds.toString());
        return new Load(answering, ringing, ids, ringingIds.get(0));
    }

    private static List<String> newIds(Set<String> now, Set<String> before) {
        List<String> ids = new ArrayList<>(now);
        ids.removeAll(before);
        return ids;
    }

    private static void call(TestPhone a, String number, TestPhone b, boolean answer) throws Exception {
        a.send(new PhoneMessage.OffHook(null));
        a.await(BridgeMessage.CallState.class, state(CallStateName.OFF_HOOK), WAIT);
        for (char d : number.toCharArray()) {
            a.send(new PhoneMessage.Digit(d, null));
        }
        if (b != null) {
            b.await(BridgeMessage.CallState.class, state(CallStateName.RING_IN), WAIT);
            if (answer) {
                b.send(new PhoneMessage.OffHook(null));
                b.await(BridgeMessage.CallState.class, state(CallStateName.CONNECTED), WAIT);
            }
        }
        a.await(BridgeMessage.CallState.class, state(answer ? CallStateName.CONNECTED : CallStateName.RING_OUT),
                WAIT);
    }

    /**
     * What every stop must leave: no binding at Kamailio at once (checked, not awaited), the SIPp
     * calls ended by BYE and CANCEL (SIPp requires them), the phone-to-phone dialogs ended by BYE
     * and the ringing one by CANCEL (Kamailio saw them), every phone told Reset.
     */
    private void assertStoppedCleanly(String fault, Load load, double stopSeconds) throws Exception {
        int left = kamailio.contactCount();
        assertEquals(0, left, fault + ": bindings left at Kamailio: " + kamailio.boundUsers());
        assertEquals(0, load.answering().await(40), fault + ": SIPp far end got no BYE:\n"
                + load.answering().output());
        assertEquals(0, load.ringing().await(40), fault + ": ringing SIPp far end got no CANCEL:\n"
                + load.ringing().output());
        load.closeFarEnds();
        Set<String> byes = kamailio.byeCallIds();
        for (String id : load.connectedIds()) {
            assertTrue(byes.contains(id), fault + ": no BYE for phone-to-phone call " + id);
        }
        // The ringing phone-to-phone call ends either way, both correct: the caller's side CANCELs, or the
        // callee's side refuses first and its answer ends the caller's INVITE (then nothing is left to
        // CANCEL). Which one depends on which phone's session ends first.
        assertTrue(kamailio.cancelCallIds().contains(load.ringingId())
                || kamailio.refusedInviteCallIds().contains(load.ringingId()),
                fault + ": the ringing call was neither cancelled nor refused at Kamailio");
        int resets = 0;
        for (TestPhone p : phones) {
            BridgeMessage.Reset r = p.await(BridgeMessage.Reset.class, m -> true, WAIT);
            assertEquals(ResetType.RESTART, r.resetType());
            resets++;
        }
        System.out.printf("Bridge faults: %s with 5 calls in progress (3 connected, 2 ringing) took %.1f s: "
                + "bindings left at Kamailio %d, connected calls ended by BYE 3 of 3, ringing calls by CANCEL "
                + "2 of 2, phones told Reset %d of %d%n", fault,
                stopSeconds, left, resets, PHONES);
    }

    private void reRegister(String fault) throws Exception {
        long t0 = System.nanoTime();
        registerAll();
        System.out.printf("Bridge faults: after %s: %d of %d phones registered again, %d lines bound, in %.1f s%n",
                fault, PHONES, PHONES, kamailio.contactCount(), (System.nanoTime() - t0) / 1e9);
        bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
    }

    @Test
    @Order(1)
    void disableUnderLoadUnbindsEndsCallsResetsPhonesAndEnableBringsThemBack() throws Exception {
        Load load = startLoad();
        long t0 = System.nanoTime();
        String out = bridge.run("sscp:disable");
        double took = (System.nanoTime() - t0) / 1e9;
        assertTrue(out.contains("SSCP bridge: disabled"), out);
        assertStoppedCleanly("sscp:disable", load, took);
        out = bridge.run("sscp:enable");
        assertTrue(out.contains("SSCP bridge: enabled"), out);
        reRegister("sscp:enable");
    }

    @Test
    @Order(2)
    void bundleStopUnderLoadUnbindsEndsCallsResetsPhonesAndStartBringsThemBack() throws Exception {
        String id = bundleId();
        Load load = startLoad();
        long t0 = System.nanoTime();
        bridge.run("stop " + id, Duration.ofSeconds(90));
        double took = (System.nanoTime() - t0) / 1e9;
        String lb = bridge.run("lb");
        assertTrue(Pattern.compile("(?m)^\\s*" + id + "\\|Resolved").matcher(lb).find(), lb);
        assertStoppedCleanly("bundle stop", load, took);
        bridge.run("start " + id);
        bridge.awaitOutput("sscp:status", "SSCP bridge: enabled", WAIT);
        reRegister("bundle start");
    }

    private String bundleId() throws Exception {
        String lb = bridge.run("lb");
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\|Active\\s*\\|.*SSCP-to-SIP bridge").matcher(lb);
        assertTrue(m.find(), lb);
        return m.group(1);
    }

    @Test
    @Order(3)
    void aConfigEditUnderLoadTouchesOnlyWhatItNames() throws Exception {
        Load load = startLoad();
        Map<String, List<String>> before = kamailio.bindings();
        assertEquals(PHONES, before.size(), before.toString());
        // A speed dial added to phone 1's file while phone 1 is in a call: its layout changes, its
        // line does not register again (before the fix every line of an edited device did), its
        // call goes on. Checked below together with the next edit: file edits are applied in order,
        // so once phone 20's line has re-registered, a re-registration of phone 1's would show too.
        Map<String, String> withSpeedDial = new HashMap<>(deviceConfig(1, "Line 1"));
        withSpeedDial.put("speeddial1", number(2) + " Two");
        bridge.writeCfg("sscp.device-f1", withSpeedDial);
        devices.put("sscp.device-f1", withSpeedDial);
        BridgeMessage.PhoneLayout layout = phones.get(0).await(BridgeMessage.PhoneLayout.class, l -> true, WAIT);
        assertEquals(1, layout.speedDials().size(), layout.toString());

        int edited = PHONES; // an idle phone
        String editedLine = number(edited);
        TestPhone editedPhone = phones.get(edited - 1);

        // One device's file in FileInstall's folder: its line re-registers, nothing else moves.
        bridge.writeCfg("sscp.device-f" + edited, deviceConfig(edited, "Renamed"));
        devices.put("sscp.device-f" + edited, deviceConfig(edited, "Renamed"));
        editedPhone.await(BridgeMessage.Display.class, d -> d.text().equals("Line " + editedLine + ": registered"),
                WAIT);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<String> now = kamailio.bindings().get(editedLine);
                    return now != null && !before.get(editedLine).equals(now);
                });
        Map<String, List<String>> after = kamailio.bindings();
        List<String> changed = new ArrayList<>();
        for (var e : before.entrySet()) {
            if (!e.getValue().equals(after.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        assertEquals(List.of(editedLine), changed, "bindings changed by one device's edit: before " + before
                + " after " + after);
        assertNotEquals(null, after.get(editedLine));
        assertCallsUndisturbed("device edits");

        // One bridge key that touches no socket: no line re-registers, the calls go on.
        int from = bridge.log().size();
        config.put("keepalive", "12");
        bridge.reconfigure(config);
        bridge.log().await(from, l -> l.contains("configuration updated; sockets unchanged"), WAIT);
        assertEquals(after, kamailio.bindings(), "a keepalive change re-registered lines");
        assertCallsUndisturbed("keepalive edit");
        System.out.printf("Bridge faults: two device edits under load (a speed dial of a phone in a call, the line "
                + "name of an idle one): 1 of %d bindings changed (%s), calls undisturbed 5 of 5; bridge key edit (keepalive): 0 bindings changed, calls undisturbed 5 of 5%n", PHONES,
                editedLine);

        // The calls then end normally: the callers hang up (BYE, CANCEL).
        for (int caller : new int[] {0, 2, 4, 5, 7}) {
            phones.get(caller).send(new PhoneMessage.OnHook(null));
        }
        for (int i = 0; i < 8; i++) {
            phones.get(i).await(BridgeMessage.CallState.class, state(CallStateName.IDLE), WAIT);
        }
        phones.get(1).send(new PhoneMessage.OnHook(null));
        phones.get(3).send(new PhoneMessage.OnHook(null));
        assertEquals(0, load.answering().await(20), load.answering().output());
        assertEquals(0, load.ringing().await(20), load.ringing().output());
        load.closeFarEnds();
        bridge.awaitOutput("sscp:calls", "0 calls", WAIT);
    }

    private void assertCallsUndisturbed(String what) throws Exception {
        String calls = bridge.run("sscp:calls");
        assertTrue(calls.contains(LEGS + " calls") && !calls.contains("Idle"), what + ": " + calls);
        for (int i = 0; i < 8; i++) {
            TestPhone p = phones.get(i);
            assertFalse(p.receives(BridgeMessage.StopMedia.class, m -> true, Duration.ZERO), what + ": phone " + i);
            assertFalse(p.receives(BridgeMessage.CallState.class, state(CallStateName.IDLE), Duration.ZERO),
                    what + ": phone " + i);
            assertFalse(p.receives(BridgeMessage.Reset.class, m -> true, Duration.ZERO), what + ": phone " + i);
        }
    }

    @Test
    @Order(4)
    void sigtermUnderLoadUnbindsEndsCallsResetsPhonesAndAfterRestartAllRegisterAgain() throws Exception {
        Load load = startLoad();
        long t0 = System.nanoTime();
        bridge.terminate();
        assertTrue(bridge.process().waitFor(90, TimeUnit.SECONDS), "bin/bridge did not stop on SIGTERM");
        double took = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, bridge.process().exitValue(), String.join("\n", bridge.log().lines()));
        assertStoppedCleanly("SIGTERM of Felix", load, took);
        bridge = startBridge();
        reRegister("restart");
    }
}
