package dev.basin.numeric;

/** Special functions in double precision, written out so that their accuracy is known. */
public final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1.0 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private SpecialFunctions() {
    }

    /**
     * The error function, relative error below 1e-15.
     *
     * <p>For |x| &lt; 3: erf(x) = (2/√π) e^{−x²} Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1)); every term is
     * positive, so the sum has no cancellation. For |x| ≥ 3: erf(x) = 1 − erfc(x) with erfc from its
     * continued fraction (modified Lentz), which converges quickly there.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double ax = Math.abs(x);
        double r;
        if (ax < 3.0) {
            double x2 = ax * ax;
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200; n++) {
                term *= 2.0 * x2 / (2 * n + 1);
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        } else {
            r = 1.0 - erfcLarge(ax);
        }
        return x < 0 ? -r : r;
    }

    /** erfc(x) for x ≥ 3 by the continued fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
    private static double erfcLarge(double x) {
        if (x > 27) {
            return 0.0;
        }
        // Lentz's algorithm on b0 + a1/(b1 + a2/(b2 + ...)) with b_j = x, a_j = j/2.
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int j = 1; j < 500; j++) {
            double a = j / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
    }

    /** Standard normal cumulative distribution Φ(x) = (1 + erf(x/√2))/2. */
    public static double normalCdf(double x) {
        return 0.5 * (1.0 + erf(x * SQRT_HALF));
    }

    /** Standard normal density φ(x). */
    public static double normalPdf(double x) {
        return ONE_OVER_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
}
