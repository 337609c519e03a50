package org.sscpbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioDispatcher;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.SippProcess;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.store.PostgresServer;

/**
 * Issue 15, scale-out: two bridge instances (bin/bridge in Felix each) share one real PostgreSQL and
 * register their phones' lines at one real Kamailio; a second Kamailio runs the project's dispatcher
 * example in front of both. A phone that re-registers with the other instance while the first is alive
 * moves: Kamailio ends with exactly one binding, the new instance's, and calls reach it. Then the first
 * instance is killed (SIGKILL): its phone fails over to the second; a call to it connects through the
 * stale binding's fork and through the dispatcher; its phone book and history are intact.
 */
class ScaleOutIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String MOVER = "SEP0000000070A2"; // moves in order while A is alive
    private static final String SURVIVOR = "SEP0000000070A1"; // fails over when A is killed

    @TempDir
    static Path work;

    @Test
    void phonesMoveBetweenInstancesAndKeepCallingWhenOneIsKilled() throws Exception {
        List<AutoCloseable> started = new ArrayList<>();
        try (PostgresServer pg = PostgresServer.start()) {
            String url = pg.createDatabase("scaleout");
            KamailioServer kamailio = KamailioServer.start(work, Map.of("7001", "pw7001", "7002", "pw7002"));
            started.add(kamailio);
            Instance a = new Instance("a", kamailio, url);
            Instance b = new Instance("b", kamailio, url);
            // Both at once: each Felix takes several seconds to come up.
            CompletableFuture<BridgeProcess> startA = CompletableFuture.supplyAsync(a::start);
            CompletableFuture<BridgeProcess> startB = CompletableFuture.supplyAsync(b::start);
            CompletableFuture.allOf(startA, startB).exceptionally(e -> null).join();
            for (CompletableFuture<BridgeProcess> f : List.of(startA, startB)) {
                if (!f.isCompletedExceptionally()) {
                    started.add(f.join()); // stopped in the end even when the other did not start
                }
            }
            BridgeProcess bridgeA = startA.join();
            BridgeProcess bridgeB = startB.join();

            TestPhone survivor = new TestPhone(a.sscp);
            started.add(survivor);
            TestPhone mover = new TestPhone(a.sscp);
            started.add(mover);
            register(survivor, SURVIVOR, "7001");
            register(mover, MOVER, "7002");
            assertEquals(List.of(a.contact("7001")), kamailio.contacts("7001"));
            assertEquals(List.of(a.contact("7002")), kamailio.contacts("7002"));

            // The survivor's durable things, written through instance A into the shared store.
            survivor.send(new PhoneMessage.PhoneBook(PhoneBookAction.STORE,
                    new PhoneBookEntry(null, "Scaleout", "Sam", "7099")));
            assertEquals(200, survivor.await(BridgeMessage.PhoneBookResult.class).code());
            try (SippProcess far = SippProcess.start(work, "uas-answer.xml", null)) {
                kamailio.addBinding("7050", "sip:7050@127.0.0.1:" + far.sipPort());
                survivor.send(new PhoneMessage.Dial("7050", null));
                BridgeMessage.CallState up = survivor.await(BridgeMessage.CallState.class,
                        c -> c.state() == CallStateName.CONNECTED, WAIT);
                survivor.send(new PhoneMessage.OnHook(null));
                survivor.await(BridgeMessage.CallState.class,
                        c -> c.callId().equals(up.callId()) && c.state() == CallStateName.IDLE, WAIT);
                assertEquals(0, far.await(30), far.output());
            }
            awaitPlacedCall(survivor, "7050"); // the history entry is written when the call ends

            // An orderly move: the mover re-registers with B (its secondary call manager) while A runs.
            mover.callManager(b.sscp);
            register(mover, MOVER, "7002");
            awaitContacts(kamailio, "7002", List.of(b.contact("7002")));
            assertTrue(bridgeA.log().lines().stream().anyMatch(l -> l.contains("phone " + MOVER
                    + " registered with instance " + b.instanceId())), "A saw the claim of B");
            // A's session ended and A removed its own contact (Expires: 0 from A), never B's: exactly
            // one binding stays, B's.
            assertFalse(bridgeA.run("sscp:phones").contains(MOVER), "A no longer holds the mover");
            assertTrue(kamailio.log().lines().stream().anyMatch(l -> l.contains("REGISTER sip:7002@")
                    && l.contains(" from 127.0.0.1:" + a.sip + " expires 0 ")), "A's removal reached Kamailio");
            assertEquals(List.of(b.contact("7002")), kamailio.contacts("7002"));
            callAndAnswer(kamailio.port(), "7002", mover);

            // The dispatcher in front of both instances: a call for the mover reaches it whichever
            // instance it tries first (A answers 480: no phone with that line here; the next is B).
            KamailioDispatcher dispatcher = KamailioDispatcher.start(work, List.of(a.sipUri(), b.sipUri()));
            started.add(dispatcher);
            callAndAnswer(dispatcher.port(), "7002", mover);
            callAndAnswer(dispatcher.port(), "7002", mover);
            assertTrue(dispatcher.log().lines().stream().anyMatch(l -> l.contains("next bridge")),
                    "round robin sent one of the two calls to A first, which passed it on:\n"
                            + String.join("\n", dispatcher.log().lines()));

            // A crash: instance A is killed; its binding for 7001 stays at Kamailio until it expires.
            bridgeA.kill();
            survivor.send(new PhoneMessage.KeepAlive());
            assertFalse(survivor.receives(BridgeMessage.KeepAliveAck.class, Duration.ofMillis(1_500)),
                    "A is gone");
            survivor.callManager(b.sscp); // the phone fails over to its secondary call manager
            register(survivor, SURVIVOR, "7001");
            List<String> bindings = kamailio.contacts("7001");
            assertTrue(bindings.contains(b.contact("7001")) && bindings.contains(a.contact("7001")),
                    "B's binding beside A's stale one: " + bindings);
            // Kamailio forks to both contacts; B answers, the dead one never does.
            callAndAnswer(kamailio.port(), "7001", survivor);

            // Its phone book and history are intact, read through B from the shared store.
            survivor.send(new PhoneMessage.PhoneBook(PhoneBookAction.SEARCH,
                    new PhoneBookEntry(null, "scaleout", null, null)));
            BridgeMessage.PhoneBookResult found = survivor.await(BridgeMessage.PhoneBookResult.class);
            assertEquals(1, found.total(), found.toString());
            assertEquals("7099", found.users().get(0).number());
            awaitPlacedCall(survivor, "7050");

            // The dispatcher marks A inactive (no answer to its probes) and sends the call to B.
            awaitFlags(dispatcher, a.sipUri(), "I");
            callAndAnswer(dispatcher.port(), "7001", survivor);
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
    }

    /** One bridge instance's ports and configuration. */
    private static final class Instance {
        final String name;
        final InetSocketAddress sscp;
        final int sip;
        final Map<String, String> config = new HashMap<>();

        Instance(String name, KamailioServer kamailio, String storeUrl) {
            this.name = name;
            this.sscp = new InetSocketAddress("127.0.0.1", FreePorts.udp());
            this.sip = FreePorts.udp();
            config.putAll(Map.of(
                    "sscp.address", "127.0.0.1",
                    "sscp.port", String.valueOf(sscp.getPort()),
                    "sip.port", String.valueOf(sip),
                    "sip.registrar", kamailio.uri(),
                    "mwi.subscribe", "false",
                    "store.url", storeUrl,
                    "store.user", PostgresServer.USER,
                    "store.password", PostgresServer.PASSWORD,
                    "instance.poll", "1"));
        }

        BridgeProcess start() {
            try {
                return BridgeProcess.start(work.resolve("bridge-" + name), config, Map.of(
                        "sscp.device-survivor", Map.of("device.id", SURVIVOR, "line1.number", "7001",
                                "line1.password", "pw7001"),
                        "sscp.device-mover", Map.of("device.id", MOVER, "line1.number", "7002",
                                "line1.password", "pw7002")));
            } catch (Exception e) {
                throw new IllegalStateException("bridge " + name + " did not start", e);
            }
        }

        /** The default instance.id: the SIP address:port. */
        String instanceId() {
            return "127.0.0.1:" + sip;
        }

        String sipUri() {
            return "sip:127.0.0.1:" + sip;
        }

        String contact(String line) {
            return "sip:" + line + "@127.0.0.1:" + sip;
        }
    }

    private static void register(TestPhone phone, String device, String line) throws Exception {
        phone.send(new PhoneMessage.Register(device, "AP-IP300", "1.0", null, null));
        phone.await(BridgeMessage.RegisterAck.class);
        phone.await(BridgeMessage.Display.class, d -> d.text().equals("Line " + line + ": registered"), WAIT);
    }

    /** A SIPp caller calls {@code line} through the SIP server at {@code port}; {@code phone} answers. */
    private static void callAndAnswer(int port, String line, TestPhone phone) throws Exception {
        try (SippProcess caller = SippProcess.start(work, "uac-call.xml", "127.0.0.1:" + port, "-s", line)) {
            BridgeMessage.CallState ring = phone.await(BridgeMessage.CallState.class,
                    c -> c.state() == CallStateName.RING_IN, WAIT);
            phone.send(new PhoneMessage.OffHook(null));
            phone.await(BridgeMessage.CallState.class,
                    c -> c.callId().equals(ring.callId()) && c.state() == CallStateName.CONNECTED, WAIT);
            phone.await(BridgeMessage.CallState.class,
                    c -> c.callId().equals(ring.callId()) && c.state() == CallStateName.IDLE, WAIT);
            assertEquals(0, caller.await(30), caller.output());
            phone.send(new PhoneMessage.OnHook(null));
        }
    }

    private static void awaitPlacedCall(TestPhone phone, String number) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<BridgeMessage.HistoryEntry> placed = List.of();
        while (System.nanoTime() < deadline) {
            phone.send(new PhoneMessage.CallHistory(new PhoneMessage.HistoryQuery(HistoryType.PLACED, 5)));
            placed = phone.await(BridgeMessage.CallHistoryResult.class).entries().stream()
                    .filter(e -> e.number().equals(number)).toList();
            if (placed.size() == 1) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no placed call to " + number + " in the history: " + placed);
    }

    private static void awaitContacts(KamailioServer kamailio, String user, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> now = List.of();
        while (System.nanoTime() < deadline) {
            now = kamailio.contacts(user);
            if (now.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Kamailio's contacts of " + user + ": " + now + ", expected " + expected);
    }

    private static void awaitFlags(KamailioDispatcher dispatcher, String destination, String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String flags = "";
        while (System.nanoTime() < deadline) {
            flags = dispatcher.flags(destination);
            if (flags.startsWith(prefix)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(destination + " has dispatcher flags '" + flags + "', expected " + prefix + "…");
    }
}
