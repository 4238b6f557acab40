package dev.basin.noise;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Maximum-likelihood fits of the comparison families for a 1-D noise sample, and the SαS fit in the same form,
 * each a {@link Law} that can be evaluated, sampled and compared by log-likelihood and AIC = 2k − 2 log L.
 *
 * <ul>
 *   <li><b>Gaussian</b> N(μ, s²): μ̂ = mean, ŝ² = (1/n) Σ (x − μ̂)² (the MLE, not the n − 1 variance); k = 2.</li>
 *   <li><b>Student-t</b> with location μ, scale s, ν degrees of freedom: f(x) = t_ν((x − μ)/s)/s, t_ν from Commons
 *       Statistics' {@link TDistribution}; (μ, log s, ν) maximising log L by Nelder–Mead from the best of a grid of
 *       ν ∈ {0.5, 1, 2, 3, 5, 10, 30, 100, 1000} (μ = median, s matched to the interquartile range), with ν kept in
 *       [0.5, 1000] by log ν = log 0.5 + log 2000 · logistic(τ); k = 3. ν at the upper bound means the data are
 *       indistinguishable from Gaussian at this n.</li>
 *   <li><b>Laplace</b>, f(x) = e^{−|x − μ|/b}/(2b): μ̂ = median, b̂ = mean |x − μ̂|, exact MLEs; k = 2.</li>
 *   <li><b>SαS</b> via {@link StableFit} (symmetric: α, σ, δ; k = 3) by the chosen method, with log L at those
 *       parameters ({@link StableLaw}). Only the maximum-likelihood method makes the AIC an AIC in the strict
 *       sense; with McCulloch or Koutrouvelis log L is at most its maximum and the AIC is conservative.</li>
 * </ul>
 */
public final class Fits {
    /** A fitted law: its family, its parameter count, the sample's log-likelihood, and its distribution. */
    public sealed interface Law permits Gaussian, StudentT, Laplace, Stable {
        /** "gaussian", "student-t", "laplace" or "stable". */
        String family();

        /** Number of fitted parameters k. */
        int parameters();

        /** log L of the sample it was fitted to. */
        double logLikelihood();

        /** Size of that sample. */
        int n();

        /** AIC = 2k − 2 log L. */
        default double aic() {
            return 2 * parameters() - 2 * logLikelihood();
        }

        /** F(x) at each point. */
        double[] cdf(double[] xs);

        /** 1 − F(x) at each point, accurate in the right tail. */
        double[] survival(double[] xs);

        /** Σ log f(x_i) of any sample under this law. */
        double logLikelihood(double[] xs);

        /** Independent draws from this law. */
        ContinuousSampler sampler(UniformRandomProvider rng);
    }

    /** N(mean, sd²). */
    public record Gaussian(double mean, double sd, double logLikelihood, int n) implements Law {
        @Override
        public String family() {
            return "gaussian";
        }

        @Override
        public int parameters() {
            return 2;
        }

        @Override
        public double[] cdf(double[] xs) {
            NormalDistribution d = NormalDistribution.of(mean, sd);
            double[] out = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = d.cumulativeProbability(xs[i]);
            }
            return out;
        }

        @Override
        public double[] survival(double[] xs) {
            NormalDistribution d = NormalDistribution.of(mean, sd);
            double[] out = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = d.survivalProbability(xs[i]);
            }
            return out;
        }

        @Override
        public double logLikelihood(double[] xs) {
            double ss = 0;
            for (double x : xs) {
                ss += (x - mean) * (x - mean);
            }
            return -0.5 * ss / (sd * sd) - xs.length * (Math.log(sd) + 0.5 * Math.log(2 * Math.PI));
        }

        @Override
        public ContinuousSampler sampler(UniformRandomProvider rng) {
            ContinuousSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
            return () -> mean + sd * z.sample();
        }
    }

    /** Student-t: location + scale · T_ν. {@code evaluations}: likelihood evaluations of the search. */
    public record StudentT(double location, double scale, double nu, double logLikelihood, int n, int evaluations) implements Law {
        @Override
        public String family() {
            return "student-t";
        }

        @Override
        public int parameters() {
            return 3;
        }

        @Override
        public double[] cdf(double[] xs) {
            TDistribution d = TDistribution.of(nu);
            double[] out = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = d.cumulativeProbability((xs[i] - location) / scale);
            }
            return out;
        }

        @Override
        public double[] survival(double[] xs) {
            TDistribution d = TDistribution.of(nu);
            double[] out = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = d.survivalProbability((xs[i] - location) / scale);
            }
            return out;
        }

        @Override
        public double logLikelihood(double[] xs) {
            return studentLogLikelihood(xs, location, scale, nu);
        }

        /** T = Z/√(V/ν), Z standard normal, V ~ χ²_ν = Gamma(ν/2, scale 2). */
        @Override
        public ContinuousSampler sampler(UniformRandomProvider rng) {
            ContinuousSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
            ContinuousSampler v = AhrensDieterMarsagliaTsangGammaSampler.of(rng, nu / 2, 2);
            return () -> location + scale * z.sample() / Math.sqrt(v.sample() / nu);
        }
    }

    /** Laplace(location, scale b): density e^{−|x − μ|/b}/(2b). */
    public record Laplace(double location, double scale, double logLikelihood, int n) implements Law {
        @Override
        public String family() {
            return "laplace";
        }

        @Override
        public int parameters() {
            return 2;
        }

        @Override
        public double[] cdf(double[] xs) {
            double[] out = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                double z = (xs[i] - location) / scale;
                out[i] = z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
            }
            return out;
        }

        @Override
        public double[] survival(double[] xs) {
            double[] out = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                double z = (xs[i] - location) / scale;
                out[i] = z > 0 ? 0.5 * Math.exp(-z) : 1 - 0.5 * Math.exp(z);
            }
            return out;
        }

        @Override
        public double logLikelihood(double[] xs) {
            double s = 0;
            for (double x : xs) {
                s += Math.abs(x - location);
            }
            return -s / scale - xs.length * Math.log(2 * scale);
        }

        /** μ + b(E₁ − E₂), E standard exponential. */
        @Override
        public ContinuousSampler sampler(UniformRandomProvider rng) {
            ContinuousSampler e = ZigguratSampler.Exponential.of(rng);
            return () -> location + scale * (e.sample() - e.sample());
        }
    }

    /** SαS(σ) shifted by δ, from a symmetric {@link StableFit} estimate. */
    public record Stable(StableFit.Estimate estimate, StableLaw law, double logLikelihood, int n) implements Law {
        public Stable {
            if (estimate.beta() != 0) {
                throw new IllegalArgumentException("the stable family here is symmetric; the estimate has beta = " + estimate.beta());
            }
        }

        @Override
        public String family() {
            return "stable";
        }

        @Override
        public int parameters() {
            return 3;
        }

        @Override
        public double[] cdf(double[] xs) {
            double[] out = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = law.cdf(xs[i]);
            }
            return out;
        }

        @Override
        public double[] survival(double[] xs) {
            double[] out = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = law.survival(xs[i]);
            }
            return out;
        }

        @Override
        public double logLikelihood(double[] xs) {
            return law.logLikelihood(xs);
        }

        @Override
        public ContinuousSampler sampler(UniformRandomProvider rng) {
            return StableSampler.of(rng, law.alpha(), 0, law.sigma(), law.delta());
        }
    }

    private Fits() {
    }

    /** The Gaussian MLE. */
    public static Gaussian gaussian(double[] x) {
        double[] s = checked(x, 2);
        int n = s.length;
        double m = 0;
        for (double v : s) {
            m += v;
        }
        m /= n;
        double ss = 0;
        for (double v : s) {
            ss += (v - m) * (v - m);
        }
        double sd = Math.sqrt(ss / n);
        if (!(sd > 0)) {
            throw new IllegalArgumentException("the sample is constant (" + m + "): no Gaussian fit");
        }
        return new Gaussian(m, sd, -0.5 * n - n * (Math.log(sd) + 0.5 * Math.log(2 * Math.PI)), n);
    }

    /** The Laplace MLE. */
    public static Laplace laplace(double[] x) {
        double[] s = checked(x, 2);
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double med = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        double b = 0;
        for (double v : sorted) {
            b += Math.abs(v - med);
        }
        b /= n;
        if (!(b > 0)) {
            throw new IllegalArgumentException("the sample is (nearly) constant: no Laplace fit");
        }
        return new Laplace(med, b, -n - n * Math.log(2 * b), n);
    }

    private static final double NU_MIN = 0.5;
    private static final double NU_MAX = 1000;
    private static final double[] NU_GRID = {0.5, 1, 2, 3, 5, 10, 30, 100, 1000};

    /** The Student-t MLE over location, scale and ν ∈ [0.5, 1000]. */
    public static StudentT studentT(double[] x) {
        double[] s = checked(x, 3);
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        double med = StableFit.quantile(sorted, 0.5);
        double iqr = StableFit.quantile(sorted, 0.75) - StableFit.quantile(sorted, 0.25);
        if (!(iqr > 0)) {
            throw new IllegalArgumentException("the sample's quartiles coincide: no Student-t fit");
        }
        double bestNu = NU_GRID[0];
        double bestScale = 1;
        double best = Double.NEGATIVE_INFINITY;
        for (double nu : NU_GRID) {
            double scale = iqr / (2 * TDistribution.of(nu).inverseCumulativeProbability(0.75));
            double ll = studentLogLikelihood(s, med, scale, nu);
            if (ll > best) {
                best = ll;
                bestNu = nu;
                bestScale = scale;
            }
        }
        double tau0 = logit(Math.max(1e-6, Math.min(1 - 1e-6, Math.log(bestNu / NU_MIN) / Math.log(NU_MAX / NU_MIN))));
        double[] p0 = {med / bestScale, Math.log(bestScale), tau0};
        double unit = bestScale;
        NelderMead.Result r = NelderMead.minimise(p -> -studentLogLikelihood(s, p[0] * unit, Math.exp(p[1]), nu(p[2])), p0,
            new double[] {0.05, 0.05, 0.5}, 1e-8, 1e-6, 2000);
        double loc = r.point()[0] * unit;
        double scale = Math.exp(r.point()[1]);
        double nu = nu(r.point()[2]);
        return new StudentT(loc, scale, nu, studentLogLikelihood(s, loc, scale, nu), s.length, r.evaluations());
    }

    /** The symmetric α-stable fit by {@code method}, with its log-likelihood. */
    public static Stable stable(double[] x, StableFit.Method method) {
        double[] s = checked(x, 10);
        StableFit.Estimate e = StableFit.fit(s, method, true);
        StableLaw law = e.symmetricLaw();
        return new Stable(e, law, law.logLikelihood(s), s.length);
    }

    private static double nu(double tau) {
        return NU_MIN * Math.exp(Math.log(NU_MAX / NU_MIN) / (1 + Math.exp(-tau)));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    static double studentLogLikelihood(double[] xs, double location, double scale, double nu) {
        if (!(scale > 0) || !Double.isFinite(scale) || !(nu > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        TDistribution d = TDistribution.of(nu);
        double s = 0;
        for (double x : xs) {
            s += d.logDensity((x - location) / scale);
        }
        return s - xs.length * Math.log(scale);
    }

    private static double[] checked(double[] x, int min) {
        if (x == null) {
            throw new IllegalArgumentException("the sample is null");
        }
        if (x.length < min) {
            throw new IllegalArgumentException("this fit needs at least " + min + " values, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("the sample has a non-finite value " + x[i] + " at index " + i);
            }
        }
        return x;
    }
}
