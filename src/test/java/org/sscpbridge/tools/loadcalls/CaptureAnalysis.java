package org.sscpbridge.tools.loadcalls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.tools.decode.Capture;
import org.sscpbridge.tools.decode.CapturedPacket;
import org.sscpbridge.tools.decode.LinkLayer;
import org.sscpbridge.tools.decode.PcapReader;
import org.sscpbridge.tools.decode.UdpPacket;

/**
 * Turns the capture into one timeline per call, all times as the kernel stamped the datagrams on
 * the loopback device (microseconds since the epoch). SSCP datagrams are decoded with the
 * project's codec, SIP ones by their start line and Call-ID / CSeq / From headers. A phone runs one
 * call at a time, so its datagrams are matched in order: Dial opens a call, the next OpenMedia to
 * that phone names its call id, the next INVITE the bridge sends from that phone's line names its
 * SIP Call-ID, and responses are matched by Call-ID. Only the first copy of each event counts
 * (SSCP and SIP retransmissions are ignored).
 */
final class CaptureAnalysis {
    /** One call's events, in microseconds since the epoch (0: not seen). */
    static final class Timeline {
        final InetSocketAddress phone;
        long dial;
        long openMedia;
        long mediaInfo;
        long invite;
        long ringing;
        long ok;
        long ack;
        long startMedia;
        long connected;
        long onHook;
        long bye;
        long byeOk;
        long idle;
        String callId;
        String sipCallId;

        Timeline(InetSocketAddress phone, long dial) {
            this.phone = phone;
            this.dial = dial;
        }

        boolean complete() {
            return dial > 0 && openMedia > 0 && mediaInfo > 0 && invite > 0 && ok > 0 && startMedia > 0
                    && connected > 0 && onHook > 0 && bye > 0 && byeOk > 0 && idle > 0;
        }
    }

    /** The timelines plus what the capture itself reported. */
    record Result(List<Timeline> calls, int packets, int sscpUndecodable, String problem) {}

    private final int sscpPort;
    private final int sipPort;
    private final int proxyPort;
    private final int farEndPort;
    private final Map<String, InetSocketAddress> phoneByLine;
    private final SscpCodec codec = new SscpCodec();

    /**
     * {@code sipPort} is the bridge's listening SIP port (where responses and requests reach it);
     * the bridge's own requests are taken as every datagram to the proxy ({@code proxyPort}) that is
     * not from the far end ({@code farEndPort}): the bridge's SIP stack may send from other ports.
     */
    CaptureAnalysis(int sscpPort, int sipPort, int proxyPort, int farEndPort,
            Map<String, InetSocketAddress> phoneByLine) {
        this.sscpPort = sscpPort;
        this.sipPort = sipPort;
        this.proxyPort = proxyPort;
        this.farEndPort = farEndPort;
        this.phoneByLine = phoneByLine;
    }

    Result analyse(Path pcap) throws IOException {
        Capture capture = PcapReader.read(Files.readAllBytes(pcap));
        List<Timeline> all = new ArrayList<>();
        Map<InetSocketAddress, Timeline> current = new HashMap<>();
        Map<String, Timeline> bySipCallId = new HashMap<>();
        int undecodable = 0;
        for (CapturedPacket packet : capture.packets()) {
            Optional<UdpPacket> udp = LinkLayer.udp(packet.linkType(), packet.data());
            if (udp.isEmpty()) {
                continue;
            }
            UdpPacket u = udp.get();
            long t = micros(packet.time());
            if (u.destination().getPort() == sscpPort || u.source().getPort() == sscpPort) {
                boolean fromPhone = u.destination().getPort() == sscpPort;
                Frame f;
                try {
                    f = codec.decode(fromPhone ? Direction.PHONE : Direction.BRIDGE, u.payload());
                } catch (SscpDecodeException e) {
                    undecodable++;
                    continue;
                }
                InetSocketAddress phone = fromPhone ? u.source() : u.destination();
                if (fromPhone) {
                    onPhone(f, phone, t, all, current);
                } else {
                    onBridge(f, current.get(phone), t);
                }
            } else {
                int src = u.source().getPort();
                int dst = u.destination().getPort();
                boolean fromBridge = src == sipPort || (dst == proxyPort && src != farEndPort && src != proxyPort);
                if (fromBridge || dst == sipPort) {
                    onSip(new String(u.payload(), StandardCharsets.UTF_8), fromBridge, t, current, bySipCallId);
                }
            }
        }
        return new Result(all, capture.packets().size(), undecodable, capture.problem());
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    private static void onPhone(Frame f, InetSocketAddress phone, long t, List<Timeline> all,
            Map<InetSocketAddress, Timeline> current) {
        if (f.message() instanceof PhoneMessage.Dial) {
            Timeline c = new Timeline(phone, t);
            all.add(c);
            current.put(phone, c);
            return;
        }
        Timeline c = current.get(phone);
        if (c == null) {
            return;
        }
        if (f.message() instanceof PhoneMessage.MediaInfo mi && c.mediaInfo == 0 && c.callId != null
                && c.callId.equals(mi.callId().value())) {
            c.mediaInfo = t;
        } else if (f.message() instanceof PhoneMessage.OnHook && c.onHook == 0) {
            c.onHook = t;
        }
    }

    private static void onBridge(Frame f, Timeline c, long t) {
        if (c == null) {
            return;
        }
        if (f.message() instanceof BridgeMessage.OpenMedia om && c.openMedia == 0) {
            c.openMedia = t;
            c.callId = om.callId().value();
        } else if (f.message() instanceof BridgeMessage.StartMedia sm && c.startMedia == 0
                && sm.callId().value().equals(c.callId)) {
            c.startMedia = t;
        } else if (f.message() instanceof BridgeMessage.CallState cs && cs.callId() != null
                && cs.callId().value().equals(c.callId)) {
            if (cs.state() == CallStateName.CONNECTED && c.connected == 0) {
                c.connected = t;
            } else if (cs.state() == CallStateName.IDLE && c.idle == 0 && c.onHook > 0) {
                c.idle = t;
            }
        }
    }

    void onSip(String text, boolean fromBridge, long t, Map<InetSocketAddress, Timeline> current,
            Map<String, Timeline> bySipCallId) {
        int eol = text.indexOf("\r\n");
        if (eol < 0) {
            return;
        }
        String startLine = text.substring(0, eol);
        String callId = header(text, "Call-ID", "i");
        if (callId == null) {
            return;
        }
        if (fromBridge && startLine.startsWith("INVITE ")) {
            String line = fromUser(header(text, "From", "f"));
            InetSocketAddress phone = line == null ? null : phoneByLine.get(line);
            Timeline c = phone == null ? null : current.get(phone);
            if (c != null && c.invite == 0 && c.mediaInfo > 0) {
                c.invite = t;
                c.sipCallId = callId;
                bySipCallId.put(callId, c);
            }
            return;
        }
        Timeline c = bySipCallId.get(callId);
        if (c == null) {
            return;
        }
        String cseq = header(text, "CSeq", null);
        String method = cseq == null ? "" : cseq.substring(cseq.indexOf(' ') + 1).trim();
        if (fromBridge) {
            // The ACK of the 2xx only: the ACK of a 407 (hop-by-hop, before the authorized INVITE) has
            // the same Call-ID and comes before the 200, so it is not the one "200 -> ACK" measures.
            if (startLine.startsWith("ACK ") && c.ack == 0 && c.ok > 0) {
                c.ack = t;
            } else if (startLine.startsWith("BYE ") && c.bye == 0) {
                c.bye = t;
            }
        } else if (startLine.startsWith("SIP/2.0 ")) {
            int status = Integer.parseInt(startLine.substring(8, 11));
            if (method.equals("INVITE") && status >= 180 && status < 200 && c.ringing == 0) {
                c.ringing = t;
            } else if (method.equals("INVITE") && status >= 200 && status < 300 && c.ok == 0) {
                c.ok = t;
            } else if (method.equals("BYE") && status >= 200 && c.byeOk == 0) {
                c.byeOk = t;
            }
        }
    }

    /** A header's value (full or compact name), or null. */
    static String header(String message, String name, String compact) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String n = line.substring(0, colon).trim();
            if (n.equalsIgnoreCase(name) || (compact != null && n.equalsIgnoreCase(compact))) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The user part of a From header's URI ("Alice" <sip:3001@host>;tag=x -> 3001), or null. */
    static String fromUser(String from) {
        if (from == null) {
            return null;
        }
        int sip = from.indexOf("sip:");
        if (sip < 0) {
            return null;
        }
        int at = from.indexOf('@', sip);
        return at < 0 ? null : from.substring(sip + 4, at);
    }
}
