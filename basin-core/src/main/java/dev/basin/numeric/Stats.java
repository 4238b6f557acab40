package dev.basin.numeric;

/** Summaries shared by the estimators: the mean with its standard error, and a ratio of two such means. */
public final class Stats {
    /** A sample mean, its standard error s/√n (NaN for n &lt; 2) and the sample size. */
    public record Mean(double mean, double stderr, int n) {
    }

    /** A ratio of means with its delta-method 95% interval r·exp(±1.96·√((se₁/m₁)² + (se₂/m₂)²)). */
    public record Ratio(double value, double lo, double hi) {
    }

    private Stats() {
    }

    public static Mean mean(double[] xs) {
        int n = xs.length;
        double m = 0;
        for (double x : xs) {
            m += x;
        }
        m /= n;
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return new Mean(m, n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1) / n), n);
    }

    public static Ratio ratio(double num, double numStderr, double den, double denStderr) {
        double r = num / den;
        double rel = Math.sqrt(Math.pow(numStderr / num, 2) + Math.pow(denStderr / den, 2));
        return new Ratio(r, r * Math.exp(-1.96 * rel), r * Math.exp(1.96 * rel));
    }
}
