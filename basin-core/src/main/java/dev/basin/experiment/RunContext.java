package dev.basin.experiment;

import dev.basin.train.TrainListener;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where and how a protocol runs; none of it is part of the spec. {@code out} is the output folder,
 * {@code threads} the BLAS threads (results are bit-identical at the same thread count), {@code command} the
 * words recorded in config.json's provenance, and {@code listeners} gives each training run (by label: the
 * optimizer, or "seed 2 adam") its progress listener.
 */
public record RunContext(Path out, int threads, String command, Function<String, TrainListener> listeners) {
    public RunContext {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (listeners == null) {
            listeners = label -> new TrainListener() { };
        }
    }

    /** No progress output. */
    public static RunContext quiet(Path out, int threads, String command) {
        return new RunContext(out, threads, command, null);
    }

    public TrainListener listener(String label) {
        return listeners.apply(label);
    }

    /** The same context writing into {@code dir}. */
    public RunContext in(Path dir) {
        return new RunContext(dir, threads, command, listeners);
    }
}
