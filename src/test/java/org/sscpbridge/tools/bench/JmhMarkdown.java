package org.sscpbridge.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sscpbridge.tools.load.RateReport;

/**
 * JMH's result file ({@code -rf csv}) as a Markdown table for docs/BENCHMARKS.md: one row per
 * benchmark and parameter set. Throughput/average-time modes show score ± error; sample mode
 * (every call timed) shows calls, mean and the percentiles JMH wrote as {@code name:p0.99} rows.
 *
 * <pre>java -cp target/test-classes org.sscpbridge.tools.bench.JmhMarkdown RESULT.csv</pre>
 */
public final class JmhMarkdown {
    private JmhMarkdown() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: JmhMarkdown RESULT.csv");
            System.exit(2);
        }
        System.out.print(table(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8)));
    }

    /** One benchmark with one parameter set: its main row and, in sample mode, its percentiles. */
    private record Entry(String name, String mode, String params, long samples, double score, double error,
            String unit, Map<String, Double> percentiles) {}

    static String table(String csv) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : csv.split("\r?\n")) {
            if (!line.isBlank()) {
                rows.add(cells(line));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("empty JMH result");
        }
        List<String> header = rows.get(0);
        int paramsFrom = 7;
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (List<String> r : rows.subList(1, rows.size())) {
            String full = r.get(0);
            String method = full.substring(full.lastIndexOf('.', full.contains(":") ? full.indexOf(':') : full.length())
                    + 1);
            String className = full.substring(0, full.length() - method.length() - 1);
            className = className.substring(className.lastIndexOf('.') + 1);
            String base = className + "." + (method.contains(":") ? method.substring(0, method.indexOf(':')) : method);
            List<String> params = new ArrayList<>();
            for (int i = paramsFrom; i < r.size() && i < header.size(); i++) {
                if (r.get(i).isEmpty()) {
                    continue; // a benchmark without this parameter (JMH leaves the cell empty)
                }
                params.add(header.get(i).replace("Param: ", "") + "=" + r.get(i));
            }
            String key = base + " " + params;
            double score = number(r.get(4));
            if (method.contains(":p")) {
                Entry e = entries.get(key);
                if (e != null) {
                    e.percentiles().put(method.substring(method.indexOf(":p") + 2), score);
                }
            } else if (!method.contains(":")) {
                entries.put(key, new Entry(base, r.get(1), String.join(", ", params), (long) number(r.get(3)), score,
                        number(r.get(5)), r.get(6), new LinkedHashMap<>()));
            }
        }
        boolean sample = entries.values().stream().anyMatch(e -> !e.percentiles().isEmpty());
        StringBuilder b = new StringBuilder();
        if (sample) {
            b.append("| benchmark | parameters | calls | mean | p50 | p90 | p99 | p99.9 | unit |\n")
                    .append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
            for (Entry e : entries.values()) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | **%s** | %s | %s |%n", e.name(),
                        e.params(), RateReport.group(e.samples()), format(e.score()), pct(e, "0.50"), pct(e, "0.90"),
                        pct(e, "0.99"), pct(e, "0.999"), e.unit()));
            }
        } else {
            b.append("| benchmark | parameters | mode | score | ± (99.9 %) | unit |\n")
                    .append("|---|---|---|---:|---:|---|\n");
            for (Entry e : entries.values()) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | **%s** | %s | %s |%n", e.name(), e.params(),
                        e.mode(), format(e.score()), Double.isNaN(e.error()) ? "–" : format(e.error()), e.unit()));
            }
        }
        return b.toString();
    }

    private static String pct(Entry e, String p) {
        Double v = e.percentiles().get(p);
        return v == null ? "–" : format(v);
    }

    /** Large numbers grouped by thousands ("1 234 567"), small ones with 2–3 significant decimals. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 1000) {
            return RateReport.group(Math.round(v));
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static double number(String s) {
        if (s.isBlank() || s.equalsIgnoreCase("NaN")) {
            return Double.NaN;
        }
        return Double.parseDouble(s.replace(',', '.'));
    }

    /** One CSV line: comma-separated, cells optionally in double quotes ("" inside is a quote). */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
