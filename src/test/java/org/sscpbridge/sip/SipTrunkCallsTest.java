package org.sscpbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.DialogTerminatedEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sscpbridge.config.BridgeConfig.Trunk;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.LineRegistrar.LineRegistration;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.time.SystemScheduler;

/**
 * Trunk mode between real JAIN-SIP stacks on 127.0.0.1: a "carrier" user agent records what the
 * bridge's trunk sends (caller id headers, prefix rules, the trunk's REGISTER) and answers it.
 */
@Timeout(20)
class SipTrunkCallsTest {
    private static final long WAIT = 5;
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** The carrier: answers every request with {@code status} and keeps it. */
    private final class Carrier implements DialogHandler {
        final SipUserAgent ua;
        final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
        final int status;

        Carrier(int status) throws Exception {
            this.status = status;
            ua = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), "sip:127.0.0.1:9", "", "127.0.0.1"));
            closing.add(ua);
            ua.setDialogHandler(this);
        }

        String uri() {
            return "sip:127.0.0.1:" + ua.localPort();
        }

        @Override
        public void onRequest(RequestEvent event, ServerTransaction tx) {
            if (tx == null) {
                return; // ACK
            }
            received.add(event.getRequest());
            try {
                ua.respond(tx, ua.messages().createResponse(status, event.getRequest()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onStrayResponse(ResponseEvent event) {
        }

        @Override
        public void onDialogTerminated(DialogTerminatedEvent event) {
        }

        Request next() throws InterruptedException {
            Request r = received.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(r, "nothing reached the carrier");
            return r;
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private SipUserAgent bridgeUa() throws Exception {
        SipUserAgent ua = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), "sip:127.0.0.1:9", "",
                "127.0.0.1"));
        closing.add(ua);
        return ua;
    }

    private static Trunk trunk(String proxy, String user, boolean from, boolean pai) {
        return new Trunk(1, proxy, proxy, user, "pw", "carrier.test", from, pai, "9", "+49", Map.of());
    }

    /** The INVITE line 3101 sends for a dialled 9301234567 through a trunk with these caller id rules. */
    private Request inviteOut(String user, boolean from, boolean pai) throws Exception {
        Carrier carrier = new Carrier(Response.BUSY_HERE);
        SipCallAgent agent = new SipCallAgent(bridgeUa(), new TrunkPlan(List.of(trunk(carrier.uri(), user, from, pai)),
                true, Set.of("3102")::contains), 64);
        agent.call(new LineAccount("3101", null, "", "Alice"), "9301234567",
                new MediaEndpoint("127.0.0.1", 40000, List.of("PCMU")), new SipCallFlowsTest.Events());
        return carrier.next();
    }

    private static String fromUser(Request r) {
        return ((SipURI) ((FromHeader) r.getHeader(FromHeader.NAME)).getAddress().getURI()).getUser();
    }

    @Test
    void callerIdInFromAndPaiWithThePrefixRules() throws Exception {
        Request invite = inviteOut("site", true, true);
        assertEquals("sip:+49301234567@carrier.test", invite.getRequestURI().toString());
        assertEquals("3101", fromUser(invite));
        assertEquals("P-Asserted-Identity: <sip:3101@carrier.test>",
                invite.getHeader("P-Asserted-Identity").toString().trim());
    }

    @Test
    void callerIdInPaiOnlyLeavesTheTrunkUserInFrom() throws Exception {
        Request invite = inviteOut("site", false, true);
        assertEquals("site", fromUser(invite));
        assertEquals("P-Asserted-Identity: <sip:3101@carrier.test>",
                invite.getHeader("P-Asserted-Identity").toString().trim());
    }

    @Test
    void noCallerIdHeaders() throws Exception {
        Request invite = inviteOut("site", false, false);
        assertEquals("site", fromUser(invite));
        assertNull(invite.getHeader("P-Asserted-Identity"));
    }

    @Test
    void ipAuthenticationKeepsTheLineInFrom() throws Exception {
        // No trunk user to put there: From stays the line's number.
        assertEquals("3101", fromUser(inviteOut("", false, true)));
    }

    /** The line's status as its listener last heard it. */
    private static RegistrationStatus await(BlockingQueue<RegistrationStatus> heard, RegistrationState state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (System.nanoTime() < deadline) {
            RegistrationStatus s = heard.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && s.state() == state) {
                return s;
            }
        }
        throw new AssertionError("line never became " + state);
    }

    @Test
    void linesBehindAnIpAuthenticatedTrunkShowRegistered() throws Exception {
        SystemScheduler scheduler = new SystemScheduler("trunk-test");
        closing.add(scheduler);
        SipTrunkRegistrar trunks = new SipTrunkRegistrar(bridgeUa(), scheduler, 600, RetryPolicy.DEFAULT,
                new TrunkPlan(List.of(trunk("sip:127.0.0.1:9", "", true, true)), true, n -> false));
        BlockingQueue<RegistrationStatus> heard = new LinkedBlockingQueue<>();
        LineRegistration line = trunks.register(new LineAccount("3101", null, "", ""), heard::add);
        assertEquals("trunk 1: IP authentication", await(heard, RegistrationState.REGISTERED).reason());
        line.unregister();
        assertEquals(RegistrationState.UNREGISTERED, line.status().state());
        trunks.close();
    }

    @Test
    void linesShowTheTrunksFailureAndTheTrunkRegistersOnce() throws Exception {
        Carrier carrier = new Carrier(Response.FORBIDDEN);
        SystemScheduler scheduler = new SystemScheduler("trunk-test");
        closing.add(scheduler);
        SipTrunkRegistrar trunks = new SipTrunkRegistrar(bridgeUa(), scheduler, 600, RetryPolicy.DEFAULT,
                new TrunkPlan(List.of(trunk(carrier.uri(), "site", true, true)), true, n -> false));
        BlockingQueue<RegistrationStatus> a = new LinkedBlockingQueue<>();
        BlockingQueue<RegistrationStatus> b = new LinkedBlockingQueue<>();
        Consumer<RegistrationStatus> toA = a::add;
        trunks.register(new LineAccount("3101", null, "", ""), toA);
        trunks.register(new LineAccount("3102", null, "", ""), b::add);
        Request register = carrier.next();
        assertEquals(Request.REGISTER, register.getMethod());
        assertEquals("site", fromUser(register));
        assertEquals("trunk 1: 403 Forbidden", await(a, RegistrationState.FAILED).reason());
        assertEquals("trunk 1: 403 Forbidden", await(b, RegistrationState.FAILED).reason());
        // Two lines, one trunk: one REGISTER (its retry waits for the backoff, 15 s at least).
        assertNull(carrier.received.poll(500, TimeUnit.MILLISECONDS));
        trunks.close();
    }
}
