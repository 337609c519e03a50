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
        KamailioServer kamailio = KamailioServer.start(options.workDir(),
                LoadAccounts.subscribers(options.subscribers()), KamailioServer.LOG_NOTICE);
        // Ctrl-C must not leave a Kamailio behind.
        Thread stopper = new Thread(() -> closeQuietly(kamailio), "stop-kamailio");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            System.out.printf("Kamailio on %s with %d subscribers (db_text), log level notice%n%n", kamailio.uri(),
                    options.subscribers());
            int sscpPort = FreePorts.udp();
            if (options.phones() > 0) {
                measureRate(kamailio, sscpPort);
            }
            if (options.idlePhones() > 0) {
                measureIdleHeap(kamailio, sscpPort);
            }
        } finally {
            closeQuietly(kamailio);
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
    }

    private void measureRate(KamailioServer kamailio, int sscpPort) throws Exception {
        int n = options.phones();
        System.out.printf("== (a)+(b) registrations per second, %d lines: bridged (SSCP Register -> Display "
                + "\"Line N: registered\") vs bare UA (REGISTER -> 200 OK), digest auth on both%n", n);
        List<RoundOutcome> bridgedRounds = new ArrayList<>();
        List<RoundOutcome> bareRounds = new ArrayList<>();
        try (PhoneFleet fleet = PhoneFleet.open(new InetSocketAddress("127.0.0.1", sscpPort), n, options.sources())) {
            System.out.printf("phones: %d UDP sockets on %d loopback address(es)%n", n,
                    options.sources().addressesFor(n));
            BridgedRegistrations bridged = new BridgedRegistrations(fleet, kamailio, sscpPort, RATE_EXPIRES);
            BareRegistrations bare = new BareRegistrations(kamailio, RATE_EXPIRES);
            for (int round = 0; round <= options.rounds(); round++) {
                String label = round == 0 ? "warm-up" : "round " + round;
                // Alternate who goes first, so that neither side always meets a just-loaded Kamailio.
                boolean bareFirst = round % 2 == 0;
                RoundOutcome first = bareFirst ? bare.run(n, options.registersPerSecond(), options.window(),
                        options.timeout()) : bridged.run(n, options.registersPerSecond(), options.window(),
                        options.timeout());
                RoundOutcome second = bareFirst ? bridged.run(n, options.registersPerSecond(), options.window(),
                        options.timeout()) : bare.run(n, options.registersPerSecond(), options.window(),
                        options.timeout());
                System.out.printf("%s:%n  %s%n  %s%n", label, first.describe(), second.describe());
                if (round > 0) {
                    bridgedRounds.add(bareFirst ? second : first);
                    bareRounds.add(bareFirst ? first : second);
                }
            }
            System.out.printf("phone-side send failures (full socket buffer): %d%n", fleet.sendFailures());
        }
        double bridgedRate = median(bridgedRounds);
        double bareRate = median(bareRounds);
        System.out.printf(Locale.ROOT, "RESULT rate: bridged %.0f reg/s, bare %.0f reg/s (medians of %d rounds), "
                + "bridged/bare = %.1f %% (target >= 90 %%)%s%n%n", bridgedRate, bareRate, bridgedRounds.size(),
                100 * bridgedRate / bareRate, allComplete(bridgedRounds, bareRounds) ? "" : "  [SOME ROUNDS INCOMPLETE]");
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

    private static double median(List<RoundOutcome> rounds) {
        double[] rates = rounds.stream().mapToDouble(r -> r.wave().perSecond()).sorted().toArray();
        int m = rates.length / 2;
        return rates.length % 2 == 1 ? rates[m] : (rates[m - 1] + rates[m]) / 2;
    }

    private static boolean allComplete(List<RoundOutcome> a, List<RoundOutcome> b) {
        return a.stream().allMatch(r -> r.wave().allCompleted()) && b.stream().allMatch(r -> r.wave().allCompleted());
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
