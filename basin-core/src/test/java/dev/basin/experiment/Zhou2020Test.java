package dev.basin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.DataSets;
import dev.basin.train.TrainListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Zhou2020Test {
    @TempDir
    Path dir;

    @Test
    void runsEveryArmAndSummarisesTheirAlphaCurves() throws IOException {
        Zhou2020.Protocol p = new Zhou2020.Protocol("test", 3, 32, 100, 60, "20", 5, 30, 500, 40,
                List.of(new Zhou2020.Arm("sgdm", 0.05), new Zhou2020.Arm("adam", 1e-3)), 1);
        List<Zhou2020.ArmResult> r = Zhou2020.run(p, "synthetic", DataSets.synthetic(1), dir, 1, a -> new TrainListener() { });
        assertThat(r).hasSize(2);
        assertThat(dir.resolve("sgdm/alpha.csv")).exists();
        assertThat(dir.resolve("adam/checkpoints/iter-0000030.safetensors")).exists();
        List<String> adamRows = Files.readAllLines(dir.resolve("adam/alpha.csv"));
        // Iterations 0, 20, 40, 60 × 2 sets × 3 quantities.
        assertThat(adamRows).hasSize(1 + 4 * 2 * 3);
        Zhou2020.ArmResult s = r.get(0);
        // The summary's minimum is the smallest raw train α̂ in the file, and the early mean averages iterations 1..40.
        List<dev.basin.noise.AlphaTable.Row> tr = dev.basin.noise.AlphaTable.select(
                dev.basin.noise.AlphaTable.read(dir.resolve("sgdm/alpha.csv")), "train", "raw");
        double min = tr.stream().mapToDouble(dev.basin.noise.AlphaTable.Row::alpha).min().orElseThrow();
        assertThat(s.minAlphaTrain()).isEqualTo(min);
        double early = (tr.get(1).alpha() + tr.get(2).alpha()) / 2;
        assertThat(s.earlyAlphaTrain()).isCloseTo(early, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("| sgdm | 0.05 |").contains("| adam | 0.001 |");
        assertThat(Files.readAllLines(dir.resolve("summary.csv"))).hasSize(3);
        // Final sharpness and the interpolation between t1 = 30 and t2 = 60.
        assertThat(s.finalLambdaMax()).isPositive();
        assertThat(s.finalTrace()).isPositive();
        assertThat(s.interpolation()[0]).hasSize(Zhou2020.BETAS.length);
        assertThat(Files.readAllLines(dir.resolve("sgdm/interpolation.csv"))).hasSize(1 + Zhou2020.BETAS.length);
        // β = 1 is the final point: its train loss is the final checkpoint's over the same samples.
        assertThat(s.interpolation()[0][15].x()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        // The arm's config lets later commands rebuild the model.
        com.fasterxml.jackson.databind.JsonNode cfg = dev.basin.train.Json.MAPPER.readTree(dir.resolve("sgdm/config.json").toFile());
        assertThat(cfg.path("model").path("family").asText()).isEqualTo("mlp");
        assertThat(cfg.path("data").path("dataset").asText()).isEqualTo("synthetic");
        assertThat(cfg.path("optimizer").path("lr").asDouble()).isEqualTo(0.05);
        assertThatThrownBy(() -> Zhou2020.run(p, "synthetic", DataSets.synthetic(1), dir, 1, a -> new TrainListener() { }))
                .hasMessageContaining("already holds files");
    }

    @Test
    void protocolsAreValidated() {
        assertThat(Zhou2020.full(9).alphaSchedule()).isEqualTo("50:3000,500");
        assertThat(Zhou2020.quick().withIterations(100).earlyWindow()).isEqualTo(100);
        assertThatThrownBy(() -> new Zhou2020.Protocol("x", 3, 32, 100, 0, "20", 0, 10, 0, 10, Zhou2020.PAPER_ARMS, 1))
                .hasMessageContaining("impossible protocol");
        assertThatThrownBy(() -> new Zhou2020.Protocol("x", 3, 32, 100, 10, "oops", 0, 10, 0, 10, Zhou2020.PAPER_ARMS, 1))
                .hasMessageContaining("cannot read iteration schedule");
    }
}
