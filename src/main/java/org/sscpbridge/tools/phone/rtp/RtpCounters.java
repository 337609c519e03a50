package org.sscpbridge.tools.phone.rtp;

/** RTP packets sent and received, for one call or in total. */
public record RtpCounters(long sent, long received) {
    public static final RtpCounters ZERO = new RtpCounters(0, 0);

    public RtpCounters plus(RtpCounters other) {
        return new RtpCounters(sent + other.sent, received + other.received);
    }
}
