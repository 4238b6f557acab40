package dev.basin.cli;

import dev.basin.experiment.RunFolder;
import dev.basin.export.Export;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin export RUN --format tensorboard|mlflow}: a run's scalars and settings for TensorBoard or MLflow. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a run for TensorBoard (event files) or MLflow (a file-store run).",
            "The losses, accuracies, alpha and sharpness as scalars; for MLflow also the spec as params and the panels as artifacts.",
            "Open with 'tensorboard --logdir OUT' or 'mlflow ui --backend-store-uri OUT'."})
final class ExportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run folders (a reproduction's arms are exported one by one)")
    List<Path> runs;

    @Option(names = "--format", required = true, description = "tensorboard or mlflow")
    String format;

    @Option(names = "--out", description = "Log folder (tensorboard: one sub-folder per run; default: tensorboard) or mlruns folder (default: mlruns)")
    Path out;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (!List.of("tensorboard", "mlflow").contains(format)) {
            throw new IllegalArgumentException("unknown --format '" + format + "'; choose tensorboard or mlflow");
        }
        Path dest = out != null ? out : Path.of(format.equals("mlflow") ? "mlruns" : "tensorboard");
        for (Path r : runs) {
            RunFolder f = RunFolder.open(r);
            List<RunFolder> all = f.children().isEmpty() ? List.of(f) : f.children();
            for (RunFolder one : all) {
                String name = name(r, f, one);
                Path wrote = format.equals("mlflow") ? Export.mlflow(one, dest, name) : Export.tensorBoard(one, dest.resolve(name));
                spec.commandLine().getOut().println("wrote " + wrote);
            }
        }
        return ExitCodes.OK;
    }

    private static String name(Path given, RunFolder top, RunFolder one) {
        Path base = given.toAbsolutePath().normalize().getFileName();
        String b = base == null ? "run" : base.toString();
        return one == top ? b : b + "/" + top.dir().relativize(one.dir()).toString().replace('\\', '/');
    }
}
