package dev.basin.spec;

/** Validation of spec fields; each failure names the field (its key in the spec) and the value. */
public final class Check {
    private Check() {
    }

    public static <T> T or(T value, T dflt) {
        return value != null ? value : dflt;
    }

    public static double positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new SpecException(key + " must be a finite number > 0, got " + v);
        }
        return v;
    }

    public static double nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new SpecException(key + " must be a finite number >= 0, got " + v);
        }
        return v;
    }

    public static long atLeast(String key, long v, long min) {
        if (v < min) {
            throw new SpecException(key + " must be >= " + min + ", got " + v);
        }
        return v;
    }

    public static int atLeast(String key, int v, int min) {
        if (v < min) {
            throw new SpecException(key + " must be >= " + min + ", got " + v);
        }
        return v;
    }

    public static double finite(String key, double v) {
        if (!Double.isFinite(v)) {
            throw new SpecException(key + " must be a finite number, got " + v);
        }
        return v;
    }

    public static void that(boolean ok, String message) {
        if (!ok) {
            throw new SpecException(message);
        }
    }

    /** Builds a nested spec; a failure is reported under {@code key} ("alpha: batches must be >= 0, got -1"). */
    public static <T> T within(String key, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new SpecException(key + ": " + e.getMessage());
        }
    }

    /** Runs {@code parse} and turns an IllegalArgumentException into a SpecException about {@code key}. */
    public static <T> T parsed(String key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SpecException(key + ": " + e.getMessage());
        }
    }
}
