package dev.basin.cli;

import dev.basin.data.DataLocations;
import dev.basin.data.DataSource;
import dev.basin.data.Downloader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code basin download}: fetches a data set from its mirrors and verifies its checksums. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a data set's official files from its mirrors, keeping each only when its SHA-256 matches the published value.",
                "Files go to DIR/<data set folder>, where 'basin train' finds them."})
final class DownloadCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", required = true, description = "mnist, fashion or cifar10")
    String dataset;

    @Option(names = "--data-dir", description = "Target folder (default: $" + DataLocations.ENV_VAR + ", else ~/.basin/data)")
    Path dataDir;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() {
        DataSource src = DataSource.byName(dataset);
        if (src == DataSource.EMBEDDED) {
            throw new IllegalArgumentException("the embedded data set ships inside Basin; nothing to download");
        }
        Path dir = dataDir;
        if (dir == null) {
            String env = System.getenv(DataLocations.ENV_VAR);
            dir = env != null && !env.isBlank() ? Path.of(env) : DataLocations.userDefault(Path.of(System.getProperty("user.home")));
        }
        Downloader.http(spec.commandLine().getErr()::println).download(src, dir);
        spec.commandLine().getOut().println(src.displayName() + " is in " + dir.resolve(src.folder()));
        return ExitCodes.OK;
    }
}
