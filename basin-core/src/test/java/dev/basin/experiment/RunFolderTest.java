package dev.basin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.DataException;
import dev.basin.train.MetricsRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder's index read without writing: tables to their last complete line, status from the lock and summary.json, progress. */
class RunFolderTest {
    @TempDir
    Path dir;

    Path train(String name, int rows, String tail) throws Exception {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{\"spec_version\":1,\"protocol\":\"train\",\"training\":{\"iterations\":500}}");
        List<MetricsRow> m = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            m.add(new MetricsRow(10L * i, 0, 0.1, 0.5, 0.5, 0.5, 0.5, 0.5, i));
        }
        Files.writeString(d.resolve(MetricsRow.FILE), MetricsRow.TABLE.csv(m) + tail);
        return d;
    }

    @Test
    void aRowBeingWrittenIsLeftForLater() throws Exception {
        Path d = train("a", 5, "50,0,0.1,0.5");
        assertThatThrownBy(() -> MetricsRow.TABLE.read(d.resolve(MetricsRow.FILE))).isInstanceOf(DataException.class);
        assertThat(MetricsRow.TABLE.readComplete(d.resolve(MetricsRow.FILE))).hasSize(5);
        assertThat(RunFolder.lastIteration(d)).isEqualTo(40);
        Files.writeString(d.resolve(MetricsRow.FILE), MetricsRow.HEADER + "\n");
        assertThat(MetricsRow.TABLE.readComplete(d.resolve(MetricsRow.FILE))).isEmpty();
        assertThat(RunFolder.lastIteration(d)).isEqualTo(-1);
        Files.writeString(d.resolve(MetricsRow.FILE), "");
        assertThat(MetricsRow.TABLE.readComplete(d.resolve(MetricsRow.FILE))).isEmpty();
    }

    @Test
    void lastIterationOfALongFileFromItsTail() throws Exception {
        Path d = train("long", 5000, "");
        assertThat(RunFolder.lastIteration(d)).isEqualTo(49990);
    }

    @Test
    void statusFromTheLockAndTheSummary() throws Exception {
        Path live = train("live", 3, "");
        Files.writeString(live.resolve(".lock"), ProcessHandle.current().pid() + " 2024-01-01T00:00:00Z\n");
        RunFolder f = RunFolder.open(live);
        assertThat(f.status()).isEqualTo("running");
        assertThat(f.done()).isEqualTo(20);
        assertThat(f.total()).isEqualTo(500);
        assertThat(f.fraction()).isEqualTo(0.04);
        Path stale = train("stale", 3, "");
        long dead = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
        Files.writeString(stale.resolve(".lock"), dead + " 2024-01-01T00:00:00Z\n");
        assertThat(RunFolder.open(stale).status()).isEqualTo("failed");
        Path done = train("done", 3, "");
        Files.writeString(done.resolve("summary.json"), "{\"status\":\"diverged\",\"iterations_completed\":20,\"diverged_at_iteration\":20,"
                + "\"train_seconds\":1.0,\"steps_per_second\":20.0,\"samples_per_second\":2000.0}");
        assertThat(RunFolder.open(done).status()).isEqualTo("diverged");
        assertThat(RunFolder.open(done).files()).containsExactly("config.json", "summary.json", "metrics.csv");
        assertThat(RunFolder.scan(dir, 2)).extracting(r -> r.dir().getFileName().toString()).containsExactly("done", "live", "stale");
        assertThatThrownBy(() -> RunFolder.open(dir)).isInstanceOf(DataException.class).hasMessageContaining("is not a Basin run folder");
    }
}
