package org.sscpbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.metrics.SipCounters;
import org.sscpbridge.metrics.SipCounters.Refusal;
import org.sscpbridge.sscp.transport.RateLimit;

/**
 * How the bridge's agent routes what arrives, over real UDP between two JAIN-SIP stacks: unknown
 * users 404, copies of an INVITE 482 (one call rings), the bound on live calls 503, CANCEL found by
 * its caller's tag.
 */
class SipCallRoutingTest {
    private static final int WAIT = 10;
    private final SipCounters counters = new SipCounters();
    private final BlockingQueue<IncomingCall> incoming = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private SipUserAgent ours;
    private SipUserAgent peer;
    private SipCallAgent agent;

    @BeforeEach
    void start() throws Exception {
        ours = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), "sip:127.0.0.1:9", "", "127.0.0.1"),
                counters, new SipLimits(new RateLimit(1000, 1000), new RateLimit(1000, 1000), 100, 100, 2,
                        Duration.ofSeconds(60)));
        closing.add(ours);
        agent = new SipCallAgent(ours);
        agent.onIncoming((line, call) -> incoming.add(call));
        ours.answerOnlyForLines();
        ours.rememberAccount(new LineAccount("1001", null, "", "Line 1001"));
        peer = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), "sip:127.0.0.1:9", "", "127.0.0.1"));
        closing.add(peer);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private Request request(String method, String user) throws Exception {
        SipURI target = ours.addresses().createSipURI(user, "127.0.0.1");
        target.setPort(ours.localPort());
        Address from = peer.addresses().createAddress(peer.addresses().createSipURI("9000", "127.0.0.1"));
        Request r = peer.newRequest(method, target, from, "peer" + System.nanoTime(),
                peer.addresses().createAddress(target), peer.newCallId(), 1);
        r.addHeader(peer.headers().createContactHeader(peer.addresses().createAddress(peer.contactUri("9000"))));
        return r;
    }

    private int status(Request r) throws Exception {
        return peer.send(r).get(WAIT, TimeUnit.SECONDS).getStatusCode();
    }

    /** Sends an INVITE whose final answer completes the future (provisional ones are ignored). */
    private CompletableFuture<Response> invite(Request r, List<ClientTransaction> txs) throws Exception {
        CompletableFuture<Response> done = new CompletableFuture<>();
        txs.add(peer.send(r, new TransactionHandler() {
            @Override
            public void onResponse(ResponseEvent event) {
                if (event.getResponse().getStatusCode() >= 200) {
                    done.complete(event.getResponse());
                }
            }

            @Override
            public void onNoFinalResponse(String why) {
                done.completeExceptionally(new AssertionError(why));
            }
        }));
        return done;
    }

    @Test
    void requestsForUsersWeDoNotHaveGet404() throws Exception {
        for (String method : List.of(Request.INVITE, Request.OPTIONS, Request.MESSAGE, Request.SUBSCRIBE,
                Request.INFO)) {
            assertEquals(404, status(request(method, "9999")), method);
        }
        assertEquals(5, counters.refusedCount(Refusal.UNKNOWN_USER));
        assertEquals(200, status(request(Request.OPTIONS, null)), "OPTIONS for the bridge itself");
        assertEquals(200, status(request(Request.OPTIONS, "1001")), "OPTIONS for a line of ours");
        assertEquals(405, status(request(Request.MESSAGE, "1001")), "MESSAGE is SIP but not ours");
        assertNull(incoming.poll(), "no call was created");
    }

    @Test
    void aCopyOfARingingInviteByAnotherBranchIs482AndRingsNothing() throws Exception {
        List<ClientTransaction> txs = new ArrayList<>();
        Request first = request(Request.INVITE, "1001");
        invite(first, txs);
        assertNotNull(incoming.poll(WAIT, TimeUnit.SECONDS));
        Request copy = (Request) first.clone();
        ViaHeader via = (ViaHeader) copy.getHeader(ViaHeader.NAME);
        via.setBranch("z9hG4bK-copy-" + System.nanoTime());
        assertEquals(482, invite(copy, txs).get(WAIT, TimeUnit.SECONDS).getStatusCode());
        // While the first INVITE's transaction lives, the stack itself finds the merged request.
        assertNull(incoming.poll(200, TimeUnit.MILLISECONDS), "the copy rang nothing");
    }

    @Test
    void aCopyArrivingAfterTheAnswerIs482AndRingsNothing() throws Exception {
        List<ClientTransaction> txs = new ArrayList<>();
        Request first = request(Request.INVITE, "1001");
        String sdp = "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 41000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        first.setContent(sdp.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                peer.headers().createContentTypeHeader("application", "sdp"));
        CompletableFuture<Response> answered = invite(first, txs);
        IncomingCall call = incoming.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(call);
        call.answer(new org.sscpbridge.call.MediaEndpoint("127.0.0.1", 40000, List.of("PCMU")));
        assertEquals(200, answered.get(WAIT, TimeUnit.SECONDS).getStatusCode());
        // The RI keeps the answered INVITE's transaction (RFC 6026 Accepted, 32 s) and answers the
        // copy itself; after that the call agent's index does (counted MERGED_REQUEST).
        Request copy = (Request) first.clone();
        ((ViaHeader) copy.getHeader(ViaHeader.NAME)).setBranch("z9hG4bK-late-copy-" + System.nanoTime());
        assertEquals(482, invite(copy, txs).get(WAIT, TimeUnit.SECONDS).getStatusCode());
        assertNull(incoming.poll(200, TimeUnit.MILLISECONDS), "the copy rang nothing");
    }

    @Test
    void callsBeyondTheBoundGet503AndCancelFindsItsCall() throws Exception {
        List<ClientTransaction> txs = new ArrayList<>();
        CompletableFuture<Response> one = invite(request(Request.INVITE, "1001"), txs);
        invite(request(Request.INVITE, "1001"), txs);
        assertNotNull(incoming.poll(WAIT, TimeUnit.SECONDS));
        assertNotNull(incoming.poll(WAIT, TimeUnit.SECONDS));
        Response third = invite(request(Request.INVITE, "1001"), txs).get(WAIT, TimeUnit.SECONDS);
        assertEquals(503, third.getStatusCode());
        assertNotNull(third.getHeader(RetryAfterHeader.NAME));
        assertEquals(1, counters.refusedCount(Refusal.TOO_MANY_CALLS));
        // CANCEL (no To tag of ours) reaches the first call: its INVITE ends 487, and room is made.
        peer.cancel(txs.get(0));
        assertEquals(487, one.get(WAIT, TimeUnit.SECONDS).getStatusCode());
        // The 487 leaves before the call's executor has forgotten the call: wait for the room.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (agent.liveCalls() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, agent.liveCalls(), "the cancelled call is forgotten");
        invite(request(Request.INVITE, "1001"), txs);
        assertNotNull(incoming.poll(WAIT, TimeUnit.SECONDS), "a call fits again");
    }
}
