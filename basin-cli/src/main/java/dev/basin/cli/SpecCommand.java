package dev.basin.cli;

import dev.basin.spec.ExperimentSpec;
import dev.basin.spec.Specs;
import java.io.PrintWriter;
import dev.basin.spec.RunRecord;
import dev.basin.train.Resume;
import java.nio.file.Path;
import java.util.List;
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
    record Execution(Path out, Integer threads, boolean quiet, PrintWriter stdout, PrintWriter stderr, Resume.Mode resume) {
        Execution(Path out, Integer threads, boolean quiet, PrintWriter stdout, PrintWriter stderr) {
            this(out, threads, quiet, stdout, stderr, Resume.Mode.NEW);
        }

        Execution resuming(Resume.Mode mode) {
            return new Execution(out, threads, quiet, stdout, stderr, mode);
        }

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

    /** The run folder {@code --resume} names (its config.json is the spec), or null: a new run from the options. */
    Path resumeFolder() {
        return null;
    }

    /** With {@link #resumeFolder}: continue a diverged run from its last good checkpoint, with {@link #resumeEdits}. */
    boolean afterDivergence() {
        return false;
    }

    /** With {@link #resumeFolder}: {@code --set} edits of the recorded spec (only after a divergence). */
    List<String> resumeEdits() {
        return List.of();
    }

    /**
     * How {@code basin run SPEC --out DIR} starts this command's spec when DIR already holds files: {@link Resume.Mode#CONTINUE}
     * when DIR holds an unfinished run this command can continue, else {@link Resume.Mode#NEW} (and the protocol refuses a
     * folder that holds files).
     */
    Resume.Mode modeFor(Path out) {
        return Resume.Mode.NEW;
    }

    @Override
    public final Integer call() throws Exception {
        Path resume = resumeFolder();
        if (resume != null) {
            if (!resumeEdits().isEmpty() && !afterDivergence()) {
                throw new IllegalArgumentException("--set with --resume changes the run, which is allowed only with --after-divergence;"
                        + " an interrupted run resumes with the settings it recorded");
            }
            RunRecord r = Specs.read(resume.resolve(dev.basin.train.RunDirectory.CONFIG), resumeEdits());
            @SuppressWarnings("unchecked")
            S recorded = (S) r.spec(spec().getClass(), resume.resolve(dev.basin.train.RunDirectory.CONFIG).toString());
            if (dumpSpec) {
                cli.commandLine().getOut().print(Specs.toYaml(recorded));
                cli.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
            Execution given = execution();
            Integer threads = given.threads() != null ? given.threads() : r.provenance() != null ? r.provenance().threads() : null;
            return execute(recorded, new Execution(resume, threads, given.quiet(), given.stdout(), given.stderr(),
                    afterDivergence() ? Resume.Mode.AFTER_DIVERGENCE : Resume.Mode.CONTINUE));
        }
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
