package dev.basin.cli;

import dev.basin.spec.ExperimentSpec;
import dev.basin.spec.RunRecord;
import dev.basin.spec.Specs;
import dev.basin.spec.TrainSpec;
import dev.basin.spec.Zhou2020Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin run}: executes any spec, or re-executes a finished run from its config.json. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an experiment from a spec file (YAML or JSON), or run a finished run again from its config.json.",
                "The spec's 'protocol' key names the command (train, zhou2020, hessian, ...); its other keys are that command's settings,"
                        + " as printed by the command's --dump-spec. The output folder is the one the command would write, byte for byte"
                        + " (time columns aside) at the same thread count; a config.json runs by default with the threads it recorded.",
                "When --out names a folder holding an unfinished run of the same spec (a train run, or a reproduction), it is resumed"
                        + " from its last checkpoint."})
final class RunCommand implements Callable<Integer> {
    /** The command that executes each kind of spec. */
    static final Map<Class<? extends ExperimentSpec>, Supplier<SpecCommand<?>>> COMMANDS = Map.ofEntries(
            Map.entry(TrainSpec.class, TrainCommand::new),
            Map.entry(Zhou2020Spec.class, ReproduceCommand::new),
            Map.entry(dev.basin.spec.HessianSpec.class, HessianCommand::new),
            Map.entry(dev.basin.spec.InterpolateSpec.class, GeometryCommands.Interpolate::new),
            Map.entry(dev.basin.spec.LandscapeSpec.class, GeometryCommands.Landscape::new),
            Map.entry(dev.basin.spec.EscapeSpec.class, EscapeCommand::new),
            Map.entry(dev.basin.spec.JumpsSpec.class, JumpsCommand::new),
            Map.entry(dev.basin.spec.SdeEscapeSpec.class, SdeCommand.EscapeRun::new),
            Map.entry(dev.basin.spec.SdeFactorsSpec.class, SdeCommand.FactorsRun::new),
            Map.entry(dev.basin.spec.NoiseSpec.class, NoiseCommand::new),
            Map.entry(dev.basin.spec.Simsekli2019Fig1Spec.class, Simsekli2019Fig1Command::new));

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cli;

    @Parameters(paramLabel = "SPEC", description = "A spec file (.yaml, .yml or .json) or a run's config.json")
    Path file;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "Change one key before running, e.g. optimizer.lr=0.05 or training.seed=2 (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", description = "Output folder (default: the command's default)")
    Path out;

    @Option(names = "--threads", description = "Threads for the GEMMs and layer loops (default: those a config.json recorded, else the number of processors)")
    Integer threads;

    @Option(names = "--quiet", description = "No progress output")
    boolean quiet;

    @Option(names = "--dump-spec", description = "Print the spec after --set (YAML) and exit; nothing is written")
    boolean dumpSpec;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        RunRecord r = Specs.read(file, sets);
        if (dumpSpec) {
            cli.commandLine().getOut().print(Specs.toYaml(r.spec()));
            cli.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        Integer t = threads != null ? threads : r.provenance() != null ? r.provenance().threads() : null;
        SpecCommand.Execution ex = new SpecCommand.Execution(out, t, quiet, cli.commandLine().getOut(), cli.commandLine().getErr());
        SpecCommand<?> command = COMMANDS.get(r.spec().getClass()).get();
        if (out != null) {
            dev.basin.train.Resume.Mode mode = command.modeFor(out);
            if (mode != dev.basin.train.Resume.Mode.NEW && threads == null) {
                // Continue on the threads the interrupted run recorded: that is what makes it bit-identical.
                dev.basin.spec.Provenance was = Specs.readRun(out.resolve(dev.basin.train.RunDirectory.CONFIG)).provenance();
                t = was != null ? was.threads() : t;
            }
            ex = new SpecCommand.Execution(out, t, quiet, ex.stdout(), ex.stderr(), mode);
        }
        return execute(command, r.spec(), ex);
    }

    @SuppressWarnings("unchecked")
    private static <S extends ExperimentSpec> int execute(SpecCommand<S> command, ExperimentSpec spec, SpecCommand.Execution ex) throws Exception {
        return command.execute((S) spec, ex);
    }
}
