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

    /**
     * "met", "MISSED", or "—" when there is no goal or nothing to check. Ratio goals compare Muster with
     * bound × baseline, which stays right when a latency is negative (answered before the write's ack).
     */
    String verdict(double muster, double baseline) {
        double limit = onRatio ? bound * baseline : bound;
        if (Double.isNaN(bound) || Double.isNaN(muster) || Double.isNaN(limit)) {
            return "—";
        }
        if (onRatio && baseline <= 0) {
            limit = baseline; // no meaningful multiple of a non-positive latency: Muster must be at least as low
        }
        boolean met = atLeast ? muster >= limit : muster <= limit;
        return met ? "met" : "MISSED";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
