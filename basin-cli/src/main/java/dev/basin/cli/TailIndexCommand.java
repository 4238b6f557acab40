package dev.basin.cli;

import dev.basin.noise.BlockPlan;
import dev.basin.noise.SampleFile;
import dev.basin.noise.TailIndex;
import dev.basin.noise.TailIndexAccumulator;
import dev.basin.train.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin tail-index FILE}: the α-stable tail index of any sample. */
@Command(name = "tail-index", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate the alpha-stable tail index of a sample.",
                "The sample is a .npy array (float32/float64, pooled in C order), a CSV column, or text with one number per line."
                        + " Prints alpha, its standard error, N and K1."})
final class TailIndexCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The sample")
    Path file;

    @Option(names = "--column", description = "CSV column: header name or 0-based index")
    String column;

    @Option(names = "--estimator", defaultValue = "mohammadi",
            description = "mohammadi (the reference estimator), order (block order statistics), hill, or all (default: ${DEFAULT-VALUE})")
    String estimator;

    @Option(names = "--blocks", defaultValue = "robust",
            description = "Block length rule: reference (largest divisor of N <= sqrt(N), as the reference code) or robust "
                    + "(the same unless that divisor is below sqrt(N)/2; then the fewest trailing values are dropped) (default: ${DEFAULT-VALUE})")
    String blocks;

    @Option(names = "--diagnostics", description = "Also the controls of the heavy tail. A 2-D .npy of shape PxD is read as P minibatches x D "
            + "coordinates (each column centred): zeros, alpha without zero-variance columns, the Gaussian null, standardised alpha, the "
            + "per-column tails and Gaussianity; any sample also gets SaS/Gaussian/Student-t fits with goodness of fit")
    boolean diagnostics;

    @Option(names = "--no-centre", negatable = false, description = "With --diagnostics on a 2-D sample: do not subtract each column's mean "
            + "(for samples that are already noise around 0; centring by a heavy-tailed column mean raises the standardised alpha at small P)")
    boolean noCentre;

    @picocli.CommandLine.Mixin
    DiagnosticOptions fits = new DiagnosticOptions();

    @Option(names = "--json", description = "Print JSON instead of text")
    boolean json;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        String which = estimator.toLowerCase(Locale.ROOT);
        if (!List.of("mohammadi", "order", "hill", "all").contains(which)) {
            throw new IllegalArgumentException("unknown estimator '" + estimator + "'; choose mohammadi, order, hill or all");
        }
        String rule = blocks.toLowerCase(Locale.ROOT);
        if (!rule.equals("robust") && !rule.equals("reference")) {
            throw new IllegalArgumentException("unknown --blocks '" + blocks + "'; choose robust or reference");
        }
        SampleFile sample = new SampleFile(file, column);
        if (diagnostics) {
            return diagnostics(sample);
        }
        long n = sample.count();
        if (n < 4) {
            throw new IllegalArgumentException(file + " holds " + n + " values; the estimators need at least 4");
        }
        BlockPlan plan = rule.equals("reference") ? BlockPlan.reference(n) : BlockPlan.robust(n);
        if (plan.k1() < 2) {
            throw new IllegalArgumentException("N = " + n + " has no divisor between 2 and sqrt(N): the reference estimator would divide by"
                    + " log 1 = 0; use --blocks robust");
        }
        TailIndexAccumulator acc = new TailIndexAccumulator(plan);
        sample.forEach(acc::accept);
        List<TailIndex> out = new ArrayList<>();
        if (which.equals("mohammadi") || which.equals("all")) {
            out.add(acc.mohammadi());
        }
        if (which.equals("order") || which.equals("all")) {
            out.add(acc.orderStatistics());
        }
        if (which.equals("hill") || which.equals("all")) {
            out.add(acc.hill());
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("n", n);
            m.put("k1", plan.k1());
            m.put("k2", plan.k2());
            m.put("dropped", plan.dropped());
            m.put("estimates", out);
            w.println(Json.MAPPER.writeValueAsString(m));
        } else {
            w.printf(Locale.ROOT, "%s: N = %d, K1 = %d, K2 = %d%s%n", file, n, plan.k1(), plan.k2(),
                    plan.dropped() > 0 ? ", last " + plan.dropped() + " values dropped to get K1 near sqrt(N)" : "");
            for (TailIndex t : out) {
                w.printf(Locale.ROOT, "%-10s alpha = %.4f +/- %.4f%s%n", t.estimator(), t.alpha(), t.stderr(),
                        t.estimator().equals("hill") ? "  (k = " + t.k1() + " upper order statistics)" : "");
            }
        }
        w.flush();
        return ExitCodes.OK;
    }

    private int diagnostics(SampleFile sample) throws java.io.IOException {
        dev.basin.noise.SampleDiagnostics d = dev.basin.noise.SampleDiagnostics.of(sample, fits.coordinates, fits.bootstrap, fits.fitSamples, 1, !noCentre);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("shape", d.shape());
            if (d.analysis() != null) {
                m.put("coordinates", d.analysis().dim());
                m.put("rows", d.analysis().rows());
                m.put("zero_variance_coordinates", d.analysis().zeroVarianceCoordinates());
                m.put("estimates", d.analysis().quantities().get(dev.basin.noise.NoiseAnalysis.RAW));
                m.put("per_coordinate", d.diagnostics().coordinates().overall());
            } else {
                m.put("normality", d.normality());
                m.put("tail", d.tail());
            }
            m.put("fits", d.fits() == null ? null : d.fits().report());
            if (d.diagnostics() != null) {
                m.put("fits_standardised", d.diagnostics().standardisedFits() == null ? null : d.diagnostics().standardisedFits().report());
            }
            w.println(Json.MAPPER.writeValueAsString(m));
            w.flush();
            return ExitCodes.OK;
        }
        if (d.analysis() != null) {
            dev.basin.noise.NoiseAnalysis.Result a = d.analysis();
            dev.basin.noise.NoiseAnalysis.Quantity q = a.quantities().get(dev.basin.noise.NoiseAnalysis.RAW);
            w.printf(Locale.ROOT, "%s: %d minibatches x %d coordinates%s%n", file, a.rows(), a.dim(),
                    noCentre ? ", taken as noise around 0" : ", each column centred");
            for (String line : NoiseReport.lines(a, q, d.diagnostics())) {
                w.println(line);
            }
        } else {
            w.printf(Locale.ROOT, "%s: %d values%n", file, d.shape()[0]);
            w.printf(Locale.ROOT, "Gaussianity          Anderson-Darling p = %.3g, excess kurtosis %.3f%n", d.normality().pValue(),
                    d.normality().excessKurtosis());
            w.printf(Locale.ROOT, "Hill/KS tail index   %.4f +/- %.4f (k = %d of %d)%n", d.tail().alpha(), d.tail().stderr(), d.tail().k(), d.tail().n());
            for (String line : NoiseReport.fits(d.fits(), null)) {
                w.println(line);
            }
        }
        w.flush();
        return ExitCodes.OK;
    }
}
