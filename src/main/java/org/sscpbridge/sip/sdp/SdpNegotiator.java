package org.sscpbridge.sip.sdp;

import gov.nist.javax.sdp.parser.SDPAnnounceParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Vector;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.sdp.Attribute;
import javax.sdp.Connection;
import javax.sdp.Media;
import javax.sdp.MediaDescription;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;

/**
 * SDP offer/answer (RFC 3264, RFC 4566) for one SIP dialog, on the phone's behalf: the SDP carries
 * the phone's own RTP address, so media flows between the phone and the far end directly.
 *
 * <p>SDP is built and read with the JAIN-SIP SDP API ({@code javax.sdp}); no SDP text is ever
 * concatenated by hand.
 *
 * <p>Decisions:
 * <ul>
 *   <li>One negotiator per dialog: its {@code o=} session id is picked once (random, 1 to
 *       2<sup>32</sup>-1) and stays for every offer and answer it writes. The version is the
 *       caller's for offers; answers reuse the last version when the SDP is unchanged and go one up
 *       when it changed (RFC 3264 §8).</li>
 *   <li>Offers list every local codec in order with an {@code a=rtpmap} each (static ones too),
 *       {@code a=fmtp:<pt> 0-16} for telephone-event, {@code a=ptime} and an explicit direction
 *       attribute. Hold is {@code a=sendonly} with the real address (RFC 3264 §8.4), never
 *       0.0.0.0.</li>
 *   <li>Answers commit to one voice codec, the first in the offer's order of preference that the
 *       phone has, plus telephone-event when both sides have it: the phone's media engine is started
 *       with exactly one codec, so listing more would let the far end switch to a payload type the
 *       phone is not expecting. The offerer's payload type numbers are echoed. Other m-lines
 *       (video, a second audio stream, SRTP-only audio) are rejected with port 0, so the answer has
 *       as many m-lines as the offer.</li>
 *   <li>Only {@code RTP/AVP} (and {@code RTP/AVPF}, answered as such) is usable: the phones do
 *       plain RTP.</li>
 *   <li>Directions in {@link NegotiatedMedia} are from the phone's point of view; a connection
 *       address of 0.0.0.0 (or ::) counts as "the far end does not receive" (RFC 2543 hold).</li>
 *   <li>Any bad input gives an {@link SdpException}; nothing else escapes from
 *       {@link #readAnswer} and {@link #answer}.</li>
 * </ul>
 *
 * <p>Input is parsed with the RI's {@code SDPAnnounceParser} after structural checks (see
 * {@code docs/SDP.md}): {@code SdpFactory.createSessionDescription(String)} would print a stack
 * trace to System.err for every malformed body a remote party sends.
 *
 * <p>Thread-safe; never blocks.
 */
public final class SdpNegotiator {

    /** Larger bodies are refused before parsing. */
    public static final int MAX_SDP_BYTES = 64 * 1024;

    /** Events offered and answered for telephone-event: the 16 DTMF keys and flash. */
    static final String DTMF_EVENTS = "0-16";

    private static final String AUDIO = "audio";
    private static final String RTP_AVP = "RTP/AVP";
    private static final String RTP_AVPF = "RTP/AVPF";

    /** RFC 3551 static audio payload types, used when an SDP has no rtpmap for one. */
    private static final Map<Integer, Format> STATIC = Map.ofEntries(
            Map.entry(0, new Format("PCMU", 8000)),
            Map.entry(3, new Format("GSM", 8000)),
            Map.entry(4, new Format("G723", 8000)),
            Map.entry(5, new Format("DVI4", 8000)),
            Map.entry(6, new Format("DVI4", 16000)),
            Map.entry(7, new Format("LPC", 8000)),
            Map.entry(8, new Format("PCMA", 8000)),
            Map.entry(9, new Format("G722", 8000)),
            Map.entry(10, new Format("L16", 44100)),
            Map.entry(11, new Format("L16", 44100)),
            Map.entry(12, new Format("QCELP", 8000)),
            Map.entry(13, new Format("CN", 8000)),
            Map.entry(15, new Format("G728", 8000)),
            Map.entry(16, new Format("DVI4", 11025)),
            Map.entry(17, new Format("DVI4", 22050)),
            Map.entry(18, new Format("G729", 8000)));

    private final SdpFactory factory = SdpFactory.getInstance();
    private final String sessionName;
    private final String originAddress;
    private final String originType;
    private final long sessionId;

    /** The version and text (for comparison) of the last SDP written; guarded by this. */
    private long lastVersion = -1;
    private String lastMedia;

    /**
     * @param sessionName   the {@code s=} line, e.g. {@code "sscp-bridge"} ({@code "-"} when blank)
     * @param originAddress the {@code o=} address: the bridge's own IPv4 or IPv6 literal
     */
    public SdpNegotiator(String sessionName, String originAddress) {
        this(sessionName, originAddress, ThreadLocalRandom.current().nextLong(1, 1L << 32));
    }

    /** As {@link #SdpNegotiator(String, String)} with a given {@code o=} session id (tests, restarts). */
    public SdpNegotiator(String sessionName, String originAddress, long sessionId) {
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(originAddress, "originAddress");
        if (sessionName.chars().anyMatch(c -> c < ' ' || c == 127)) {
            throw new IllegalArgumentException("session name holds a control character");
        }
        this.sessionName = sessionName.isBlank() ? "-" : sessionName.trim();
        this.originAddress = IpLiteral.strip(originAddress);
        this.originType = IpLiteral.addressType(this.originAddress).orElseThrow(() ->
                new IllegalArgumentException("'" + originAddress + "' is not an IPv4 or IPv6 address literal"));
        if (sessionId < 0) {
            throw new IllegalArgumentException("session id " + sessionId + " is negative");
        }
        this.sessionId = sessionId;
    }

    /** The {@code o=} session id of every SDP this negotiator writes. */
    public long sessionId() {
        return sessionId;
    }

    /** The {@code o=} version of the last SDP written, -1 before the first. */
    public synchronized long sessionVersion() {
        return lastVersion;
    }

    /**
     * An SDP offer for the phone's media.
     *
     * @param local          the phone's address, codecs, ptime, direction
     * @param sessionVersion the {@code o=} version; the caller increases it for each changed offer
     * @return the SDP body, UTF-8, CRLF line ends
     */
    public byte[] offer(MediaOffer local, long sessionVersion) {
        Objects.requireNonNull(local, "local");
        if (sessionVersion < 0) {
            throw new IllegalArgumentException("session version " + sessionVersion + " is negative");
        }
        List<Codec> codecs = local.codecs();
        try {
            MediaDescription audio = audioDescription(local.port(), RTP_AVP, codecs, local.ptimeMillis(),
                    local.direction());
            SessionDescription sd = session(local.ip(), sessionVersion, List.of(audio));
            String text = sd.toString();
            synchronized (this) {
                lastVersion = sessionVersion;
                lastMedia = withoutOrigin(text);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (javax.sdp.SdpException e) {
            throw new IllegalStateException("cannot build the SDP offer for " + local, e);
        }
    }

    /**
     * Reads the far end's answer to an {@link #offer}.
     *
     * @param sdp     the answer body
     * @param offered what was offered
     * @return the negotiated media, directions from the phone's point of view
     * @throws NoCommonCodecException when the audio stream was rejected (port 0) or the answer has
     *                                none of the offered codecs
     * @throws SdpException           for anything malformed or unusable
     */
    public NegotiatedMedia readAnswer(byte[] sdp, MediaOffer offered) throws SdpException {
        Objects.requireNonNull(offered, "offered");
        List<Stream> streams = read(sdp, "answer");
        Stream audio = streams.stream().filter(Stream::isAudio).findFirst()
                .orElseThrow(() -> new SdpException("the SDP answer has no audio stream"));
        if (audio.port == 0) {
            throw new NoCommonCodecException("the far end rejected the audio stream (port 0)");
        }
        if (!audio.usableProtocol()) {
            throw new SdpException("the SDP answer's audio stream uses " + audio.protocol + ", not " + RTP_AVP);
        }
        Selection selection = select(audio, offered.codecs());
        if (selection.codec == null) {
            throw new NoCommonCodecException("the SDP answer has none of the offered codecs "
                    + offered.codecs() + " (it lists " + audio.formats + ")");
        }
        String remoteIp = audio.connectionAddress("answer");
        Direction direction = audio.effectiveDirection().mirror().and(offered.direction());
        return new NegotiatedMedia(remoteIp, audio.port, selection.codec, Optional.ofNullable(selection.dtmf),
                audio.ptime(offered.ptimeMillis()), direction);
    }

    /**
     * Answers the far end's offer (RFC 3264 §6).
     *
     * @param remoteOffer the offer body
     * @param local       the phone's media
     * @throws NoCommonCodecException when no usable audio stream has a codec in common: answer 488
     * @throws SdpException           for anything malformed
     */
    public Answer answer(byte[] remoteOffer, MediaOffer local) throws SdpException {
        Objects.requireNonNull(local, "local");
        List<Stream> streams = read(remoteOffer, "offer");
        int chosen = -1;
        Selection selection = null;
        for (int i = 0; i < streams.size() && chosen < 0; i++) {
            Stream s = streams.get(i);
            if (s.isAudio() && s.port > 0 && s.usableProtocol()) {
                Selection candidate = select(s, local.codecs());
                if (candidate.codec != null) {
                    chosen = i;
                    selection = candidate;
                }
            }
        }
        if (chosen < 0) {
            throw new NoCommonCodecException(whyNothingUsable(streams, local));
        }
        Stream audio = streams.get(chosen);
        String remoteIp = audio.connectionAddress("offer");
        Direction direction = audio.effectiveDirection().mirror().and(local.direction());
        List<Codec> answered = new ArrayList<>();
        answered.add(selection.codec);
        if (selection.dtmf != null) {
            answered.add(selection.dtmf);
        }
        try {
            List<MediaDescription> media = new ArrayList<>();
            for (int i = 0; i < streams.size(); i++) {
                Stream s = streams.get(i);
                if (i == chosen) {
                    media.add(audioDescription(local.port(), s.protocol, answered, local.ptimeMillis(), direction));
                } else {
                    List<String> formats = s.formats.isEmpty() ? List.of("0") : s.formats;
                    media.add(factory.createMediaDescription(s.type, 0, 1, s.protocol, formats.toArray(new String[0])));
                }
            }
            byte[] body = answerBody(local.ip(), media);
            NegotiatedMedia negotiated = new NegotiatedMedia(remoteIp, audio.port, selection.codec,
                    Optional.ofNullable(selection.dtmf), audio.ptime(local.ptimeMillis()), direction);
            return new Answer(body, negotiated);
        } catch (javax.sdp.SdpException | RuntimeException e) {
            // Only reachable through odd tokens echoed from the offer (m= type or protocol).
            throw new SdpException("cannot build an SDP answer to this offer: " + e, e);
        }
    }

    /**
     * An SDP answer and what it negotiated.
     *
     * @param sdp   the answer body, UTF-8, CRLF line ends
     * @param media the negotiated media, directions from the phone's point of view
     */
    public record Answer(byte[] sdp, NegotiatedMedia media) {
        public Answer {
            Objects.requireNonNull(sdp, "sdp");
            Objects.requireNonNull(media, "media");
        }

        @Override
        public String toString() {
            return "Answer[" + media + ", sdp=\n" + new String(sdp, StandardCharsets.UTF_8) + "]";
        }
    }

    // ---------------------------------------------------------------- building

    private byte[] answerBody(String ip, List<MediaDescription> media) throws javax.sdp.SdpException {
        synchronized (this) {
            long version = Math.max(lastVersion, 0);
            String text = session(ip, version, media).toString();
            if (lastMedia != null && !lastMedia.equals(withoutOrigin(text))) {
                version = lastVersion + 1;
                text = session(ip, version, media).toString();
            }
            lastVersion = version;
            lastMedia = withoutOrigin(text);
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String withoutOrigin(String text) {
        return text.replaceFirst("(?m)^o=[^\r\n]*\r?\n", "");
    }

    private SessionDescription session(String ip, long version, List<MediaDescription> media)
            throws javax.sdp.SdpException {
        SessionDescription sd = factory.createSessionDescription(); // v=0, t=0 0
        sd.setOrigin(factory.createOrigin("-", sessionId, version, Connection.IN, originType, originAddress));
        sd.setSessionName(factory.createSessionName(sessionName));
        String type = IpLiteral.addressType(ip).orElseThrow(() -> new javax.sdp.SdpException("bad address " + ip));
        sd.setConnection(factory.createConnection(Connection.IN, type, ip));
        sd.setMediaDescriptions(new Vector<>(media));
        return sd;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private MediaDescription audioDescription(int port, String protocol, List<Codec> codecs, int ptime,
                                              Direction direction) throws javax.sdp.SdpException {
        int[] types = codecs.stream().mapToInt(Codec::payloadType).toArray();
        MediaDescription md = factory.createMediaDescription(AUDIO, port, 1, protocol, types);
        Vector attributes = new Vector();
        for (Codec c : codecs) {
            attributes.add(factory.createAttribute("rtpmap", c.payloadType() + " " + c.rtpmap()));
        }
        for (Codec c : codecs) {
            if (c.isTelephoneEvent()) {
                attributes.add(factory.createAttribute("fmtp", c.payloadType() + " " + DTMF_EVENTS));
            }
        }
        attributes.add(factory.createAttribute("ptime", Integer.toString(ptime)));
        attributes.add(factory.createAttribute(direction.attribute(), null));
        md.setAttributes(attributes);
        return md;
    }

    // ---------------------------------------------------------------- reading

    /** An encoding as an SDP names it. */
    private record Format(String name, int clockRate) {
    }

    /** The codec and telephone-event picked from one stream, with the stream's payload types. */
    private record Selection(Codec codec, Codec dtmf) {
    }

    /** Picks, in the stream's order, the first voice codec and the first telephone-event we have. */
    private static Selection select(Stream stream, List<Codec> ours) {
        Codec codec = null;
        Codec dtmf = null;
        for (String token : stream.formats) {
            int pt = payloadType(token);
            Format format = pt < 0 ? null : stream.format(pt);
            if (format == null) {
                continue;
            }
            for (Codec c : ours) {
                if (!c.sameFormat(format.name, format.clockRate)) {
                    continue;
                }
                if (c.isTelephoneEvent()) {
                    dtmf = dtmf == null ? c.withPayloadType(pt) : dtmf;
                } else {
                    codec = codec == null ? c.withPayloadType(pt) : codec;
                }
                break;
            }
        }
        return new Selection(codec, dtmf);
    }

    private static String whyNothingUsable(List<Stream> streams, MediaOffer local) {
        List<Stream> audio = streams.stream().filter(Stream::isAudio).toList();
        if (audio.isEmpty()) {
            return "the SDP offer has no audio stream";
        }
        if (audio.stream().noneMatch(s -> s.port > 0)) {
            return "every audio stream of the SDP offer is disabled (port 0)";
        }
        if (audio.stream().noneMatch(Stream::usableProtocol)) {
            return "no audio stream of the SDP offer uses " + RTP_AVP + " (" + audio.get(0).protocol + ")";
        }
        List<Format> offered = new ArrayList<>();
        for (Stream s : audio) {
            for (String token : s.formats) {
                int pt = payloadType(token);
                Format f = pt < 0 ? null : s.format(pt);
                if (f != null) {
                    offered.add(f);
                }
            }
        }
        return "no codec in common: the offer has " + offered.stream().map(f -> f.name + "/" + f.clockRate).toList()
                + ", the phone " + local.codecs().stream().map(Codec::rtpmap).toList();
    }

    private static int payloadType(String token) {
        if (token == null || token.isEmpty() || token.length() > 3 || !token.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int pt = Integer.parseInt(token);
        return pt <= 127 ? pt : -1;
    }

    /** One m= section, reduced to what negotiation needs. */
    private static final class Stream {
        final int index;
        final String type;
        final int port;
        final String protocol;
        final List<String> formats;
        final Map<Integer, Format> rtpmaps;
        final String address;      // null when the SDP has no c= for this stream
        final String addressType;
        final Direction direction;
        final OptionalInt ptime;

        Stream(int index, String type, int port, String protocol, List<String> formats, Map<Integer, Format> rtpmaps,
               String address, String addressType, Direction direction, OptionalInt ptime) {
            this.index = index;
            this.type = type;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
            this.rtpmaps = rtpmaps;
            this.address = address;
            this.addressType = addressType;
            this.direction = direction;
            this.ptime = ptime;
        }

        boolean isAudio() {
            return AUDIO.equalsIgnoreCase(type);
        }

        boolean usableProtocol() {
            return RTP_AVP.equalsIgnoreCase(protocol) || RTP_AVPF.equalsIgnoreCase(protocol);
        }

        Format format(int pt) {
            Format f = rtpmaps.get(pt);
            return f != null ? f : STATIC.get(pt);
        }

        /** The direction, with a 0.0.0.0 / :: connection meaning "does not receive". */
        Direction effectiveDirection() {
            return address != null && IpLiteral.isUnspecified(address) ? direction.and(Direction.SEND_ONLY) : direction;
        }

        int ptime(int fallback) {
            return ptime.isPresent() && ptime.getAsInt() >= 10 && ptime.getAsInt() <= 200 ? ptime.getAsInt() : fallback;
        }

        String connectionAddress(String what) throws SdpException {
            String where = "the SDP " + what + "'s audio stream (m= line " + (index + 1) + ")";
            if (address == null) {
                throw new SdpException(where + " has no connection address (c=)");
            }
            Optional<String> actual = IpLiteral.addressType(address);
            if (actual.isEmpty()) {
                throw new SdpException(where + ": connection address '" + address + "' is not an IP address literal");
            }
            if (!actual.get().equalsIgnoreCase(addressType)) {
                throw new SdpException(where + ": connection address '" + address + "' is not " + addressType);
            }
            return IpLiteral.strip(address);
        }
    }

    /** Parses a body into its m= sections; every failure is an {@link SdpException}. */
    private List<Stream> read(byte[] body, String what) throws SdpException {
        String text = precheck(body, what);
        try {
            // The RI's own parser rather than SdpFactory.createSessionDescription(String), which
            // prints a stack trace to System.err for every malformed body a remote party sends.
            SessionDescription sd = new SDPAnnounceParser(text).parse();
            return streams(sd, what);
        } catch (ParseException e) {
            throw new SdpException("malformed SDP " + what + ": " + describe(e), e);
        } catch (javax.sdp.SdpException | RuntimeException e) {
            throw new SdpException("malformed SDP " + what + ": " + describe(e), e);
        }
    }

    /**
     * The line types negotiation reads; the others (o=, s=, t=, b=, i=, e=, p=, u=, k=, z=, r=) are
     * dropped unread, so an odd line there never costs a call.
     */
    private static final String KEPT_TYPES = "vcma";

    /** RFC 4566 token characters as the RI's lexer reads them. */
    private static final String TOKEN = "[A-Za-z0-9\\-.!%*_+`'~]+";
    /** Compiled once: String.split compiles its regex on every call, and this runs for every offer and answer. */
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");
    private static final Pattern BLANKS = Pattern.compile("[ \t]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern MEDIA_LINE = Pattern.compile(
            TOKEN + " \\d{1,5}(/\\d{1,5})? " + TOKEN + "(/" + TOKEN + ")*( " + TOKEN + ")+");

    /**
     * Structural checks before the parser sees the text (RFC 4566 §5: {@code <type>=<value>}), and
     * the text reduced to the lines negotiation reads. The m= lines are checked here because the
     * RI's parser for them prints to System.err when it fails.
     */
    private static String precheck(byte[] body, String what) throws SdpException {
        if (body == null || body.length == 0) {
            throw new SdpException("the SDP " + what + " is empty");
        }
        if (body.length > MAX_SDP_BYTES) {
            throw new SdpException("the SDP " + what + " is larger than " + MAX_SDP_BYTES + " bytes");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String[] lines = LINE_BREAK.split(text, -1);
        StringBuilder kept = new StringBuilder(text.length());
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(0) < 'a' || line.charAt(0) > 'z' || line.charAt(1) != '=') {
                throw new SdpException("malformed SDP " + what + ": line " + (i + 1) + " is not <type>=<value>");
            }
            if (line.chars().anyMatch(c -> c < ' ' && c != '\t' || c == 127)) {
                throw new SdpException("malformed SDP " + what + ": line " + (i + 1) + " holds a control character");
            }
            if (first && !line.trim().equals("v=0")) {
                throw new SdpException("malformed SDP " + what + ": it does not start with v=0");
            }
            first = false;
            char type = line.charAt(0);
            if (KEPT_TYPES.indexOf(type) < 0) {
                continue;
            }
            if (type == 'm') {
                // m=<media> <port>[/<count>] <proto> <fmt> ...: checked token by token, then
                // re-joined with single spaces, the only shape the RI's parser reads quietly.
                String tokens = String.join(" ", BLANKS.split(line.substring(2).trim()));
                if (!MEDIA_LINE.matcher(tokens).matches()) {
                    throw new SdpException("malformed SDP " + what + ": line " + (i + 1) + " is not a valid m= line");
                }
                line = "m=" + tokens;
            }
            kept.append(line).append("\r\n");
        }
        if (first) {
            throw new SdpException("the SDP " + what + " is empty");
        }
        return kept.toString();
    }


    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.trim();
    }

    @SuppressWarnings("rawtypes")
    private static List<Stream> streams(SessionDescription sd, String what) throws javax.sdp.SdpException, SdpException {
        Connection sessionConnection = sd.getConnection();
        Vector sessionAttributes = sd.getAttributes(false);
        Direction sessionDirection = direction(sessionAttributes).orElse(Direction.SEND_RECV);
        OptionalInt sessionPtime = ptime(sessionAttributes);
        Vector descriptions = sd.getMediaDescriptions(false);
        List<Stream> streams = new ArrayList<>();
        if (descriptions == null) {
            return streams;
        }
        for (Object o : descriptions) {
            MediaDescription md = (MediaDescription) o;
            Media media = md.getMedia();
            int index = streams.size();
            if (media == null || media.getMediaType() == null || media.getProtocol() == null) {
                throw new SdpException("malformed SDP " + what + ": m= line " + (index + 1) + " is incomplete");
            }
            int port = media.getMediaPort();
            if (port < 0 || port > 65535) {
                throw new SdpException("malformed SDP " + what + ": m= line " + (index + 1) + " has port " + port);
            }
            List<String> formats = new ArrayList<>();
            Vector mediaFormats = media.getMediaFormats(false);
            if (mediaFormats != null) {
                for (Object f : mediaFormats) {
                    if (f != null) {
                        formats.add(f.toString().trim());
                    }
                }
            }
            Vector attributes = md.getAttributes(false);
            Connection c = md.getConnection() != null ? md.getConnection() : sessionConnection;
            String address = c == null ? null : c.getAddress();
            String addressType = c == null ? null : c.getAddressType();
            streams.add(new Stream(index, media.getMediaType().trim(), port, media.getProtocol().trim(),
                    List.copyOf(formats), rtpmaps(attributes), address, addressType,
                    direction(attributes).orElse(sessionDirection),
                    ptime(attributes).isPresent() ? ptime(attributes) : sessionPtime));
        }
        return streams;
    }

    /** Attribute name and value pairs, skipping anything odd. */
    @SuppressWarnings("rawtypes")
    private static List<String[]> attributes(Vector attributes) {
        List<String[]> pairs = new ArrayList<>();
        if (attributes == null) {
            return pairs;
        }
        for (Object o : attributes) {
            if (o instanceof Attribute a) {
                try {
                    String name = a.getName();
                    if (name != null) {
                        pairs.add(new String[] {name.trim().toLowerCase(Locale.ROOT), a.getValue()});
                    }
                } catch (javax.sdp.SdpParseException | RuntimeException e) {
                    // an attribute we cannot read is an attribute we ignore
                }
            }
        }
        return pairs;
    }

    @SuppressWarnings("rawtypes")
    private static Optional<Direction> direction(Vector attributes) {
        for (String[] a : attributes(attributes)) {
            Optional<Direction> d = Direction.fromAttribute(a[0]);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("rawtypes")
    private static OptionalInt ptime(Vector attributes) {
        for (String[] a : attributes(attributes)) {
            if (a[0].equals("ptime") && a[1] != null) {
                try {
                    double value = Double.parseDouble(a[1].trim());
                    if (value >= 1 && value <= 10_000) {
                        return OptionalInt.of((int) Math.round(value));
                    }
                } catch (NumberFormatException e) {
                    // ignored: a bad ptime is no ptime
                }
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** {@code a=rtpmap:<pt> <name>/<rate>[/<channels>]}; malformed ones are ignored. */
    @SuppressWarnings("rawtypes")
    private static Map<Integer, Format> rtpmaps(Vector attributes) {
        Map<Integer, Format> map = new HashMap<>();
        for (String[] a : attributes(attributes)) {
            if (!a[0].equals("rtpmap") || a[1] == null) {
                continue;
            }
            String[] parts = WHITESPACE.split(a[1].trim(), 2);
            if (parts.length != 2) {
                continue;
            }
            int pt = payloadType(parts[0]);
            String[] encoding = parts[1].trim().split("/");
            if (pt < 0 || encoding.length < 2 || encoding[0].isEmpty()) {
                continue;
            }
            try {
                int rate = Integer.parseInt(encoding[1].trim());
                if (rate > 0) {
                    map.putIfAbsent(pt, new Format(encoding[0].trim(), rate));
                }
            } catch (NumberFormatException e) {
                // ignored: an rtpmap without a usable clock rate maps nothing
            }
        }
        return map;
    }
}
