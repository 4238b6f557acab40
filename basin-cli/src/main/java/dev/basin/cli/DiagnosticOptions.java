package dev.basin.cli;

import dev.basin.noise.NoiseDiagnostics;
import picocli.CommandLine.Option;

/** The options of the heavy-tail diagnostics shared by {@code basin noise} and {@code basin tail-index --diagnostics}. */
final class DiagnosticOptions {
    @Option(names = "--coordinates", defaultValue = "" + NoiseDiagnostics.DEFAULT_COORDINATES,
            description = "Coordinates (columns) sampled for the per-coordinate tests and the fits (default: ${DEFAULT-VALUE})")
    int coordinates;

    @Option(names = "--bootstrap", defaultValue = "" + dev.basin.spec.NoiseSpec.DEFAULT_BOOTSTRAP,
            description = "Parametric-bootstrap replicates of the goodness-of-fit p-values; 0 = none (default: ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--fit-samples", defaultValue = "" + dev.basin.spec.NoiseSpec.DEFAULT_FIT_SAMPLES,
            description = "At most this many pooled values (evenly spaced) for the fits (default: ${DEFAULT-VALUE})")
    int fitSamples;
}
