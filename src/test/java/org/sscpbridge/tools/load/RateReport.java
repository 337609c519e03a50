package org.sscpbridge.tools.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The measured rounds of a rate run (bridged, bare, SIPp at each size), as the files the benchmark
 * command keeps: every round ({@link #roundsCsv}), per size and side the median with its spread
 * ({@link #summaryCsv}, what the charts plot) and a Markdown table of the same ({@link #markdown}).
 */
public final class RateReport {
    /** Sides in the order of the columns. */
    static final List<String> SIDES = List.of("bridged", "bare", "sipp");
    /** Rounds of one side may differ from their median by this much and still count as stable. */
    static final double STABLE = 0.20;

    /** One measured round of one side; {@code load1} = 1-minute load average when it started. */
    record Row(int size, int round, RoundOutcome outcome, double load1) {}

    private final List<Row> rows = new ArrayList<>();

    void add(int size, int round, RoundOutcome outcome, double load1) {
        rows.add(new Row(size, round, outcome, load1));
    }

    String roundsCsv() {
        StringBuilder b = new StringBuilder("phones,side,round,completed,count,seconds,reg_per_s,p50_ms,p90_ms,p99_ms,"
                + "max_ms,sscp_retransmissions,line_failures,contacts_when_done,contacts_after_teardown,load1\n");
        for (Row r : rows) {
            WaveResult w = r.outcome().wave();
            b.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%.3f,%.1f,%.2f,%.2f,%.2f,%.2f,%d,%d,%d,%d,%.2f%n",
                    r.size(), r.outcome().side(), r.round(), w.completed(), w.count(), w.elapsedNanos() / 1e9,
                    w.perSecond(), ms(w, 0.5), ms(w, 0.9), ms(w, 0.99), ms(w, 1.0), w.retransmissions(),
                    w.lineFailures(), r.outcome().contactsWhenDone(), r.outcome().contactsAfterTeardown(), r.load1()));
        }
        return b.toString();
    }

    /**
     * Per size, per side: median rate, lowest and highest round, median p50/p90/p99 latency, and
     * bridged as a share of bare. Missing sides (no SIPp) are empty cells.
     */
    String summaryCsv() {
        StringBuilder b = new StringBuilder("phones");
        for (String side : SIDES) {
            b.append(String.format(",%1$s_reg_per_s,%1$s_min,%1$s_max,%1$s_p50_ms,%1$s_p90_ms,%1$s_p99_ms", side));
        }
        b.append(",bridged_over_bare_pct,load1\n");
        for (int size : sizes()) {
            b.append(size);
            for (String side : SIDES) {
                Stats s = stats(size, side);
                b.append(s == null ? ",,,,,," : String.format(Locale.ROOT, ",%.1f,%.1f,%.1f,%.2f,%.2f,%.2f", s.rate,
                        s.min, s.max, s.p50, s.p90, s.p99));
            }
            Stats bridged = stats(size, "bridged");
            Stats bare = stats(size, "bare");
            b.append(bridged == null || bare == null || bare.rate == 0 ? ","
                    : String.format(Locale.ROOT, ",%.1f", 100 * bridged.rate / bare.rate));
            b.append(String.format(Locale.ROOT, ",%.2f%n", meanLoad(size)));
        }
        return b.toString();
    }

    /** The summary as a Markdown table: median reg/s (range of the rounds) and p50 / p99 per side. */
    String markdown() {
        StringBuilder b = new StringBuilder("| phones | bridged reg/s | bare reg/s | SIPp reg/s | bridged / bare "
                + "| p50 / p99 ms bridged | bare | SIPp | stable (±20 %) | load avg |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (int size : sizes()) {
            Stats bridged = stats(size, "bridged");
            Stats bare = stats(size, "bare");
            Stats sipp = stats(size, "sipp");
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f |%n", group(size),
                    rate(bridged), rate(bare), rate(sipp),
                    bridged == null || bare == null || bare.rate == 0 ? "–"
                            : String.format(Locale.ROOT, "**%.0f %%**", 100 * bridged.rate / bare.rate),
                    latency(bridged), latency(bare), latency(sipp), stability(size), meanLoad(size)));
        }
        return b.toString();
    }

    /**
     * Where the CPU of the bridged and the bare waves went (median of the rounds, ms per 1 000
     * registrations, by {@link CpuSplit} group): the profile behind the bridged / bare ratio.
     */
    String cpuMarkdown() {
        StringBuilder b = new StringBuilder("| phones | side | " + String.join(" | ", CpuSplit.GROUPS)
                + " | JVM total | all (JVM + Kamailio) |\n|---:|---|" + "---:|".repeat(CpuSplit.GROUPS.size() + 2) + "\n");
        for (int size : sizes()) {
            for (String side : List.of("bridged", "bare")) {
                List<RoundOutcome> rounds = rows.stream().filter(r -> r.size() == size && r.outcome().side().equals(side)
                        && !r.outcome().cpu().isEmpty()).map(Row::outcome).toList();
                if (rounds.isEmpty()) {
                    continue;
                }
                b.append("| ").append(group(size)).append(" | ").append(side);
                double jvm = 0;
                for (String g : CpuSplit.GROUPS) {
                    double v = median(rounds.stream().mapToDouble(o -> o.cpuPerThousand(g)).toArray());
                    jvm += g.equals("kamailio") ? 0 : v;
                    b.append(String.format(Locale.ROOT, " | %.0f", v));
                }
                double kamailio = median(rounds.stream().mapToDouble(o -> o.cpuPerThousand("kamailio")).toArray());
                b.append(String.format(Locale.ROOT, " | **%.0f** | %.0f |%n", jvm, jvm + kamailio));
            }
        }
        return b.toString();
    }

    private String stability(int size) {
        List<String> unstable = new ArrayList<>();
        boolean incomplete = false;
        for (String side : SIDES) {
            Stats s = stats(size, side);
            if (s != null && (s.min < s.rate * (1 - STABLE) || s.max > s.rate * (1 + STABLE))) {
                unstable.add(side);
            }
            incomplete |= rows.stream().anyMatch(r -> r.size() == size && r.outcome().side().equals(side)
                    && !r.outcome().wave().allCompleted());
        }
        String s = unstable.isEmpty() ? "yes" : "no: " + String.join(", ", unstable);
        return incomplete ? s + "; SOME ROUNDS INCOMPLETE" : s;
    }

    private record Stats(double rate, double min, double max, double p50, double p90, double p99, int rounds) {}

    private Stats stats(int size, String side) {
        List<WaveResult> waves = rows.stream().filter(r -> r.size() == size && r.outcome().side().equals(side))
                .map(r -> r.outcome().wave()).toList();
        if (waves.isEmpty()) {
            return null;
        }
        double[] rates = waves.stream().mapToDouble(WaveResult::perSecond).toArray();
        return new Stats(median(rates), Arrays.stream(rates).min().orElse(0), Arrays.stream(rates).max().orElse(0),
                median(waves.stream().mapToDouble(w -> w.latencyMillis(0.5)).toArray()),
                median(waves.stream().mapToDouble(w -> w.latencyMillis(0.9)).toArray()),
                median(waves.stream().mapToDouble(w -> w.latencyMillis(0.99)).toArray()), waves.size());
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private double meanLoad(int size) {
        return rows.stream().filter(r -> r.size() == size).mapToDouble(Row::load1).average().orElse(Double.NaN);
    }

    private Set<Integer> sizes() {
        Set<Integer> sizes = new LinkedHashSet<>();
        rows.forEach(r -> sizes.add(r.size()));
        return sizes;
    }

    private static double ms(WaveResult w, double fraction) {
        return w.completed() == 0 ? Double.NaN : w.latencyMillis(fraction);
    }

    private static String rate(Stats s) {
        return s == null ? "–" : String.format(Locale.ROOT, "**%s** (%s–%s)", group(Math.round(s.rate)),
                group(Math.round(s.min)), group(Math.round(s.max)));
    }

    private static String latency(Stats s) {
        return s == null ? "–" : String.format(Locale.ROOT, "%s / %s", oneDecimal(s.p50), oneDecimal(s.p99));
    }

    private static String oneDecimal(double ms) {
        return ms >= 100 ? String.valueOf(Math.round(ms)) : String.format(Locale.ROOT, "%.1f", ms);
    }

    /** 12345 → "12 345", as the rest of docs/BENCHMARKS.md writes numbers. */
    public static String group(long n) {
        String s = Long.toString(Math.abs(n));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && (s.length() - i) % 3 == 0) {
                b.append(' ');
            }
            b.append(s.charAt(i));
        }
        return (n < 0 ? "-" : "") + b;
    }
}
