package org.sscpbridge.call;

import java.util.List;
import java.util.Objects;

/** Where a phone receives RTP, and the codecs it can use (names as in SDP: PCMU, PCMA, G729). */
public record MediaEndpoint(String ip, int port, List<String> codecs) {
    public MediaEndpoint {
        Objects.requireNonNull(ip, "ip");
        codecs = List.copyOf(codecs);
    }
}
