package org.sscpbridge.tools.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;

/**
 * Load harness of step 4 (bin/load-registrations): in one run against a Kamailio it starts on
 * 127.0.0.1, (a) registrations per second through the in-process bridge from simulated SSCP
 * phones, (b) the same REGISTERs from a bare SIP UA, side by side in alternating rounds, and
 * (c) heap per registered idle phone. Prints a report; stops Kamailio and every socket at the end.
 */
public final class LoadRegistrations {
    /** Seconds asked in REGISTER during the rate rounds: no refresh can fall into a round. */
    private static final int RATE_EXPIRES = 600;
    private static final int TOP_CLASSES = 15;

    private final LoadOptions options;

    private LoadRegistrations(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new LoadRegistrations(options).run();
        // Every SipUserAgent closed during the run leaves a non-daemon JAIN-SIP "EventScannerThread"
        // behind (reported for sip/SipUserAgent.close); without this the JVM would never end.
        System.exit(0);
    }

    private void run() throws Exception {
        printHeader();
        Files.createDirectories(options.workDir());
        KamailioServer.Tuning tuning = options.sqliteAuth() ? KamailioServer.LOAD
                : new KamailioServer.Tuning(false, KamailioServer.LOAD.children(), KamailioServer.LOAD.sharedMemoryMb(),
                        KamailioServer.LOAD.statefulRegister());
        KamailioServer kamailio = KamailioServer.start(options.workDir(),
                LoadAccounts.subscribers(options.subscribers()), KamailioServer.LOG_NOTICE, tuning);
        // Ctrl-C must not leave a Kamailio behind.
        Thread stopper = new Thread(() -> closeQuietly(kamailio), "stop-kamailio");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            System.out.printf("Kamailio on %s with %d subscribers (%s), %d children, shared memory %d MiB, "
                    + "log level notice%n%n", kamailio.uri(), options.subscribers(),
                    tuning.sqliteAuth() ? "db_sqlite, indexed" : "db_text", tuning.children(), tuning.sharedMemoryMb());
            int sscpPort = FreePorts.udp();
            if (options.phones() > 0) {
                measureRate(kamailio, sscpPort);
            }
            if (options.idlePhones() > 0) {
                measureIdleHeap(kamailio, sscpPort);
            }
        } finally {
            closeQuietly(kamailio);
            // Kamailio's own lines (warnings, a crash) stay for the reader of a bad run.
            Files.write(options.workDir().resolve("kamailio.log"), kamailio.log().lines());
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
    }

    /** One side of a round: registers {@code n} lines and removes them again. */
    @FunctionalInterface
    private interface Side {
        RoundOutcome run(int n) throws Exception;
    }

    private void measureRate(KamailioServer kamailio, int sscpPort) throws Exception {
        RateReport report = new RateReport();
        System.out.printf("== (a)+(b) registrations per second at %s lines: bridged (SSCP Register -> Display "
                + "\"Line N: registered\") vs bare UA (REGISTER -> 200 OK) vs SIPp, digest auth on all%n",
                options.sizes());
        try (PhoneFleet fleet = PhoneFleet.open(new InetSocketAddress("127.0.0.1", sscpPort), options.phones(),
                options.sources())) {
            System.out.printf("phones: %d UDP sockets on %d loopback address(es)%n", options.phones(),
                    options.sources().addressesFor(options.phones()));
            BridgedRegistrations bridged = new BridgedRegistrations(fleet, kamailio, RATE_EXPIRES);
            BareRegistrations bare = new BareRegistrations(kamailio, RATE_EXPIRES);
            SippRegistrations sipp = new SippRegistrations(kamailio, options.workDir(), RATE_EXPIRES);
            List<Side> sides = new ArrayList<>(List.of(
                    n -> bridged.run(n, options.registersPerSecond(), options.window(), options.timeout()),
                    n -> bare.run(n, options.registersPerSecond(), options.window(), options.timeout())));
            if (options.sipp()) {
                sides.add(n -> sipp.run(n, options.timeout()));
            }
            for (int n : options.sizes()) {
                System.out.printf("-- %d phones%n", n);
                for (int round = 0; round <= options.rounds(); round++) {
                    System.out.printf("%s:%n", round == 0 ? "warm-up" : "round " + round);
                    // Rotate who goes first, so that no side always meets a just-loaded Kamailio.
                    for (int k = 0; k < sides.size(); k++) {
                        double load = loadAverage();
                        RoundOutcome o = sides.get((round + k) % sides.size()).run(n);
                        System.out.printf(Locale.ROOT, "  %s | load %.2f%n", o.describe(), load);
                        if (round > 0) {
                            report.add(n, round, o, load);
                        }
                    }
                }
            }
            System.out.printf("phone-side send failures (full socket buffer): %d%n", fleet.sendFailures());
        }
        System.out.printf("RESULT rate (medians of %d rounds; target bridged >= 90 %% of bare and >= 3000 reg/s):%n%s%n"
                + "CPU ms per 1000 registrations (median of the rounds):%n%s%n", options.rounds(), report.markdown(),
                report.cpuMarkdown());
        if (options.csvDir() != null) {
            Files.createDirectories(options.csvDir());
            Files.writeString(options.csvDir().resolve("rounds.csv"), report.roundsCsv());
            Files.writeString(options.csvDir().resolve("summary.csv"), report.summaryCsv());
            Files.writeString(options.csvDir().resolve("summary.md"), report.markdown());
            Files.writeString(options.csvDir().resolve("cpu.md"), report.cpuMarkdown());
            System.out.printf("CSV and Markdown in %s%n", options.csvDir());
        }
    }

    /** The 1-minute load average (the machine may be shared: every figure is read against it). */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void measureIdleHeap(KamailioServer kamailio, int sscpPort) throws Exception {
        int n = options.idlePhones();
        System.out.printf("== (c) heap per registered idle phone, %d phones%n", n);
        try (PhoneFleet fleet = PhoneFleet.open(new InetSocketAddress("127.0.0.1", sscpPort), n, options.sources())) {
            IdlePhonesHeap heap = new IdlePhonesHeap(fleet, kamailio, sscpPort);
            for (int lines : options.idleLines()) {
                IdlePhonesHeap.Outcome o = heap.measure(lines == 1, options.idleRegistersPerSecond(), options.settle(),
                        options.timeout());
                System.out.print(o.describe(TOP_CLASSES));
                System.out.printf(Locale.ROOT, "RESULT heap: %.2f KiB per registered idle phone with %d line(s) "
                        + "(target <= 16 KiB)%s%n%n", o.sessionBytesPerPhone() / 1024, lines,
                        o.wave().allCompleted() ? "" : "  [NOT ALL PHONES REGISTERED]");
            }
        }
    }

    private void printHeader() {
        Runtime rt = Runtime.getRuntime();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        System.out.printf("load-registrations: Java %s, %d CPUs, max heap %d MiB, GC %s, log level %s%n",
                System.getProperty("java.version"), rt.availableProcessors(), rt.maxMemory() / 1024 / 1024, gcs,
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"));
        options.describe().forEach(l -> System.out.println("  " + l));
    }

    private static void closeQuietly(KamailioServer kamailio) {
        try {
            kamailio.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
