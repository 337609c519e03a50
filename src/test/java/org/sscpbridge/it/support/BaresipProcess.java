package org.sscpbridge.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real baresip 1.0.0 user agent on 127.0.0.1, headless: its own config folder (no sound card:
 * the {@code ausine} module is the microphone, {@code aubridge} a speaker nobody listens to,
 * {@code sndfile} dumps the decoded received audio to a WAV file), one account registered at the
 * test's Kamailio with digest auth, answering every call at once ({@code answermode=auto}).
 *
 * <p>baresip prints its own per-call RTP statistics when a call ends ({@code packets: TX RX}):
 * {@link #awaitCallStatistics(Duration)} reads them.
 */
public final class BaresipProcess implements AutoCloseable {
    private static final Pattern PACKETS = Pattern.compile("^packets:\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern RTP_FROM =
            Pattern.compile("incoming rtp for 'audio' established, receiving from ([0-9.]+):(\\d+)");

    private final String user;
    private final int sipPort;
    private final Path dir;
    private final Path logFile;
    private final Process process;
    private final ProcessLog log;

    /** RTP packets baresip sent and received in one call, as it reports them itself. */
    public record CallStatistics(long sent, long received) {}

    private BaresipProcess(String user, int sipPort, Path dir, Path logFile, Process process) {
        this.user = user;
        this.logFile = logFile;
        this.sipPort = sipPort;
        this.dir = dir;
        this.process = process;
        this.log = new ProcessLog("baresip " + user, process.getInputStream());
    }

    /** Writes the config folder and starts baresip registering {@code user} at {@code kamailio}. */
    public static BaresipProcess start(Path workDir, KamailioServer kamailio, String user, String password)
            throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("baresip-" + user));
        Path snd = Files.createDirectories(dir.resolve("snd"));
        int sipPort = FreePorts.udpAndTcp(); // baresip listens on UDP and TCP at sip_listen
        // baresip 1.0.0 finds no address for "net_interface lo" in a container (it asks for an
        // interface address it cannot read); an IP address is accepted and binds everything to it.
        Files.writeString(dir.resolve("config"), """
                poll_method		epoll
                sip_listen		127.0.0.1:%d
                net_interface		127.0.0.1
                audio_player		aubridge,nowhere
                audio_alert		aubridge,nowhere
                audio_source		ausine,440
                # ausine produces only 48 kHz stereo; baresip resamples to PCMU's 8 kHz mono
                ausrc_srate		48000
                ausrc_channels		2
                auplay_srate		8000
                auplay_channels		1
                audio_level		no
                rtp_stats		yes
                rtcp_mux		no
                jitter_buffer_delay	1-10
                module_path		/usr/lib/baresip/modules
                module			g711.so
                module			ausine.so
                module			aubridge.so
                module			sndfile.so
                snd_path		%s
                module_app		account.so
                """.formatted(sipPort, snd), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("accounts"), "<sip:%s@%s:%d>;auth_pass=%s;answermode=auto;regint=600;audio_codecs=PCMU\n"
                .formatted(user, KamailioServer.DOMAIN, kamailio.port(), password), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("contacts"), "", StandardCharsets.UTF_8);
        // -t: baresip ends itself even if the test JVM dies without closing it.
        Process p = new ProcessBuilder("baresip", "-f", dir.toString(), "-t", "120")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        Path logFile = BridgeProcess.home().resolve("target/it-logs/" + workDir.getFileName() + "/baresip-" + user + ".log");
        return new BaresipProcess(user, sipPort, dir, logFile, p);
    }

    /** Waits for baresip's "200 OK ... binding" line for its REGISTER. */
    public void awaitRegistered(Duration timeout) throws InterruptedException {
        // The answer to the authenticated REGISTER: "5001@127.0.0.1: {0/UDP/v4} 200 OK (...) [1 binding]".
        int at = log.await(0, l -> l.startsWith(user + "@") && l.contains("{0/UDP/")
                || l.contains("reg failed") || l.contains("init failed"), timeout);
        String line = log.lines().get(at);
        if (!line.contains(" 200 OK ")) {
            throw new AssertionError("baresip did not register: " + line + "\n" + output());
        }
    }

    /** Waits for the statistics baresip prints when a call ends. */
    public CallStatistics awaitCallStatistics(Duration timeout) throws InterruptedException {
        int end = log.await(0, l -> l.contains(" terminated (duration:"), timeout);
        int at = log.await(end, l -> PACKETS.matcher(l).matches(), Duration.ofSeconds(5));
        Matcher m = PACKETS.matcher(log.lines().get(at));
        if (!m.matches()) {
            throw new IllegalStateException(log.lines().get(at));
        }
        return new CallStatistics(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    /** The port RTP came from, as baresip noticed it ("incoming rtp ... receiving from IP:PORT"), or -1. */
    public int rtpSourcePort() {
        for (String l : log.lines()) {
            Matcher m = RTP_FROM.matcher(l);
            if (m.find()) {
                return Integer.parseInt(m.group(2));
            }
        }
        return -1;
    }

    /** Bytes of decoded received audio in sndfile's dump-*-dec.wav files (header excluded). */
    public long decodedAudioBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("snd"))) {
            long total = 0;
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).toList()) {
                total += Math.max(0, Files.size(f) - 44);
            }
            return total;
        }
    }

    public int sipPort() {
        return sipPort;
    }

    public String output() {
        List<String> lines = log.lines();
        return String.join("\n", lines);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: baresip ends its calls and exits
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        try {
            Files.createDirectories(logFile.getParent());
            Files.write(logFile, log.lines(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Only a convenience for reading a failed run afterwards.
        }
    }
}
