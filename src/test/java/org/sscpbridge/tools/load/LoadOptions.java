package org.sscpbridge.tools.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link LoadRegistrations}; see {@link #USAGE}.
 *
 * @param sizes phone counts of the rate measurement, each measured in turn (growth); empty skips it
 * @param rounds measured rounds per side, after one warm-up round each
 * @param registersPerSecond pace of the phones' Registers in the rate measurement; 0 = all at once
 * @param window most registrations in flight at a time on each side; 0 = no bound
 * @param phonesPerIp phones per loopback source address; 0 = every phone on 127.0.0.1
 * @param idlePhones phones of the heap measurement; 0 skips it
 * @param idleLines which heap measurements: devices with 0 lines, 1 line, or both
 * @param idleRegistersPerSecond pace of the Registers in the heap measurement
 */
record LoadOptions(List<Integer> sizes, int rounds, double registersPerSecond, int window, int phonesPerIp, int idlePhones,
        List<Integer> idleLines, double idleRegistersPerSecond, Duration settle, Duration timeout, Path workDir, boolean sipp, boolean sqliteAuth, Path csvDir) {

    static final String USAGE = """
            usage: load-registrations [options]
              --phones N[,N...]   registration rate: N phones through the bridge vs N lines on a bare UA vs SIPp,
                                  each size in turn (default 200; 0 = skip)
              --rounds R          measured rounds per side after one warm-up round each (default 3)
              --rate R            phones send Register at R per second (default 0 = all at once)
              --window W          at most W registrations in flight per side, closed loop like SIPp -l (default 0 = no bound)
              --phones-per-ip K   K phones per loopback source address 127.0.0.x (default 100; 0 = all on 127.0.0.1)
              --idle-phones N     heap per registered idle phone with N phones (default 0 = skip)
              --idle-lines L      0, 1 or both: lines per device in the heap measurement (default both)
              --idle-rate R       Registers per second in the heap measurement (default 1000)
              --settle S          seconds idle before the heap is measured (default 8)
              --timeout S         bound on each wave of registrations (default 120)
              --work DIR          Kamailio's files (default target/load-registrations)
              --csv DIR           write rounds.csv and summary.csv there (default: none)
              --no-sipp           leave out the SIPp reference column
              --kamailio-auth A   sqlite (indexed subscriber table, default) or text (db_text, scans the table)
            """;

    static LoadOptions parse(String... args) {
        List<Integer> sizes = List.of(200);
        boolean sipp = true;
        boolean sqlite = true;
        Path csv = null;
        int rounds = 3;
        double rate = 0;
        int window = 0;
        int perIp = 100;
        int idlePhones = 0;
        List<Integer> idleLines = List.of(0, 1);
        double idleRate = 1_000;
        int settle = 8;
        int timeout = 120;
        Path work = Path.of("target", "load-registrations");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (option.equals("--no-sipp")) {
                sipp = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--phones" -> sizes = sizes(option, value);
                case "--csv" -> csv = Path.of(value).toAbsolutePath();
                case "--kamailio-auth" -> sqlite = switch (value) {
                    case "sqlite" -> true;
                    case "text" -> false;
                    default -> throw new IllegalArgumentException("--kamailio-auth: sqlite or text, not '" + value + "'");
                };
                case "--rounds" -> rounds = atLeast(option, value, 1);
                case "--rate" -> rate = rate(option, value);
                case "--window" -> window = atLeast(option, value, 0);
                case "--phones-per-ip" -> perIp = atLeast(option, value, 0);
                case "--idle-phones" -> idlePhones = atLeast(option, value, 0);
                case "--idle-lines" -> idleLines = switch (value) {
                    case "0" -> List.of(0);
                    case "1" -> List.of(1);
                    case "both" -> List.of(0, 1);
                    default -> throw new IllegalArgumentException("--idle-lines: 0, 1 or both, not '" + value + "'");
                };
                case "--idle-rate" -> idleRate = rate(option, value);
                case "--settle" -> settle = atLeast(option, value, 0);
                case "--timeout" -> timeout = atLeast(option, value, 1);
                case "--work" -> work = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        SourceAddresses sources = new SourceAddresses(perIp);
        int phones = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        int most = Math.max(phones, idlePhones);
        if (most > 0) {
            sources.of(most - 1); // fails early when the phones need more than 127.0.0.254
        }
        // Absolute: Kamailio changes its working directory, and gets these paths in its config.
        return new LoadOptions(sizes, rounds, rate, window, perIp, idlePhones, idleLines, idleRate,
                Duration.ofSeconds(settle), Duration.ofSeconds(timeout), work.toAbsolutePath(), sipp, sqlite, csv);
    }

    /** The largest size of the rate measurement (0 when it is skipped). */
    int phones() {
        return sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static List<Integer> sizes(String option, String value) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : value.split(",")) {
            int n = atLeast(option, part.trim(), 0);
            if (n > 0) {
                sizes.add(n);
            }
        }
        return List.copyOf(sizes);
    }

    /** Kamailio needs a subscriber for every line either measurement registers. */
    int subscribers() {
        return Math.max(phones(), idleLines.contains(1) ? idlePhones : 0);
    }

    SourceAddresses sources() {
        return new SourceAddresses(phonesPerIp);
    }

    private static int atLeast(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n < min) {
                throw new IllegalArgumentException(option + ": at least " + min + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a whole number");
        }
    }

    private static double rate(String option, String value) {
        try {
            double r = Double.parseDouble(value);
            if (!(r >= 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException(option + ": a rate of 0 or more, not " + value);
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a number");
        }
    }

    /** Options as the report shows them. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("phones " + (sizes.isEmpty() ? "0" : sizes.toString()) + ", rounds " + rounds + ", Register pace "
                + (registersPerSecond == 0 ? "all at once" : registersPerSecond + "/s")
                + ", in flight " + (window == 0 ? "unbounded" : "at most " + window)
                + ", phones per source IP " + (phonesPerIp == 0 ? "all (127.0.0.1)" : phonesPerIp)
                + ", SIPp reference " + (sipp ? "yes" : "no") + ", Kamailio auth " + (sqliteAuth ? "db_sqlite (indexed)" : "db_text (scan)"));
        lines.add("idle phones " + idlePhones + ", lines " + idleLines + ", idle Register pace " + idleRegistersPerSecond
                + "/s, settle " + settle.toSeconds() + " s");
        return lines;
    }
}
