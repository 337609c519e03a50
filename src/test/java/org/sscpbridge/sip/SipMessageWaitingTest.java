package org.sscpbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.DialogTerminatedEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MailboxStatus;
import org.sscpbridge.call.MessageWaiting;
import org.sscpbridge.it.support.FreePorts;

/**
 * Our MWI subscriptions against a notifier made of a bare JAIN-SIP stack on 127.0.0.1 that answers
 * SUBSCRIBEs and sends NOTIFYs by hand: challenge, refresh, terminated, cancel, malformed bodies,
 * unknown dialogs, and unsolicited NOTIFYs.
 */
@Timeout(30)
class SipMessageWaitingTest {
    private static final long WAIT = 5;
    private static final LineAccount LINE = new LineAccount("2000", "u2000", "secret", "Alice");

    private SipUserAgent ourUa;
    private SipUserAgent peerUa;
    private final BlockingQueue<Received> atPeer = new LinkedBlockingQueue<>();
    private final BlockingQueue<MailboxStatus> told = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> unsolicitedFor = new LinkedBlockingQueue<>();
    private long peerCSeq = 1;
    /** The notifier's dialogs by Call-ID (the RI keeps them: in-dialog NOTIFYs must go through them). */
    private final java.util.Map<String, javax.sip.Dialog> peerDialogs = new java.util.concurrent.ConcurrentHashMap<>();

    record Received(Request request, ServerTransaction tx) {}

    private final java.util.List<MessageWaiting.Subscription> subscriptions = new java.util.ArrayList<>();

    private MessageWaiting.Subscription subscribe(SipMessageWaiting m, java.util.function.Consumer<MailboxStatus> to) {
        MessageWaiting.Subscription s = m.subscribe(LINE, to);
        subscriptions.add(s);
        return s;
    }

    @BeforeEach
    void start() throws Exception {
        ourUa = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), "sip:127.0.0.1:9", "", "127.0.0.1"));
        new SipCallAgent(ourUa);
        peerUa = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), "sip:127.0.0.1:9", "", "127.0.0.1"));
        peerUa.setDialogHandler(new DialogHandler() {
            @Override
            public void onRequest(RequestEvent event, ServerTransaction tx) {
                atPeer.add(new Received(event.getRequest(), tx));
            }

            @Override
            public void onStrayResponse(ResponseEvent event) {
            }

            @Override
            public void onDialogTerminated(DialogTerminatedEvent event) {
            }
        });
    }

    @AfterEach
    void stop() {
        // A subscription left running would retry against the stopped stack for the rest of the run.
        subscriptions.forEach(MessageWaiting.Subscription::cancel);
        peerUa.close();
        ourUa.close();
    }

    private SipMessageWaiting mwi(boolean unsolicited, int expires) {
        SipMessageWaiting m = new SipMessageWaiting(ourUa, DialogThreads.TIMER, new SipMessageWaiting.Settings(true,
                "sip:127.0.0.1:" + peerUa.localPort(), unsolicited, expires),
                new RetryPolicy(Duration.ofMillis(200), Duration.ofMillis(400)), 100);
        m.onUnsolicited((line, status) -> {
            if (!line.equals("2000")) {
                return false;
            }
            unsolicitedFor.add(line);
            told.add(status);
            return true;
        });
        return m;
    }

    private Received next() throws InterruptedException {
        Received r = atPeer.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(r, "the notifier received nothing");
        return r;
    }

    private Received nextSubscribe() throws InterruptedException {
        Received r = next();
        assertEquals(Request.SUBSCRIBE, r.request().getMethod());
        return r;
    }

    private static String callId(Request r) {
        return ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static int expires(Request r) {
        return ((ExpiresHeader) r.getHeader(ExpiresHeader.NAME)).getExpires();
    }

    private static String toTag(Request r) {
        return ((ToHeader) r.getHeader(ToHeader.NAME)).getTag();
    }

    /** Answers a SUBSCRIBE 200 with our notifier tag and {@code expires}. */
    private void accept(Received r, int expires) throws Exception {
        Response ok = peerUa.messages().createResponse(Response.OK, r.request());
        if (toTag(r.request()) == null) {
            ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag("notifier");
        }
        ok.addHeader(peerUa.headers().createExpiresHeader(expires));
        ok.addHeader(peerUa.headers().createContactHeader(peerUa.addresses().createAddress(peerUa.contactUri("vm"))));
        r.tx().sendResponse(ok);
        if (r.tx().getDialog() != null) {
            peerDialogs.put(callId(r.request()), r.tx().getDialog());
        }
    }

    private void answer(Received r, int status) throws Exception {
        r.tx().sendResponse(peerUa.messages().createResponse(status, r.request()));
    }

    /** Sends a NOTIFY in the dialog {@code subscribe} made (or, with inDialog false, an unsolicited one). */
    private Response notify(Request subscribe, String state, String body, boolean inDialog) throws Exception {
        SipURI target = ourUa.contactUri("2000");
        Address aor = peerUa.addresses().createAddress(peerUa.addresses().createSipURI("2000", "127.0.0.1"));
        Request n;
        javax.sip.Dialog d = subscribe == null ? null : peerDialogs.get(callId(subscribe));
        boolean viaDialog = inDialog && d != null && ((FromHeader) subscribe.getHeader(FromHeader.NAME)).getTag()
                .equals(d.getRemoteTag());
        if (viaDialog) {
            n = d.createRequest(Request.NOTIFY);
        } else if (inDialog) {
            FromHeader ourFrom = (FromHeader) subscribe.getHeader(FromHeader.NAME);
            ContactHeader ourContact = (ContactHeader) subscribe.getHeader(ContactHeader.NAME);
            n = peerUa.newRequest(Request.NOTIFY, ourContact.getAddress().getURI(),
                    peerUa.addresses().createAddress(peerUa.addresses().createSipURI("2000", "127.0.0.1")),
                    "notifier", ourFrom.getAddress(), (CallIdHeader) subscribe.getHeader(CallIdHeader.NAME),
                    ++peerCSeq);
            ((ToHeader) n.getHeader(ToHeader.NAME)).setTag(ourFrom.getTag());
        } else {
            n = peerUa.newRequest(Request.NOTIFY, target, peerUa.addresses().createAddress(
                    peerUa.addresses().createSipURI("vm", "127.0.0.1")), "unsol" + System.nanoTime(), aor,
                    peerUa.newCallId(), 1);
        }
        n.addHeader(peerUa.headers().createEventHeader("message-summary"));
        // The RI sends no NOTIFY without Subscription-State (RFC 6665 makes it mandatory).
        n.addHeader(peerUa.headers().createSubscriptionStateHeader(state == null ? "active" : state));
        n.addHeader(peerUa.headers().createContactHeader(peerUa.addresses().createAddress(peerUa.contactUri("vm"))));
        if (body != null) {
            n.setContent(body, peerUa.headers().createContentTypeHeader("application", "simple-message-summary"));
        }
        if (!viaDialog) {
            return peerUa.send(n).get(WAIT, TimeUnit.SECONDS);
        }
        CompletableFuture<Response> done = new CompletableFuture<>();
        peerUa.sendInDialog(d, n, new TransactionHandler() {
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
        });
        return done.get(WAIT, TimeUnit.SECONDS);
    }

    private Request subscribed(SipMessageWaiting m, int expires) throws Exception {
        subscribe(m, told::add);
        Received s = nextSubscribe();
        accept(s, expires);
        return s.request();
    }

    @Test
    void subscribesAtTheServerForTheLinesAorAndAnswersTheChallenge() throws Exception {
        SipMessageWaiting m = mwi(true, 3600);
        subscribe(m, told::add);
        Received first = nextSubscribe();
        Request r = first.request();
        assertEquals("sip:2000@127.0.0.1", r.getRequestURI().toString());
        assertEquals("message-summary", ((EventHeader) r.getHeader(EventHeader.NAME)).getEventType());
        assertTrue(r.getHeader("Accept").toString().contains("application/simple-message-summary"));
        assertEquals(3600, expires(r));
        assertTrue(((RouteHeader) r.getHeader(RouteHeader.NAME)).getAddress().getURI().toString()
                .contains(":" + peerUa.localPort()), "routed to mwi.server");
        assertTrue(((FromHeader) r.getHeader(FromHeader.NAME)).getAddress().toString().contains("Alice"));

        Response challenge = peerUa.messages().createResponse(Response.UNAUTHORIZED, r);
        WWWAuthenticateHeader www = peerUa.headers().createWWWAuthenticateHeader("Digest");
        www.setRealm("vm");
        www.setNonce("n1");
        challenge.addHeader(www);
        first.tx().sendResponse(challenge);

        Received second = nextSubscribe();
        AuthorizationHeader auth = (AuthorizationHeader) second.request().getHeader(AuthorizationHeader.NAME);
        assertNotNull(auth, "credentials after the 401");
        assertEquals("u2000", auth.getUsername());
        assertEquals(callId(r), callId(second.request()), "the same Call-ID after a challenge");
        accept(second, 3600);

        assertEquals(200, notify(second.request(), "active;expires=3600", "Messages-Waiting: yes\r\n"
                + "Voice-Message: 2/5 (0/0)\r\n", true).getStatusCode());
        assertEquals(new MailboxStatus(true, 2, 5), told.poll(WAIT, TimeUnit.SECONDS));
        assertEquals(200, notify(second.request(), "active;expires=3500", "Messages-Waiting: no\r\n", true)
                .getStatusCode());
        assertEquals(new MailboxStatus(false, 0, 0), told.poll(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void refreshesInItsDialogBeforeExpiry() throws Exception {
        Request first = subscribed(mwi(true, 3600), 2);
        Received refresh = nextSubscribe();
        assertEquals(callId(first), callId(refresh.request()));
        assertEquals("notifier", toTag(refresh.request()), "the refresh goes in the dialog");
        assertEquals(3600, expires(refresh.request()));
        accept(refresh, 3600);
    }

    @Test
    void cancelSendsExpiresZeroAndAnswersTheLastNotify() throws Exception {
        SipMessageWaiting m = mwi(true, 3600);
        MessageWaiting.Subscription sub = subscribe(m, told::add);
        Received s = nextSubscribe();
        accept(s, 3600);
        Thread.sleep(200);
        sub.cancel();
        Received end = nextSubscribe();
        assertEquals(0, expires(end.request()));
        assertEquals("notifier", toTag(end.request()));
        assertEquals(callId(s.request()), callId(end.request()));
        accept(end, 0);
        assertEquals(200, notify(s.request(), "terminated;reason=timeout", "Messages-Waiting: yes\r\n", true)
                .getStatusCode());
        assertNull(told.poll(300, TimeUnit.MILLISECONDS), "a cancelled subscription tells nothing");
        assertNull(atPeer.poll(500, TimeUnit.MILLISECONDS), "and does not subscribe again");
    }

    @Test
    void terminatedByTheNotifierSubscribesAnewInANewDialog() throws Exception {
        Request first = subscribed(mwi(true, 3600), 3600);
        assertEquals(200, notify(first, "terminated;reason=deactivated", null, true).getStatusCode());
        Received again = nextSubscribe();
        assertNotEquals(callId(first), callId(again.request()));
        assertNull(toTag(again.request()));
    }

    @Test
    void refusedSubscriptionIsRetriedWithBackoff() throws Exception {
        SipMessageWaiting m = mwi(true, 3600);
        subscribe(m, told::add);
        Received s = nextSubscribe();
        long refused = System.nanoTime();
        answer(s, Response.FORBIDDEN);
        Received again = nextSubscribe();
        assertTrue(System.nanoTime() - refused >= TimeUnit.MILLISECONDS.toNanos(90), "waited before the retry");
        assertNotEquals(callId(s.request()), callId(again.request()));
    }

    @Test
    void malformedBodyIs400AndChangesNothing() throws Exception {
        Request s = subscribed(mwi(true, 3600), 3600);
        Response r = notify(s, "active", "Messages-Waiting: perhaps\r\n", true);
        assertEquals(400, r.getStatusCode());
        assertTrue(r.getHeader("Warning").toString().contains("perhaps"), r.toString());
        assertNull(told.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(200, notify(s, "active", null, true).getStatusCode(), "an empty body is fine in a dialog");
    }

    @Test
    void notifyForAnUnknownDialogIs481() throws Exception {
        Request s = subscribed(mwi(true, 3600), 3600);
        Request other = (Request) s.clone();
        ((FromHeader) other.getHeader(FromHeader.NAME)).setTag("not-ours");
        assertEquals(481, notify(other, "active", "Messages-Waiting: yes\r\n", true).getStatusCode());
    }

    @Test
    void unsolicitedNotifyForARegisteredLineIsTaken() throws Exception {
        mwi(true, 3600);
        assertEquals(200, notify(null, null, "Messages-Waiting: yes\r\nVoice-Message: 1/3\r\n", false)
                .getStatusCode());
        assertEquals("2000", unsolicitedFor.poll(WAIT, TimeUnit.SECONDS));
        assertEquals(new MailboxStatus(true, 1, 3), told.poll(WAIT, TimeUnit.SECONDS));
        assertEquals(400, notify(null, null, "Voice-Message: 1/3\r\n", false).getStatusCode());
    }

    @Test
    void unsolicitedNotifyForNoLineIs404() throws Exception {
        mwi(true, 3600);
        Request n = peerUa.newRequest(Request.NOTIFY, ourUa.contactUri("7777"),
                peerUa.addresses().createAddress(peerUa.addresses().createSipURI("vm", "127.0.0.1")), "x",
                peerUa.addresses().createAddress(ourUa.contactUri("7777")), peerUa.newCallId(), 1);
        n.addHeader(peerUa.headers().createEventHeader("message-summary"));
        n.addHeader(peerUa.headers().createSubscriptionStateHeader("active"));
        n.setContent("Messages-Waiting: yes\r\n", peerUa.headers().createContentTypeHeader("application",
                "simple-message-summary"));
        assertEquals(404, peerUa.send(n).get(WAIT, TimeUnit.SECONDS).getStatusCode());
    }

    @Test
    void unsolicitedNotifyRefusedWhenNotAllowed() throws Exception {
        mwi(false, 3600);
        assertEquals(403, notify(null, null, "Messages-Waiting: yes\r\n", false).getStatusCode());
        assertNull(told.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        mwi(true, 3600);
        Request n = peerUa.newRequest(Request.NOTIFY, ourUa.contactUri("2000"),
                peerUa.addresses().createAddress(peerUa.addresses().createSipURI("vm", "127.0.0.1")), "x",
                peerUa.addresses().createAddress(ourUa.contactUri("2000")), peerUa.newCallId(), 1);
        n.addHeader(peerUa.headers().createEventHeader("message-summary"));
        n.addHeader(peerUa.headers().createSubscriptionStateHeader("active"));
        n.setContent("<xml/>", peerUa.headers().createContentTypeHeader("application", "xml"));
        CompletableFuture<Response> r = peerUa.send(n);
        assertEquals(415, r.get(WAIT, TimeUnit.SECONDS).getStatusCode());
    }

    @Test
    void referNotifiesStillGoToCalls() throws Exception {
        mwi(true, 3600);
        Request n = peerUa.newRequest(Request.NOTIFY, ourUa.contactUri("2000"),
                peerUa.addresses().createAddress(peerUa.addresses().createSipURI("vm", "127.0.0.1")), "x",
                peerUa.addresses().createAddress(ourUa.contactUri("2000")), peerUa.newCallId(), 1);
        ((ToHeader) n.getHeader(ToHeader.NAME)).setTag("nodialog");
        n.addHeader(peerUa.headers().createEventHeader("refer"));
        n.addHeader(peerUa.headers().createSubscriptionStateHeader("active"));
        assertEquals(481, peerUa.send(n).get(WAIT, TimeUnit.SECONDS).getStatusCode());
        assertTrue(((CSeqHeader) n.getHeader(CSeqHeader.NAME)).getSeqNumber() == 1);
    }
}
