package dev.basin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.DataSets;
import dev.basin.spec.DataSpec;
import dev.basin.spec.OptimizerSpec;
import dev.basin.spec.Specs;
import dev.basin.spec.TrainSpec;
import dev.basin.spec.Zhou2020Spec;
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
        Zhou2020Spec p = tiny(List.of(OptimizerSpec.of("sgdm", 0.05), OptimizerSpec.of("adam", 1e-3)));
        List<Zhou2020.ArmResult> r = Zhou2020.run(p, DataSets.synthetic(1), RunContext.quiet(dir, 1, "test"));
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
        TrainSpec cfg = Specs.readRun(dir.resolve("sgdm/config.json")).spec(TrainSpec.class, "sgdm");
        assertThat(cfg.model().family()).isEqualTo("mlp");
        assertThat(cfg.data().dataset()).isEqualTo("synthetic");
        assertThat(cfg.optimizer().lr()).isEqualTo(0.05);
        assertThat(cfg.optimizer().momentum()).isEqualTo(0.9);
        assertThat(cfg).isEqualTo(Zhou2020.armSpec(p, OptimizerSpec.of("sgdm", 0.05), p.data()));
        assertThatThrownBy(() -> Zhou2020.run(p, DataSets.synthetic(1), RunContext.quiet(dir, 1, "test")))
                .hasMessageContaining("already holds files");
    }

    /** A protocol small enough for a test: 3 layers of 32, 60 iterations, α every 20 on 5 minibatches. */
    static Zhou2020Spec tiny(List<OptimizerSpec> arms) {
        return new Zhou2020Spec(new DataSpec("synthetic", null, null, null), "quick", 3, 32, 100, 60L, "20", 5, 30L, 500, 40L, arms, 1L, 1, null,
                null);
    }

    @Test
    void protocolsAreValidated() {
        assertThat(Zhou2020Spec.full(9).alphaSchedule()).isEqualTo("50:3000,500");
        assertThat(Zhou2020Spec.quick().withIterations(100).earlyWindow()).isEqualTo(100);
        assertThat(Zhou2020Spec.quick().arms()).isEqualTo(Zhou2020Spec.PAPER_ARMS);
        assertThatThrownBy(() -> tiny(Zhou2020Spec.PAPER_ARMS).withIterations(0)).hasMessageContaining("iterations must be >= 1, got 0");
        assertThatThrownBy(() -> new Zhou2020Spec(null, null, null, null, null, null, "oops", null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("cannot read iteration schedule");
        assertThatThrownBy(() -> tiny(List.of(OptimizerSpec.of("sgd", 0.1), OptimizerSpec.of("sgd", 0.05))))
                .hasMessageContaining("appears twice");
    }
}
