package dev.basin.experiment;

import dev.basin.sde.FactorRow;
import dev.basin.sde.Factors;
import dev.basin.sde.FactorsSummary;
import dev.basin.spec.Provenance;
import dev.basin.spec.RunRecord;
import dev.basin.spec.SdeFactorsSpec;
import dev.basin.spec.Specs;
import dev.basin.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code basin sde factors}: the paper's two factors of escape measured and predicted ({@link Factors#run}).
 * With an output folder it writes config.json, factors.csv ({@link FactorRow}) and factors.json
 * ({@link FactorsSummary}); without one, nothing.
 */
public final class SdeFactorsProtocol implements Protocol<SdeFactorsSpec, SdeFactorsProtocol.Result> {
    public static final SdeFactorsProtocol INSTANCE = new SdeFactorsProtocol();

    /** The cases and ratios. */
    public record Result(SdeFactorsSpec spec, Factors.Report report) {
        public List<FactorRow> rows() {
            return report.cases().stream().map(FactorRow::of).toList();
        }

        public FactorsSummary summary() {
            return new FactorsSummary(spec.curvatures(), spec.height(), spec.noiseScale(), spec.eta(), spec.substeps(), spec.trajectories(),
                    spec.seed(), report.ratios());
        }
    }

    private SdeFactorsProtocol() {
    }

    @Override
    public Result run(SdeFactorsSpec spec, RunContext ctx) throws IOException {
        if (ctx.out() != null) {
            Files.createDirectories(ctx.out());
            Specs.write(ctx.out().resolve(RunDirectory.CONFIG), new RunRecord(spec, Provenance.now(ctx.command(), ctx.threads(), null, null, null)));
        }
        Factors.Report rep = Factors.run(spec.curvatureArray(), spec.height(), spec.noiseScale(), spec.alphaArray(), spec.alpha(), spec.eta(),
                spec.substeps(), spec.trajectories(), spec.capIterations(), spec.seed(), ctx.threads());
        Result r = new Result(spec, rep);
        if (ctx.out() != null) {
            FactorRow.TABLE.write(ctx.out().resolve(FactorRow.FILE), r.rows());
            r.summary().write(ctx.out().resolve(FactorsSummary.FILE));
        }
        return r;
    }
}
