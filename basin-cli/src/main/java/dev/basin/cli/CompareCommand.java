package dev.basin.cli;

import dev.basin.report.RunPlots;
import dev.basin.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin compare RUN...}: overlays the α and accuracy curves of several runs. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Overlay several runs: alpha.png/.svg (tail index along training) and accuracy.png/.svg.")
final class CompareCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run folders; a label may be given as LABEL=FOLDER")
    List<String> runs;

    @Option(names = "--quantity", defaultValue = "raw", description = "raw, ema or ema_precond (default: ${DEFAULT-VALUE})")
    String quantity;

    @Option(names = "--out", required = true, description = "Folder for the plots (created if absent)")
    Path out;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (!List.of("raw", "ema", "ema_precond").contains(quantity)) {
            throw new IllegalArgumentException("unknown --quantity '" + quantity + "'; choose raw, ema or ema_precond");
        }
        List<RunPlots.Run> rs = new ArrayList<>();
        for (String r : runs) {
            int eq = r.indexOf('=');
            Path dir = Path.of(eq > 0 ? r.substring(eq + 1) : r);
            RunDirectory.open(dir);
            rs.add(new RunPlots.Run(eq > 0 ? r.substring(0, eq) : dir.getFileName().toString(), dir));
        }
        Files.createDirectories(out);
        RunPlots.accuracy(rs, out.resolve("accuracy"));
        boolean alpha = RunPlots.alpha(rs, quantity, out.resolve("alpha"));
        spec.commandLine().getOut().println("wrote " + out.resolve("accuracy.png") + (alpha ? " and " + out.resolve("alpha.png") : "")
                + " (and .svg)" + (alpha ? "" : "; no run has alpha.csv for the α panel"));
        return ExitCodes.OK;
    }
}
