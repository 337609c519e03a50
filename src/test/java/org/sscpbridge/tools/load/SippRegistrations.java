package org.sscpbridge.tools.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;

/**
 * The rig's reference column: SIPp (a C UA built for load) registers the same users with the same
 * digest round trip at the same Kamailio, as fast as it can. Its rate is what this machine and
 * Kamailio allow a client; bridged and bare are read against it. Times come from SIPp's own
 * {@code -trace_rtt} file (completion time and response time of every registration), so the
 * process start is not counted. After the round a second SIPp removes the bindings (Contact *).
 */
final class SippRegistrations {
    private static final String SCENARIO = "uac-register-load.xml";
    /** SIPp's call rate: far above what it reaches, so it sends as fast as it can, like the storm. */
    private static final int STORM_RATE = 50_000;
    /** SIPp's socket buffers (its default is 64 KiB: a storm's answers would be dropped and retransmitted). */
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final KamailioServer kamailio;
    private final Path workDir;
    private final int expires;

    SippRegistrations(KamailioServer kamailio, Path workDir, int expires) {
        this.kamailio = kamailio;
        this.workDir = workDir;
        this.expires = expires;
    }

    RoundOutcome run(int count, Duration timeout) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("sipp"));
        Path users = dir.resolve("users-" + count + ".csv");
        StringBuilder b = new StringBuilder("SEQUENTIAL\n");
        for (int i = 0; i < count; i++) {
            b.append(LoadAccounts.number(i)).append(";[authentication username=").append(LoadAccounts.number(i))
                    .append(" password=").append(LoadAccounts.password(i)).append("]\n");
        }
        Files.writeString(users, b, StandardCharsets.UTF_8);
        Path rttDir = Files.createTempDirectory(dir, "round-");
        Result r = sipp(rttDir, users, count, "<sip:[field0]@[local_ip]:[local_port]>", expires, timeout);
        WaveResult wave = r.wave(count);
        int contactsWhenDone = kamailio.contactCount();
        long t0 = System.nanoTime();
        sipp(Files.createTempDirectory(dir, "teardown-"), users, count, "*", 0, timeout);
        Duration teardown = Duration.ofNanos(System.nanoTime() - t0);
        String note = r.exitCode() == 0 ? "" : "SIPp exit code " + r.exitCode() + " (" + r.failedNote() + ")";
        return new RoundOutcome("sipp", wave, contactsWhenDone, kamailio.contactCount(), teardown, note);
    }

    private record Result(int exitCode, List<double[]> rtt, String failedNote) {
        /**
         * Rows of -trace_rtt: completion time (ms since SIPp started) and response time (whole ms) of
         * each registration; shifted by a second so that no time is 0, which would read as "not done".
         */
        WaveResult wave(int count) {
            long[] sent = new long[count];
            long[] completed = new long[count];
            for (int i = 0; i < Math.min(count, rtt.size()); i++) {
                double doneMs = rtt.get(i)[0];
                double latencyMs = rtt.get(i)[1];
                completed[i] = 1_000_000_000L + (long) (doneMs * 1e6);
                sent[i] = 1_000_000_000L + (long) ((doneMs - latencyMs) * 1e6);
            }
            return WaveResult.of(sent, completed, 0, 0, 0);
        }
    }

    private Result sipp(Path dir, Path users, int count, String contact, int expires, Duration timeout)
            throws IOException, InterruptedException {
        String text;
        try (InputStream in = SippRegistrations.class.getResourceAsStream("/sipp/" + SCENARIO)) {
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        Path xml = dir.resolve(SCENARIO);
        Files.writeString(xml, text.replace("@contact@", contact).replace("@expires@", String.valueOf(expires)),
                StandardCharsets.ISO_8859_1);
        List<String> args = new ArrayList<>(List.of("sipp", "-sf", xml.toString(), "-inf", users.toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(FreePorts.udp()), "-m", String.valueOf(count),
                "-r", String.valueOf(STORM_RATE), "-rp", "1000", "-buff_size", String.valueOf(SOCKET_BUFFER), "-nostdin", "-trace_rtt", "-rtt_freq", "1",
                "-timeout", timeout.toSeconds() + "s", "-timeout_error", "-trace_err", "-error_file",
                dir.resolve("errors.log").toString(), "127.0.0.1:" + kamailio.port()));
        Process p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
        // Ctrl-C or SIGTERM of the harness must not leave a SIPp sending REGISTERs.
        Thread stopper = new Thread(p::destroyForcibly, "stop-sipp");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            if (!p.waitFor(timeout.toSeconds() + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        int exit = p.isAlive() ? -1 : p.exitValue();
        List<double[]> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                    String[] cells = line.split(";");
                    if (cells.length >= 2 && !cells[0].isEmpty() && Character.isDigit(cells[0].charAt(0))) {
                        rows.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1])});
                    }
                }
            }
        }
        return new Result(exit, rows, "see " + dir.resolve("sipp.out"));
    }
}
