package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.ScriptedPhone;
import org.sscpbridge.it.support.SippProcess;

/**
 * Issue 14, SSCP loss (docs/RELIABILITY.md): two simulated phones ({@code bin/sscp-phone --loss 10},
 * which drops 10 % of the datagrams in each direction between the phone and the bridge) call each
 * other N times through the real bridge (Felix) and a real Kamailio. Every call reaches Connected
 * on both phones and ends Idle on both, and every Dial makes exactly one call at the PBX: the SSCP
 * transport's retransmissions and its memory of answered requests (SPEC §3) neither lose nor
 * repeat an action. CI: 10 calls; {@code -Dreliability.long=true}: 100.
 */
class SscpLossIT {
    private static final boolean LONG = Boolean.getBoolean("reliability.long");
    private static final int CALLS = LONG ? 100 : 10;
    private static final int LOSS_PERCENT = 10;
    private static final String CALLER = "SEP0000000070A1";
    private static final String CALLEE = "SEP0000000070B2";

    @TempDir
    Path work;

    @Test
    void scriptedCallsUnderTenPercentLossBothWaysAllCompleteOnceEach() throws Exception {
        long seed = Long.getLong("reliability.seed", System.currentTimeMillis());
        System.out.printf("SSCP loss: %d calls, %d %% loss both ways, seeds %d (caller) and %d (callee)%n", CALLS,
                LOSS_PERCENT, seed, seed + 1);
        int sscpPort = FreePorts.udp();
        try (KamailioServer kamailio = KamailioServer.start(work, Map.of("7001", "pw7001", "7002", "pw7002"));
                BridgeProcess bridge = BridgeProcess.start(work, Map.of(
                        "sscp.address", "127.0.0.1",
                        "sscp.port", String.valueOf(sscpPort),
                        "sip.port", String.valueOf(FreePorts.udp()),
                        "sip.registrar", kamailio.uri(),
                        "keepalive", "10",
                        "data.dir", work.resolve("data").toString()), Map.of(
                        "sscp.device-a", Map.of("device.id", CALLER, "line1.number", "7001",
                                "line1.password", "pw7001", "line1.name", "Alice"),
                        "sscp.device-b", Map.of("device.id", CALLEE, "line1.number", "7002",
                                "line1.password", "pw7002", "line1.name", "Bob")))) {
            for (String id : List.of(CALLER, CALLEE)) {
                bridge.awaitOutput("scr:info org.sscpbridge.osgi.DeviceComponent", "device.id<String> = " + id,
                        Duration.ofSeconds(15));
            }
            StringBuilder callee = new StringBuilder(registered("7002"));
            StringBuilder caller = new StringBuilder(registered("7001"));
            for (int i = 1; i <= CALLS; i++) {
                callee.append("""
                        # call %1$d
                        expect CallState state=RingIn Party.number=7001 within 30
                        offhook
                        expect CallState state=Connected within 20
                        expect CallState state=Idle within 30
                        onhook
                        """.formatted(i));
                caller.append("""
                        # call %1$d: the callee has put its receiver down after the last one
                        sleep 2
                        offhook
                        expect CallState state=OffHook within 20
                        dial 7002
                        expect CallState state=RingOut within 20
                        expect CallState state=Connected Party.number=7002 within 20
                        onhook
                        expect CallState state=Idle within 20
                        """.formatted(i));
            }
            List<String> lossy = List.of("--loss", String.valueOf(LOSS_PERCENT));
            Duration scriptEnd = Duration.ofSeconds(60L + CALLS * 15L);
            try (ScriptedPhone b = ScriptedPhone.start(work, sscpPort, CALLEE, FreePorts.udp(), callee.toString(),
                    concat(lossy, "--seed", String.valueOf(seed + 1)))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> kamailio.hasBinding("7002"));
                try (ScriptedPhone a = ScriptedPhone.start(work, sscpPort, CALLER, FreePorts.udp(),
                        caller.toString(), concat(lossy, "--seed", String.valueOf(seed)))) {
                    long started = System.nanoTime();
                    a.assertSucceeds(scriptEnd);
                    b.assertSucceeds(Duration.ofSeconds(60));
                    System.out.printf("SSCP loss: %d calls completed in %.1f s%n", CALLS,
                            (System.nanoTime() - started) / 1e9);
                    System.out.println("SSCP loss: caller: " + lastLines(a.output()));
                    System.out.println("SSCP loss: callee: " + lastLines(b.output()));
                }
            }
            bridge.awaitOutput("sscp:calls", "0 calls", Duration.ofSeconds(15));
            // One call at the PBX per Dial: no Dial (or OffHook, Digit) acted on twice.
            Set<String> calls = kamailio.inviteCallIds("7001");
            System.out.printf("SSCP loss: %d INVITE dialogs at Kamailio for %d Dials (%d INVITEs with the "
                    + "challenged ones); from the callee: %d%n", calls.size(), CALLS, kamailio.inviteCount("7001"),
                    kamailio.inviteCallIds("7002").size());
            assertEquals(CALLS, calls.size(), "calls at the PBX: " + calls);
            assertEquals(0, kamailio.inviteCallIds("7002").size(), "the callee never dialled");
            System.out.println("SSCP loss: bridge counters: " + bridge.run("sscp:status"));
        }
    }

    /**
     * Phone A (10 % loss both ways) calls a SIPp far end through Kamailio N times: each call rings,
     * is answered by SIPp, reaches Connected on the phone and ends with the phone's hang-up (BYE)
     * and Idle. SIPp ends with status 0 only if it took exactly N calls, each completed with a BYE;
     * Kamailio counts exactly N INVITE dialogs from A's line: no Dial (OffHook, Digit, OnHook)
     * retransmitted by the lossy phone was acted on twice, none lost.
     */
    @Test
    void scriptedCallsToASippFarEndUnderTenPercentLossAllCompleteOnceEach() throws Exception {
        long seed = Long.getLong("reliability.seed", System.currentTimeMillis()) + 2;
        System.out.printf("SSCP loss to SIPp: %d calls, %d %% loss both ways, seed %d%n", CALLS, LOSS_PERCENT, seed);
        int sscpPort = FreePorts.udp();
        try (KamailioServer kamailio = KamailioServer.start(work, Map.of("7001", "pw7001"));
                BridgeProcess bridge = BridgeProcess.start(work, Map.of(
                        "sscp.address", "127.0.0.1",
                        "sscp.port", String.valueOf(sscpPort),
                        "sip.port", String.valueOf(FreePorts.udp()),
                        "sip.registrar", kamailio.uri(),
                        "keepalive", "10",
                        "data.dir", work.resolve("data").toString()), Map.of(
                        "sscp.device-a", Map.of("device.id", CALLER, "line1.number", "7001",
                                "line1.password", "pw7001", "line1.name", "Alice")));
                SippProcess farEnd = SippProcess.start(work, "uas-load.xml", Map.of("answer_ms", "300"), null,
                        "-m", String.valueOf(CALLS), "-timeout", (60 + CALLS * 15) + "s")) {
            bridge.awaitOutput("scr:info org.sscpbridge.osgi.DeviceComponent", "device.id<String> = " + CALLER,
                    Duration.ofSeconds(15));
            kamailio.replaceBinding("7099", "sip:7099@127.0.0.1:" + farEnd.sipPort());
            StringBuilder caller = new StringBuilder(registered("7001"));
            for (int i = 1; i <= CALLS; i++) {
                caller.append("""
                        # call %1$d
                        sleep 1
                        offhook
                        expect CallState state=OffHook within 20
                        dial 7099
                        expect CallState state=RingOut within 20
                        expect CallState state=Connected within 20
                        onhook
                        expect CallState state=Idle within 20
                        """.formatted(i));
            }
            try (ScriptedPhone a = ScriptedPhone.start(work, sscpPort, CALLER, FreePorts.udp(), caller.toString(),
                    List.of("--loss", String.valueOf(LOSS_PERCENT), "--seed", String.valueOf(seed)))) {
                long started = System.nanoTime();
                a.assertSucceeds(Duration.ofSeconds(60L + CALLS * 15L));
                System.out.printf("SSCP loss to SIPp: %d calls completed in %.1f s%n", CALLS,
                        (System.nanoTime() - started) / 1e9);
                System.out.println("SSCP loss to SIPp: caller: " + lastLines(a.output()));
            }
            int sipp = farEnd.await(60);
            assertEquals(0, sipp, "SIPp far end (exactly " + CALLS + " calls, each ended by BYE):\n"
                    + farEnd.output());
            bridge.awaitOutput("sscp:calls", "0 calls", Duration.ofSeconds(15));
            Set<String> calls = kamailio.inviteCallIds("7001");
            System.out.printf("SSCP loss to SIPp: %d INVITE dialogs at Kamailio for %d Dials (%d INVITEs with the "
                    + "challenged ones); SIPp: %d calls answered and ended by BYE%n", calls.size(), CALLS,
                    kamailio.inviteCount("7001"), CALLS);
            assertEquals(CALLS, calls.size(), "calls at the PBX: " + calls);
            System.out.println("SSCP loss to SIPp: bridge counters: " + bridge.run("sscp:status"));
        }
    }

    private static String registered(String number) {
        return """
                expect RegisterAck within 30
                expect Display text="Line %s: registered" within 30
                """.formatted(number);
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(more));
        return all;
    }

    private static String lastLines(String output) {
        String[] lines = output.split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 3), lines.length));
    }
}
