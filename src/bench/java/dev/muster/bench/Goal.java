package dev.muster.bench;

/**
 * A goal from the issue, checked against the median of a row: either the ratio Muster/baseline or Muster's
 * own value, at least or at most a bound.
 */
record Goal(String text, boolean onRatio, boolean atLeast, double bound) {

    static Goal ratioAtLeast(double bound) {
        return new Goal("≥ " + trim(bound) + "×", true, true, bound);
    }

    static Goal ratioAtMost(double bound) {
        return new Goal("≤ " + trim(bound) + "×", true, false, bound);
    }

    static Goal valueAtLeast(double bound, String unit) {
        return new Goal("≥ " + trim(bound) + " " + unit, false, true, bound);
    }

    static Goal valueAtMost(double bound, String unit) {
        return new Goal("≤ " + trim(bound) + " " + unit, false, false, bound);
    }

    static Goal none() {
        return new Goal("—", false, true, Double.NaN);
    }

    /** "met", "MISSED", or "—" when there is no goal or nothing to check. */
    String verdict(double muster, double ratio) {
        double value = onRatio ? ratio : muster;
        if (Double.isNaN(bound) || Double.isNaN(value)) {
            return "—";
        }
        boolean met = atLeast ? value >= bound : value <= bound;
        return met ? "met" : "MISSED";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
