package org.sscpbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.sip.sdp.Codec;
import org.sscpbridge.sip.sdp.Direction;
import org.sscpbridge.sip.sdp.MediaOffer;
import org.sscpbridge.sip.sdp.SdpNegotiator;

/**
 * Our call agent against a scripted SIP peer (a bare JAIN-SIP user agent sending hand-made
 * requests): what our own agent never sends, such as an offer-less re-INVITE, unusable SDP, a REFER
 * without Refer-To or outside any dialog.
 */
@Timeout(20)
class SipScriptedPeerTest {
    private static final long WAIT = 5;

    private SipUserAgent ourUa;
    private SipCallAgent ours;
    private final java.util.concurrent.BlockingQueue<IncomingCall> incoming = new java.util.concurrent.LinkedBlockingQueue<>();
    private SipUserAgent peerUa;
    private final SdpNegotiator peerSdp = new SdpNegotiator("peer", "127.0.0.1");
    private final MediaOffer peerMedia = new MediaOffer("127.0.0.1", 41000, List.of(Codec.PCMA, Codec.PCMU,
            Codec.TELEPHONE_EVENT), 20, Direction.SEND_RECV);
    private Dialog dialog;

    @BeforeEach
    void start() throws Exception {
        ourUa = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), "sip:127.0.0.1:9", "", "127.0.0.1"));
        ours = new SipCallAgent(ourUa);
        ours.onIncoming((line, call) -> incoming.add(call));
        peerUa = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), "sip:127.0.0.1:9", "", "127.0.0.1"));
        peerUa.setDialogHandler(new DialogHandler() {
            @Override
            public void onRequest(RequestEvent event, ServerTransaction tx) {
                if (tx != null) {
                    try {
                        tx.sendResponse(peerUa.messages().createResponse(Response.OK, event.getRequest()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
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
        peerUa.close();
        ourUa.close();
    }

    private Request newRequest(String method) throws Exception {
        javax.sip.address.SipURI target = ourUa.contactUri("2000");
        Address from = peerUa.addresses().createAddress(peerUa.addresses().createSipURI("9000", "127.0.0.1"));
        Request r = peerUa.newRequest(method, target, from, "peer" + System.nanoTime(),
                peerUa.addresses().createAddress(target), peerUa.newCallId(), 1);
        r.addHeader(peerUa.headers().createContactHeader(peerUa.addresses().createAddress(peerUa.contactUri("9000"))));
        return r;
    }

    /** Sends {@code r} (in the dialog when there is one) and waits for its final response. */
    private Response send(Request r, boolean inDialog) throws Exception {
        CompletableFuture<Response> done = new CompletableFuture<>();
        TransactionHandler h = new TransactionHandler() {
            @Override
            public void onResponse(ResponseEvent event) {
                if (event.getResponse().getStatusCode() >= 200) {
                    if (dialog == null && event.getDialog() != null && event.getResponse().getStatusCode() < 300) {
                        dialog = event.getDialog();
                    }
                    done.complete(event.getResponse());
                }
            }

            @Override
            public void onNoFinalResponse(String why) {
                done.completeExceptionally(new AssertionError(why));
            }
        };
        ClientTransaction tx = inDialog ? peerUa.sendInDialog(dialog, r, h) : peerUa.send(r, h);
        Response response = done.get(WAIT, TimeUnit.SECONDS);
        if (response.getStatusCode() < 300 && Request.INVITE.equals(r.getMethod())) {
            Dialog d = tx.getDialog();
            dialog = d;
        }
        return response;
    }

    private void ack(Response ok, byte[] sdp) throws Exception {
        Request ack = dialog.createAck(((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber());
        if (sdp != null) {
            ack.setContent(sdp, peerUa.headers().createContentTypeHeader("application", "sdp"));
        }
        dialog.sendAck(ack);
    }

    /** The peer calls our line 2000, our phone answers. */
    private SipCallFlowsTest.Events connected() throws Exception {
        Request invite = newRequest(Request.INVITE);
        invite.setContent(peerSdp.offer(peerMedia, 1), peerUa.headers().createContentTypeHeader("application", "sdp"));
        CompletableFuture<Response> answered = CompletableFuture.supplyAsync(() -> {
            try {
                return send(invite, false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        IncomingCall call = incoming.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(call);
        SipCallFlowsTest.Events events = new SipCallFlowsTest.Events();
        call.listen(events);
        call.answer(new MediaEndpoint("127.0.0.1", 40010, List.of("PCMU", "PCMA")));
        Response ok = answered.get(WAIT, TimeUnit.SECONDS);
        assertEquals(200, ok.getStatusCode());
        assertTrue(all(ok, "Supported").contains("replaces"), ok.toString());
        assertTrue(all(ok, "Allow").contains("REFER"), ok.toString());
        ack(ok, null);
        assertEquals("answered SEND_RECV", events.next());
        return events;
    }

    /** Every value of header {@code name} (the stack splits lists such as Allow into one header each). */
    private static String all(javax.sip.message.Message m, String name) {
        StringBuilder b = new StringBuilder();
        m.getHeaders(name).forEachRemaining(h -> b.append(((javax.sip.header.Header) h).toString().trim()
                .replaceFirst("^[^:]*:\\s*", "")).append(','));
        return b.toString();
    }

    @Test
    void offerlessReInviteIsAnsweredWithOurOfferAndTheAckCarriesTheAnswer() throws Exception {
        SipCallFlowsTest.Events events = connected();
        Response ok = send(dialog.createRequest(Request.INVITE), true);
        assertEquals(200, ok.getStatusCode());
        String offer = new String(ok.getRawContent(), StandardCharsets.UTF_8);
        assertTrue(offer.contains("a=sendrecv"), offer);
        // The peer puts us on hold in its answer.
        byte[] answer = peerSdp.answer(ok.getRawContent(), new MediaOffer("127.0.0.1", 41000,
                List.of(Codec.PCMA, Codec.PCMU), 20, Direction.SEND_ONLY)).sdp();
        ack(ok, answer);
        assertEquals("media RECV_ONLY PCMA", events.next());
    }

    @Test
    void reInviteKeepsTheNegotiatedCodecAndUnusableSdpGets488() throws Exception {
        SipCallFlowsTest.Events events = connected();
        // Offer PCMU first now: we keep PCMA, which the offer still has.
        Request reinvite = dialog.createRequest(Request.INVITE);
        reinvite.setContent(peerSdp.offer(new MediaOffer("127.0.0.1", 41000, List.of(Codec.PCMU, Codec.PCMA), 20,
                Direction.INACTIVE), 2), peerUa.headers().createContentTypeHeader("application", "sdp"));
        Response ok = send(reinvite, true);
        assertEquals(200, ok.getStatusCode());
        ack(ok, null);
        String answer = new String(ok.getRawContent(), StandardCharsets.UTF_8);
        assertTrue(answer.contains("a=inactive") && answer.contains("PCMA/8000") && !answer.contains("PCMU"), answer);
        assertEquals("media INACTIVE PCMA", events.next());

        Request garbage = dialog.createRequest(Request.INVITE);
        garbage.setContent("v=0\r\nthis is no SDP\r\n".getBytes(StandardCharsets.US_ASCII),
                peerUa.headers().createContentTypeHeader("application", "sdp"));
        Response refused = send(garbage, true);
        assertEquals(488, refused.getStatusCode());
        assertNull(events.seen.poll(300, TimeUnit.MILLISECONDS), "the session must stay as it was");

        Response update = send(dialog.createRequest(Request.UPDATE), true);
        assertEquals(200, update.getStatusCode());
    }

    @Test
    void referWithoutReferToGets400AndOutsideADialog481() throws Exception {
        connected();
        Response noReferTo = send(dialog.createRequest(Request.REFER), true);
        assertEquals(400, noReferTo.getStatusCode());

        Request outside = newRequest(Request.REFER);
        outside.addHeader(peerUa.headers().createReferToHeader(peerUa.addresses().createAddress("sip:4000@127.0.0.1")));
        assertEquals(481, send(outside, false).getStatusCode());
    }

    @Test
    void optionsAnswerListsReferAndReplaces() throws Exception {
        Response r = peerUa.options("sip:127.0.0.1:" + ourUa.localPort(), java.time.Duration.ofSeconds(WAIT)).get();
        assertTrue(all(r, "Allow").replace(" ", "").contains("REFER,NOTIFY,UPDATE"), r.toString());
        assertTrue(all(r, "Supported").contains("replaces"), r.toString());
    }
}
