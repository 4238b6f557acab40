package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.data.AtomicFiles;
import dev.basin.train.RunLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunLockCliTest {
    @TempDir
    Path dir;

    @Test
    void aRunFolderInUseIsRefusedWithOneLineAndExit2() throws IOException {
        Path run = dir.resolve("run");
        try (RunLock held = RunLock.acquire(run)) {
            CliTest.Result r = CliTest.basin("train", "--out", run.toString(), "--quiet", "--dataset", "synthetic", "--iterations", "20",
                    "--threads", "1");
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
            assertThat(r.err()).contains("run folder " + run + " is in use by process " + ProcessHandle.current().pid() + " since ")
                    .contains("wait for it or choose another --out").doesNotContain("Exception");
            try (Stream<Path> s = Files.list(run)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(RunLock.FILE);
            }
        }
        CliTest.Result r = CliTest.basin("train", "--out", run.toString(), "--quiet", "--dataset", "synthetic", "--iterations", "20",
                "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        try (Stream<Path> s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("config.json", "metrics.csv", "summary.json", "checkpoints");
        }
    }

    @Test
    void aMeasurementDoesNotWriteIntoARunFolderInUse() throws IOException {
        Path run = dir.resolve("run");
        CliTest.Result t = CliTest.basin("train", "--out", run.toString(), "--quiet", "--dataset", "synthetic", "--iterations", "20",
                "--threads", "1");
        assertThat(t.code()).as(t.err()).isZero();
        try (RunLock held = RunLock.acquire(run)) {
            CliTest.Result r = CliTest.basin("landscape", run.toString(), "--dims", "1", "--points", "3", "--samples", "50");
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
            assertThat(r.err()).contains("run folder " + run + " is in use by process");
        }
        CliTest.Result r = CliTest.basin("landscape", run.toString(), "--dims", "1", "--points", "3", "--samples", "50");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(run.resolve(RunLock.FILE)).doesNotExist();
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        final Path file;

        Boom(Path file) {
            this.file = file;
        }

        @Override
        public Integer call() throws IOException {
            AtomicFiles.write(file, out -> {
                out.write(1);
                throw new IOException("No space left on device");
            });
            return 0;
        }
    }

    @Test
    void aFailedWriteIsOneLineNamingTheFileWithExit1() {
        Path file = dir.resolve("summary.json");
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("boom", new Boom(file));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("boom");
        assertThat(code).isEqualTo(ExitCodes.WRITE).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("boom: cannot write " + file + ": No space left on device");
        assertThat(file).doesNotExist();
        assertThat(dir.toFile().list()).isEmpty();
    }
}
