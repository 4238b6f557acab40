package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same spec, seed and threads give the same run: byte-identical checkpoints, and metrics.csv and
 * alpha.csv equal apart from their wall-clock columns.
 */
class RunDeterminismTest {
    /** Columns that hold elapsed wall-clock seconds (metrics.csv, alpha.csv); everything else must match. */
    private static final Set<String> TIME_COLUMNS = Set.of("wall_s", "gradient_pass_s", "evaluation_s");

    @TempDir
    Path dir;

    @Test
    void twoIdenticalSgdRunsWriteIdenticalCheckpointsAndMetrics() throws IOException {
        String[] spec = {"--dataset", "synthetic", "--iterations", "30", "--threads", "1", "--checkpoint-every", "10", "--seed", "3"};
        Path a = train(dir.resolve("a"), spec);
        Path b = train(dir.resolve("b"), spec);
        assertSameCheckpoints(a, b, 3);
        assertSameApartFromTimes(a.resolve("metrics.csv"), b.resolve("metrics.csv"));
    }

    @Test
    void twoIdenticalAdamRunsWithAlphaProbesAgreeToo() throws IOException {
        String[] spec = {"--dataset", "synthetic", "--iterations", "20", "--eval-every", "10", "--threads", "1", "--checkpoint-every", "10",
            "--checkpoint-at-start", "--seed", "5", "--optimizer", "adam", "--alpha-every", "at:0,20", "--alpha-sets", "test",
            "--alpha-batches", "4", "--alpha-per-layer"};
        Path a = train(dir.resolve("a"), spec);
        Path b = train(dir.resolve("b"), spec);
        assertSameCheckpoints(a, b, 3);
        assertSameApartFromTimes(a.resolve("metrics.csv"), b.resolve("metrics.csv"));
        assertSameApartFromTimes(a.resolve("alpha.csv"), b.resolve("alpha.csv"));
    }

    private static Path train(Path out, String... spec) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString(), "--quiet"));
        args.addAll(Arrays.asList(spec));
        CliTest.Result r = CliTest.basin(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    private static void assertSameCheckpoints(Path a, Path b, int expected) throws IOException {
        List<Path> fa = files(a.resolve("checkpoints"));
        List<Path> fb = files(b.resolve("checkpoints"));
        assertThat(fa).hasSize(expected);
        assertThat(fb.stream().map(p -> b.resolve("checkpoints").relativize(p)).toList())
                .isEqualTo(fa.stream().map(p -> a.resolve("checkpoints").relativize(p)).toList());
        for (Path f : fa) {
            Path g = b.resolve("checkpoints").resolve(a.resolve("checkpoints").relativize(f));
            assertThat(Files.readAllBytes(g)).as("%s is byte-identical in both runs", f.getFileName()).isEqualTo(Files.readAllBytes(f));
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void assertSameApartFromTimes(Path a, Path b) throws IOException {
        List<String> la = Files.readAllLines(a);
        List<String> lb = Files.readAllLines(b);
        assertThat(la).as(a.getFileName().toString()).hasSizeGreaterThan(1);
        assertThat(lb.get(0)).isEqualTo(la.get(0));
        String[] header = la.get(0).split(",", -1);
        int[] keep = IntStream.range(0, header.length).filter(i -> !TIME_COLUMNS.contains(header[i])).toArray();
        assertThat(keep.length).as("a time column was dropped from " + a.getFileName()).isLessThan(header.length);
        assertThat(project(lb, keep)).as(a.getFileName() + " apart from " + TIME_COLUMNS).isEqualTo(project(la, keep));
    }

    private static List<String> project(List<String> lines, int[] keep) {
        return lines.stream().map(l -> {
            String[] c = l.split(",", -1);
            return Arrays.stream(keep).mapToObj(i -> i < c.length ? c[i] : "<missing>").collect(Collectors.joining(","));
        }).toList();
    }
}
