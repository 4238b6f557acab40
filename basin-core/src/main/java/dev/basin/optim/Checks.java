package dev.basin.optim;

/** Validation helpers for hyper-parameters: the message names the field and the bad value. */
final class Checks {
    private Checks() {
    }

    /** Requires lo ≤ x &lt; hi (or ≤ hi when {@code hiInclusive}); NaN fails. */
    static void inRange(String field, double x, double lo, double hi, boolean hiInclusive) {
        boolean ok = x >= lo && (hiInclusive ? x <= hi : x < hi);
        if (!ok) {
            throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + (hiInclusive ? "]" : ")")
                    + ", got " + x);
        }
    }

    /** Requires x &gt; 0 and finite. */
    static void positive(String field, double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(field + " must be a positive finite number, got " + x);
        }
    }

    /** Requires x ≥ 0 and finite. */
    static void nonNegative(String field, double x) {
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(field + " must be a non-negative finite number, got " + x);
        }
    }
}
