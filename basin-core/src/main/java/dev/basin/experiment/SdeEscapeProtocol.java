package dev.basin.experiment;

import dev.basin.sde.Dynamics;
import dev.basin.sde.Escape;
import dev.basin.sde.EscapeRow;
import dev.basin.sde.EscapeSetup;
import dev.basin.sde.ExitTimes;
import dev.basin.spec.Provenance;
import dev.basin.spec.RunRecord;
import dev.basin.spec.SdeEscapeSpec;
import dev.basin.spec.Specs;
import dev.basin.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code basin sde escape}: for each step h, {@link SdeEscapeSpec#trajectories()} exits per α of the chosen
 * dynamics from the basin's start, beside the theory ({@link Escape#run}); with several h the log-log slope of
 * mean exit iterations against h for each α; on a 2-D landscape the first {@code paths} trajectories of the
 * first (α, h) for the contour plot. With an output folder it writes config.json (the resolved spec and its
 * provenance) and escape.csv ({@link EscapeRow}); without one, nothing.
 */
public final class SdeEscapeProtocol implements Protocol<SdeEscapeSpec, SdeEscapeProtocol.Result> {
    public static final SdeEscapeProtocol INSTANCE = new SdeEscapeProtocol();

    /** Progress: the basin before the first simulation, then each step's rows as they finish. */
    public interface Listener {
        default void started(EscapeSetup setup) {
        }

        default void swept(Sweep sweep) {
        }
    }

    /**
     * Where the trajectories of one step h run: every α's exit times, in the spec's order, each the concatenation of
     * {@link #trajectories} over 0 … n − 1 in any pieces. {@link #LOCAL} runs them here on the context's threads; the
     * Spark engine ({@code dev.basin.spark.SparkSdeEscape}) spreads index ranges over a cluster.
     */
    @FunctionalInterface
    public interface Simulator {
        List<ExitTimes.Result> simulate(SdeEscapeSpec spec, double h, int threads) throws IOException;
    }

    /** Every trajectory in this JVM, on {@code threads} threads. */
    public static final Simulator LOCAL = (spec, h, threads) -> {
        List<ExitTimes.Result> out = new ArrayList<>();
        for (double alpha : spec.alphas()) {
            out.add(trajectories(spec, alpha, h, 0, spec.trajectories(), threads));
        }
        return out;
    };

    /**
     * Trajectories {@code from} … {@code to − 1} of the spec at (α, h): trajectory i on stream i of the spec's seed, so
     * the exit times do not depend on how the index range is cut.
     */
    public static ExitTimes.Result trajectories(SdeEscapeSpec spec, double alpha, double h, int from, int to, int threads) {
        double epsilon = spec.epsilon() == null ? Double.NaN : spec.epsilon();
        return Escape.trajectories(spec.setup(alpha).basin(), spec.dynamicsKind(), alpha, epsilon, h, from, to, spec.capSteps(), spec.seed(), threads);
    }

    /** One step h: a row per α, in the spec's order (each with every trajectory's exit time). */
    public record Sweep(double h, List<Escape.Row> rows) {
    }

    /** The log-log slope of mean exit iterations against h at one α; the theory for the discrete SGD says −α. */
    public record Slope(double alpha, Escape.Fit fit) {
    }

    /**
     * Everything the spec produced: the basin, the sweeps in the order of h, the slopes (empty with one h), and
     * the traced paths (each a list of points; empty unless the landscape is drawn and an output folder is given).
     */
    public record Result(SdeEscapeSpec spec, EscapeSetup setup, List<Sweep> sweeps, List<Slope> slopes, List<double[][]> paths) {
        /** escape.csv's rows. */
        public List<EscapeRow> rows() {
            List<EscapeRow> out = new ArrayList<>();
            for (Sweep s : sweeps) {
                for (Escape.Row r : s.rows()) {
                    out.add(EscapeRow.of(s.h(), r));
                }
            }
            return out;
        }
    }

    private SdeEscapeProtocol() {
    }

    @Override
    public Result run(SdeEscapeSpec spec, RunContext ctx) throws IOException {
        return run(spec, ctx, new Listener() { });
    }

    public Result run(SdeEscapeSpec spec, RunContext ctx, Listener listener) throws IOException {
        return run(spec, ctx, listener, LOCAL);
    }

    /** {@link #run(SdeEscapeSpec, RunContext, Listener)} with the trajectories run by {@code simulator}. */
    public Result run(SdeEscapeSpec spec, RunContext ctx, Listener listener, Simulator simulator) throws IOException {
        EscapeSetup setup = spec.setup();
        Dynamics dyn = spec.dynamicsKind();
        double[] alphas = spec.alphas();
        double[] hs = spec.steps();
        if (ctx.out() != null) {
            Files.createDirectories(ctx.out());
            Specs.write(ctx.out().resolve(RunDirectory.CONFIG), new RunRecord(spec, Provenance.now(ctx.command(), ctx.threads(), null, null, null)));
        }
        listener.started(setup);
        double epsilon = spec.epsilon() == null ? Double.NaN : spec.epsilon();
        List<Sweep> sweeps = new ArrayList<>();
        for (double h : hs) {
            List<ExitTimes.Result> times = simulator.simulate(spec, h, ctx.threads());
            List<Escape.Row> rows = new ArrayList<>();
            for (int i = 0; i < alphas.length; i++) {
                if (times.get(i).n() != spec.trajectories()) {
                    throw new IllegalStateException("the simulator gave " + times.get(i).n() + " exit times for " + spec.trajectories() + " trajectories");
                }
                rows.add(Escape.row(spec.setup(alphas[i]).basin(), dyn, alphas[i], epsilon, h, spec.seed(), times.get(i)));
            }
            Sweep s = new Sweep(h, List.copyOf(rows));
            sweeps.add(s);
            listener.swept(s);
        }
        List<Slope> slopes = new ArrayList<>();
        if (hs.length > 1) {
            for (int i = 0; i < alphas.length; i++) {
                double[] means = new double[hs.length];
                for (int k = 0; k < hs.length; k++) {
                    means[k] = sweeps.get(k).rows().get(i).mean();
                }
                slopes.add(new Slope(alphas[i], Escape.iterationSlope(hs, means)));
            }
        }
        List<double[][]> paths = new ArrayList<>();
        if (ctx.out() != null && setup.drawn() && spec.paths() != null && spec.paths() > 0) {
            for (int i = 0; i < Math.min(spec.paths(), spec.trajectories()); i++) {
                Escape.Basin first = spec.setup(alphas[0]).basin();
                ExitTimes.Step st = Escape.step(first, dyn, alphas[0], epsilon, hs[0]).get();
                paths.add(ExitTimes.trace(first.start(), alphas[0], spec.seed(), i, spec.capSteps(), st, first::inside, 1));
            }
        }
        Result r = new Result(spec, setup, List.copyOf(sweeps), List.copyOf(slopes), List.copyOf(paths));
        if (ctx.out() != null) {
            EscapeRow.TABLE.write(ctx.out().resolve(EscapeRow.FILE), r.rows());
        }
        return r;
    }
}
