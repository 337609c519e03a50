package org.sscpbridge.call;

import java.util.Objects;

/** The negotiated far end of a call's media: where the phone sends RTP, with which codec, which way. */
public record MediaSession(String remoteIp, int remotePort, String codec, int ptimeMillis, MediaMode mode) {
    public MediaSession {
        Objects.requireNonNull(remoteIp, "remoteIp");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(mode, "mode");
    }

    /** Which way media flows, as SDP's a=sendrecv etc. says it from the phone's side. */
    public enum MediaMode { SEND_RECV, SEND_ONLY, RECV_ONLY, INACTIVE }
}
