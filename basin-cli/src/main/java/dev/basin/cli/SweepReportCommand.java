package dev.basin.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code basin sweep report SWEEP_DIR}. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Tables, plots and the claims' verdicts over a sweep folder's cells")
final class SweepReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SWEEP_DIR", description = "A sweep folder")
    Path dir;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.OK;
    }
}
