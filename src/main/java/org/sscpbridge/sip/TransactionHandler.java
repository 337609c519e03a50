package org.sscpbridge.sip;

import javax.sip.ResponseEvent;

/** Hears what happens to one client transaction. Runs on JAIN-SIP threads. */
interface TransactionHandler {

    /** Every response, provisional and final. */
    void onResponse(ResponseEvent event);

    /** No final response: timeout, transport error, or the transaction ended without one. */
    void onNoFinalResponse(String why);
}
