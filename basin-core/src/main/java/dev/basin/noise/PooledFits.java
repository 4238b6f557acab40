package dev.basin.noise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The distribution fits of one pooled 1-D noise sample: SαS by McCulloch's quantiles and Koutrouvelis'
 * regression (and, for the full report, maximum likelihood), and the family comparison of
 * {@link GoodnessOfFit} — Gaussian, Student-t (a Gaussian scale mixture), SαS (Koutrouvelis) and, in the full
 * report, Laplace — by KS and Anderson–Darling distances (parametric-bootstrap p-values when replicates
 * &gt; 0) and by AIC. The fits are of the values as pooled: a sample that pools coordinates of unlike scale is
 * a scale mixture, which Student-t describes by construction; the per-coordinate picture is
 * {@link CoordinateTails}'s.
 *
 * @param sample             the values fitted
 * @param mcCulloch          symmetric McCulloch (1986) quantile fit
 * @param koutrouvelis       symmetric Koutrouvelis (1980) regression fit
 * @param maximumLikelihood  SαS maximum likelihood (full report), or null
 * @param comparison         the families' fits and tests; best by AIC
 */
public record PooledFits(double[] sample, StableFit.Estimate mcCulloch, StableFit.Estimate koutrouvelis, StableFit.Estimate maximumLikelihood,
                         GoodnessOfFit.Comparison comparison) {
    /** The central share of |x| the Fig. 1 histogram spans (its range is ± this quantile of |x|). */
    public static final double HISTOGRAM_QUANTILE = 0.995;

    /**
     * @param full      also Laplace and the SαS maximum-likelihood fit
     * @param bootstrap replicates for the bootstrap p-values (0 = none)
     */
    public static PooledFits of(double[] x, boolean full, int bootstrap, long seed) {
        if (x.length < NoiseDiagnostics.MIN_FIT) {
            throw new IllegalArgumentException("the fits need at least " + NoiseDiagnostics.MIN_FIT + " values, got " + x.length);
        }
        EnumSet<GoodnessOfFit.Family> families = full ? EnumSet.allOf(GoodnessOfFit.Family.class)
                : EnumSet.of(GoodnessOfFit.Family.GAUSSIAN, GoodnessOfFit.Family.STUDENT_T, GoodnessOfFit.Family.STABLE);
        GoodnessOfFit.Comparison c = GoodnessOfFit.compare(x, families, StableFit.Method.KOUTROUVELIS, bootstrap, seed);
        StableFit.Estimate k = ((Fits.Stable) c.get(GoodnessOfFit.Family.STABLE).law()).estimate();
        return new PooledFits(x, StableFit.mcCulloch(x, true), k, full ? StableFit.maximumLikelihood(x) : null, c);
    }

    public int n() {
        return sample.length;
    }

    /** Student-t's fitted degrees of freedom. */
    public double studentNu() {
        return ((Fits.StudentT) comparison.get(GoodnessOfFit.Family.STUDENT_T).law()).nu();
    }

    /** The family with the smallest AIC, in lower case ("gaussian", "student_t", "stable", "laplace"). */
    public String best() {
        return comparison.bestByAic().name().toLowerCase(Locale.ROOT);
    }

    /** The Fig. 1 histogram over ± the {@link #HISTOGRAM_QUANTILE} quantile of |x|, every family overlaid. */
    public FitHistogram histogram(int bins) {
        double[] a = new double[sample.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(sample[i]);
        }
        Arrays.sort(a);
        double r = a[(int) Math.min(a.length - 1, Math.floor(HISTOGRAM_QUANTILE * a.length))];
        if (!(r > 0)) {
            r = a[a.length - 1] > 0 ? a[a.length - 1] : 1;
        }
        return FitHistogram.of(sample, bins, -r, r, comparison);
    }

    /** What the report files hold: the stable estimates and each family's parameters and tests. */
    public Map<String, Object> report() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n());
        m.put("stable_mcculloch", mcCulloch);
        m.put("stable_koutrouvelis", koutrouvelis);
        m.put("stable_maximum_likelihood", maximumLikelihood);
        List<Map<String, Object>> fam = new ArrayList<>();
        for (GoodnessOfFit.Result r : comparison.results()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("family", r.law().family());
            f.put("parameters", parameters(r.law()));
            f.put("ks", r.ks());
            f.put("ks_p", Double.isNaN(r.ksPValue()) ? null : r.ksPValue());
            f.put("anderson_darling", r.ad());
            f.put("anderson_darling_p", Double.isNaN(r.adPValue()) ? null : r.adPValue());
            f.put("log_likelihood", r.logLikelihood());
            f.put("aic", r.aic());
            f.put("delta_aic", comparison.deltaAic(r.family()));
            f.put("bootstrap_replicates", r.replicates());
            fam.add(f);
        }
        m.put("families", fam);
        m.put("best_by_aic", best());
        return m;
    }

    /** One line per family and the stable estimates, for a terminal. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "SaS fits of %d pooled values: alpha %.3f (McCulloch), %.3f +/- %.3f (Koutrouvelis)%s", n(), mcCulloch.alpha(),
                koutrouvelis.alpha(), koutrouvelis.alphaStderr(), maximumLikelihood == null ? ""
                        : String.format(Locale.ROOT, ", %.3f +/- %.3f (maximum likelihood)", maximumLikelihood.alpha(), maximumLikelihood.alphaStderr())));
        for (GoodnessOfFit.Result r : comparison.results()) {
            out.add(String.format(Locale.ROOT, "  %-10s %-34s KS %.4f%s  AD %.2f%s  AIC %+.1f", r.law().family(), describe(r.law()), r.ks(),
                    Double.isNaN(r.ksPValue()) ? "" : String.format(Locale.ROOT, " (p %.3f)", r.ksPValue()), r.ad(),
                    Double.isNaN(r.adPValue()) ? "" : String.format(Locale.ROOT, " (p %.3f)", r.adPValue()), comparison.deltaAic(r.family())));
        }
        out.add("  best by AIC: " + best() + (comparison.results().get(0).replicates() > 0
                ? " (p-values: parametric bootstrap, " + comparison.results().get(0).replicates() + " replicates, each refitted)" : ""));
        return out;
    }

    private static Map<String, Double> parameters(Fits.Law law) {
        Map<String, Double> p = new LinkedHashMap<>();
        if (law instanceof Fits.Gaussian g) {
            p.put("mean", g.mean());
            p.put("sd", g.sd());
        } else if (law instanceof Fits.StudentT t) {
            p.put("location", t.location());
            p.put("scale", t.scale());
            p.put("nu", t.nu());
        } else if (law instanceof Fits.Laplace l) {
            p.put("location", l.location());
            p.put("scale", l.scale());
        } else if (law instanceof Fits.Stable s) {
            p.put("alpha", s.estimate().alpha());
            p.put("sigma", s.estimate().sigma());
            p.put("delta", s.estimate().delta());
        }
        return p;
    }

    private static String describe(Fits.Law law) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : parameters(law).entrySet()) {
            sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4g", e.getValue()));
        }
        return sb.toString();
    }
}
