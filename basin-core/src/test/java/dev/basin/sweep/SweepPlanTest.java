package dev.basin.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.spec.SpecException;
import dev.basin.spec.SweepSpec;
import dev.basin.spec.TrainSpec;
import dev.basin.spec.Zhou2020Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
    static final String BASE = """
            base:
              protocol: train
              data: {dataset: synthetic}
              model: {depth: 2, width: 8}
              optimizer: {name: sgd, lr: 0.1}
              training: {batch: 20, iterations: 10, eval_every: 5}
            """;

    static List<SweepPlan.Cell> plan(String body) {
        return SweepPlan.cells(SweepSpec.parse(BASE + body, "s.yaml", null));
    }

    @Test
    void gridIsAProductFirstAxisSlowestAndZipAdvancesTogether() {
        List<SweepPlan.Cell> cells = plan("""
                grid: {optimizer.lr: [0.05, 1.0e-4], training.seed: [1, 2]}
                zip: {training.batch: [10, 20], training.iterations: [30, 40]}
                """);
        assertThat(cells).extracting(SweepPlan.Cell::name).containsExactly(
                "lr=0.05_seed=1_batch=10_iterations=30", "lr=0.05_seed=1_batch=20_iterations=40",
                "lr=0.05_seed=2_batch=10_iterations=30", "lr=0.05_seed=2_batch=20_iterations=40",
                "lr=0.0001_seed=1_batch=10_iterations=30", "lr=0.0001_seed=1_batch=20_iterations=40",
                "lr=0.0001_seed=2_batch=10_iterations=30", "lr=0.0001_seed=2_batch=20_iterations=40");
        TrainSpec t = (TrainSpec) cells.get(7).spec();
        assertThat(t.optimizer().lr()).isEqualTo(1e-4);
        assertThat(t.training().seed()).isEqualTo(2L);
        assertThat(t.training().batch()).isEqualTo(20);
        assertThat(t.training().iterations()).isEqualTo(40L);
        assertThat(cells).extracting(SweepPlan.Cell::hash).doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
        assertThat(cells.get(0).hash()).isEqualTo(SweepPlan.sha256(dev.basin.spec.Specs.toJson(cells.get(0).spec())));
    }

    @Test
    void hashesDependOnTheResolvedSpecNotOnHowItWasWritten() {
        // 0.1 written as 1.0e-1, and a default written out, give the same spec and so the same hash
        String a = plan("grid: {optimizer.lr: [0.1]}").get(0).hash();
        String b = plan("grid: {optimizer.lr: [1.0e-1], training.order: [shuffle]}").get(0).hash();
        assertThat(a).isEqualTo(b);
        assertThat(plan("grid: {optimizer.lr: [0.2]}").get(0).hash()).isNotEqualTo(a);
    }

    @Test
    void armsAndNamedCellsReachIntoListsByIndex() {
        String z = """
                base:
                  protocol: zhou2020
                  arms: [{name: adam, lr: 0.001}]
                grid: {seed: [1, 2]}
                arms:
                  - name: adam
                    grid: {"arms[0].lr": [1.0e-4, 3.0e-4]}
                  - name: sgdm
                    set: {arms: [{name: sgdm, lr: 0.05, momentum: 0.9}]}
                cells:
                  - name: paper
                    set: {arms: [{name: sgd, lr: 0.05}, {name: adam, lr: 0.001}]}
                """;
        List<SweepPlan.Cell> cells = SweepPlan.cells(SweepSpec.parse(z, "z.yaml", null));
        assertThat(cells).extracting(SweepPlan.Cell::name).containsExactly("adam_lr=0.0001_seed=1", "adam_lr=0.0001_seed=2", "adam_lr=0.0003_seed=1",
                "adam_lr=0.0003_seed=2", "sgdm_seed=1", "sgdm_seed=2", "paper");
        Zhou2020Spec s = (Zhou2020Spec) cells.get(2).spec();
        assertThat(s.arms().get(0).lr()).isEqualTo(3e-4);
        assertThat(s.seed()).isEqualTo(1L);
        assertThat(((Zhou2020Spec) cells.get(5).spec()).arms().get(0).momentum()).isEqualTo(0.9);
        assertThat(((Zhou2020Spec) cells.get(6).spec()).arms()).hasSize(2);
        assertThat(cells.get(0).axes()).containsEntry("arms[0].lr", "0.0001").containsEntry("seed", "1");
    }

    @Test
    void badSweepFilesGiveOneLineNamingTheAxis() {
        assertThatThrownBy(() -> plan("grid: {optimizer.lrr: [0.1]}")).isInstanceOf(SpecException.class)
                .hasMessageContaining("axis optimizer.lrr").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> plan("grid: {optimizer.lr: []}")).hasMessageContaining("axis optimizer.lr").hasMessageContaining("no values");
        assertThatThrownBy(() -> plan("grid: {training.batch: [10, ten]}")).hasMessageContaining("axis training.batch = ten")
                .hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> plan("grid: {optimizer.lr: [-1]}")).hasMessageContaining("axis optimizer.lr = -1");
        assertThatThrownBy(() -> plan("zip: {optimizer.lr: [0.1, 0.2], training.seed: [1]}")).hasMessageContaining("axis training.seed")
                .hasMessageContaining("1 values");
        assertThatThrownBy(() -> plan("cells: [{name: a, set: {optimizer.lr: 0.1}}, {name: a, set: {optimizer.lr: 0.2}}]"))
                .hasMessageContaining("two cells are named 'a'");
        assertThatThrownBy(() -> plan("grid: {optimizer.lr: 0.1}")).hasMessageContaining("axis optimizer.lr: expected a list");
        assertThatThrownBy(() -> plan("grdi: {optimizer.lr: [0.1]}")).hasMessageContaining("grdi: unknown key");
        assertThatThrownBy(() -> plan("cells: [{name: manifest.json}]")).hasMessageContaining("taken by the sweep's own files");
        assertThatThrownBy(() -> plan("grid: {\"optimizer[3].lr\": [0.1]}")).hasMessageContaining("no such element");
        for (String bad : List.of("grid: {optimizer.lrr: [0.1]}", "grid: {training.batch: [10, ten]}", "zip: {a: [1], b: [1, 2]}")) {
            assertThatThrownBy(() -> plan(bad)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void aSweepWithoutAxesIsItsBase() {
        assertThat(plan("")).extracting(SweepPlan.Cell::name).containsExactly("base");
    }
}
