package dev.muster.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rows of the results table, and the scaling curves for the chart. */
final class Results {
    /** One measured quantity: Muster's runs, the baseline's runs (may be empty), the goal. */
    record Row(String scenario, String metric, String unit, Stats muster, String baseline, Stats base, Goal goal,
               String note) {
        /** Muster median / baseline median; NaN without a baseline or when either is not positive. */
        double ratio() {
            if (base == null || base.count() == 0 || muster.median() <= 0 || base.median() <= 0) {
                return Double.NaN;
            }
            return muster.median() / base.median();
        }

        double baselineMedian() {
            return base == null || base.count() == 0 ? Double.NaN : base.median();
        }

        String verdict() {
            return goal.verdict(muster.median(), baselineMedian());
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Series name → (x → y), e.g. "Muster p50" → {100 → 3.1, 1000 → 12.0}. */
    private final Map<String, Map<Double, Double>> curves = new LinkedHashMap<>();

    synchronized void add(Row row) {
        rows.add(row);
        System.out.println(format(row));
    }

    synchronized void add(String scenario, String metric, String unit, List<Double> muster, String baseline,
                          List<Double> base, Goal goal, String note) {
        add(new Row(scenario, metric, unit, Stats.of(muster), baseline, base == null ? null : Stats.of(base), goal,
                note));
    }

    /** A scenario (or part) that could not be measured honestly, and why. */
    synchronized void notMeasured(String scenario, String metric, String why) {
        add(new Row(scenario, metric, "", Stats.of(List.of()), null, null, Goal.none(), "not measured: " + why));
    }

    synchronized void note(String text) {
        notes.add(text);
        System.out.println("note: " + text);
    }

    synchronized void point(String series, double x, double y) {
        curves.computeIfAbsent(series, k -> new LinkedHashMap<>()).put(x, y);
    }

    synchronized Map<String, Map<Double, Double>> curves() {
        return curves;
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| # | Measure | Muster median (min–max) | Baseline median (min–max) | Ratio | Goal | Verdict | Note |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(r.scenario()).append(" | ").append(r.metric()).append(" | ")
                    .append(cell(r.muster(), r.unit())).append(" | ")
                    .append(r.baseline() == null ? "—" : r.baseline() + ": " + cell(r.base(), r.unit())).append(" | ")
                    .append(Double.isNaN(r.ratio()) ? "—" : String.format(Locale.ROOT, "%.2f", r.ratio()))
                    .append(" | ").append(r.goal().text()).append(" | ")
                    .append(r.verdict()).append(" | ")
                    .append(r.note() == null ? "" : r.note().replace("|", "/")).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String n : notes) {
                out.append("- ").append(n).append('\n');
            }
        }
        return out.toString();
    }

    private static String format(Row r) {
        return String.format(Locale.ROOT, "[%s] %s: Muster %s%s ratio %s goal %s → %s%s", r.scenario(), r.metric(),
                cell(r.muster(), r.unit()), r.baseline() == null ? "" : " vs " + r.baseline() + " "
                        + cell(r.base(), r.unit()),
                Double.isNaN(r.ratio()) ? "—" : String.format(Locale.ROOT, "%.2f", r.ratio()), r.goal().text(),
                r.verdict(), r.note() == null ? "" : " (" + r.note() + ")");
    }

    private static String cell(Stats s, String unit) {
        if (s == null || s.count() == 0) {
            return "—";
        }
        if (s.count() == 1) {
            return number(s.median()) + " " + unit;
        }
        return number(s.median()) + " " + unit + " (" + number(s.min()) + "–" + number(s.max()) + ")";
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
