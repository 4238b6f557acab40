package dev.basin.cli;

import dev.basin.web.Dashboard;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin ui [DIR]}: a local, read-only web dashboard of the runs under DIR. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"A local, read-only web dashboard of the runs under DIR.",
            "Runs, sweeps and reproductions with status and progress, live charts while a run writes, runs side by side, each",
            "run's report. Serves 127.0.0.1 unless --host says otherwise. Stop with Ctrl-C."})
final class UiCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..1", defaultValue = ".", description = "The folder holding the runs (default: the current one)")
    Path dir;

    @Option(names = "--port", defaultValue = "0", description = "Port (default: a free one, printed)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 exposes the runs to the network)")
    String host;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
        }
        Dashboard d;
        try {
            d = Dashboard.start(dir, host, port);
        } catch (java.net.BindException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage() + "; choose another --port");
        }
        spec.commandLine().getOut().println("basin ui: serving " + dir.toAbsolutePath().normalize() + " read-only at " + d.url() + " (Ctrl-C stops)");
        spec.commandLine().getOut().flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(d::close));
        forever.await();
        return ExitCodes.OK;
    }
}
