package dev.basin.cli;

import dev.basin.spec.ExperimentSpec;
import dev.basin.spec.Specs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * A command whose work is a spec: its options build the spec ({@link #spec()}), {@code --dump-spec} prints it,
 * and {@link #execute} runs it: the protocol, then the writers and the terminal report. {@code basin run}
 * calls the same {@link #execute} with a spec read from a file, so both give the same output folder.
 *
 * @param <S> the spec
 */
abstract class SpecCommand<S extends ExperimentSpec> implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cli;

    @Option(names = "--dump-spec", description = "Print the resolved spec (YAML, for basin run) and exit; nothing is read or written")
    boolean dumpSpec;

    /** How a spec is executed, outside the spec: output folder, threads, verbosity, the terminal. */
    record Execution(Path out, Integer threads, boolean quiet, PrintWriter stdout, PrintWriter stderr) {
        /** The thread count: the option, or the number of processors. */
        int threadCount() {
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + n);
            }
            return n;
        }
    }

    /** The spec the options describe (validated: a bad value is a SpecException naming the key). */
    abstract S spec();

    /** The non-spec options of this command line. */
    abstract Execution execution();

    /** Runs {@code spec}, writes the outputs and prints the report; returns the exit code. */
    abstract int execute(S spec, Execution ex) throws Exception;

    @Override
    public final Integer call() throws Exception {
        S s = spec();
        if (dumpSpec) {
            cli.commandLine().getOut().print(Specs.toYaml(s));
            cli.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        return execute(s, execution());
    }

    Execution execution(Path out, Integer threads, boolean quiet) {
        return new Execution(out, threads, quiet, cli.commandLine().getOut(), cli.commandLine().getErr());
    }
}
