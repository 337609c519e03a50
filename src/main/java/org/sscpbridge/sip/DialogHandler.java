package org.sscpbridge.sip;

import javax.sip.DialogTerminatedEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;

/** Takes the requests that belong to calls (INVITE, ACK, BYE, CANCEL, INFO...). Runs on JAIN-SIP threads. */
interface DialogHandler {

    /** A request other than OPTIONS; {@code tx} is null for ACK. */
    void onRequest(RequestEvent event, ServerTransaction tx);

    /** A response no live transaction claims: a retransmitted 2xx to INVITE, to be ACKed again. */
    void onStrayResponse(ResponseEvent event);

    void onDialogTerminated(DialogTerminatedEvent event);
}
