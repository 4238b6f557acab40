package dev.basin.experiment;

import dev.basin.spec.ExperimentSpec;
import java.io.IOException;

/**
 * One experiment protocol: takes its spec and a context, writes its output folder's tables and checkpoints,
 * and returns a result record for the caller to print or plot. Everything that can be checked before work
 * starts (options, data, sizes) is checked before anything is written.
 *
 * @param <S> the spec
 * @param <R> the result
 */
public interface Protocol<S extends ExperimentSpec, R> {
    R run(S spec, RunContext context) throws IOException;
}
