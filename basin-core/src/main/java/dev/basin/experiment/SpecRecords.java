package dev.basin.experiment;

import dev.basin.spec.ExperimentSpec;
import dev.basin.spec.Provenance;
import dev.basin.spec.RunRecord;
import dev.basin.spec.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The spec-and-provenance file of a measurement on a run (config.json in its own folder, or a named file beside
 * the run's own config.json), which {@code basin run FILE} executes again.
 */
final class SpecRecords {
    private SpecRecords() {
    }

    /**
     * Refuses to overwrite {@code file} when it records another kind of run (a training run's config.json, say) or
     * cannot be read as a spec: a measurement never destroys the record of what it measures.
     */
    static void checkWritable(Path file, Class<? extends ExperimentSpec> type) {
        if (!Files.exists(file)) {
            return;
        }
        RunRecord r;
        try {
            r = Specs.readRun(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " exists and is not a spec of this command; choose another --out");
        }
        if (!type.isInstance(r.spec())) {
            throw new IllegalArgumentException(file + " records a '" + ExperimentSpec.nameOf(r.spec()) + "' run and would be overwritten; choose another --out");
        }
    }

    /** Writes {@code spec} with the provenance of this run on {@code m}. */
    static void write(Path file, ExperimentSpec spec, RunContext ctx, RunModel m) throws IOException {
        Specs.write(file, new RunRecord(spec, Provenance.now(ctx.command(), ctx.threads(), m.net().gemm().name(), m.data(), m.net())));
    }
}
