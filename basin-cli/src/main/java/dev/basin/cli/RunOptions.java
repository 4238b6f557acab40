package dev.basin.cli;

import dev.basin.train.TrainSettings;
import picocli.CommandLine.Option;

/** Options shared by the commands that run training: seed, threads, output verbosity. */
final class RunOptions {
    @Option(names = "--seed", defaultValue = "" + TrainSettings.DEFAULT_SEED, description = "Run seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "Threads for the GEMMs and layer loops (default: the number of processors)")
    Integer threads;

    @Option(names = "--quiet", description = "No progress output")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;
}
