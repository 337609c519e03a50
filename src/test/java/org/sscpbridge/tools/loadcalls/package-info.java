/**
 * The call load harness of issue "Step 5" (bin/load-calls, CallLoadIT): calls per second from
 * simulated SSCP phones through the in-process bridge and a real Kamailio to a SIPp UAS, and the
 * bridge's added latency measured on the wire (tshark on loopback). It lives under src/test because
 * it reuses the integration-test support (it.support.KamailioServer, FreePorts) and SIPp scenarios
 * in src/test/resources/sipp, and must not ship in the bundle.
 */
package org.sscpbridge.tools.loadcalls;
