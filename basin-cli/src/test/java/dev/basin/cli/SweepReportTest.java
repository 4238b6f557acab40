package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.basin.experiment.Claims;
import dev.basin.spec.SweepSpec;
import dev.basin.sweep.Sweep;
import dev.basin.sweep.SweepPlan;
import dev.basin.sweep.SweepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** basin sweep report over a small Zhou2020 sweep on synthetic data: rows, per-seed numbers, the rule, the files. */
class SweepReportTest {
    @TempDir
    Path tmp;

    static final String SWEEP = """
            base:
              protocol: zhou2020
              data: {dataset: synthetic}
              scale: quick
              depth: 3
              width: 8
              batch: 100
              iterations: 20
              alpha_schedule: "10"
              alpha_batches: 3
              eval_every: 10
              train_eval_samples: 200
              early_window: 20
              escape_continuations: 2
              arms: [{name: adam, lr: 0.001}]
            grid: {seed: [1, 2, 3]}
            arms:
              - name: adam
                grid: {"arms[0].lr": [0.001, 0.01]}
              - name: sgd
                set: {arms: [{name: sgd, lr: 0.1}]}
            """;

    @Test
    void claimsOverEveryPairOfRatesWithTheirPerSeedNumbers() throws Exception {
        List<SweepPlan.Cell> cells = SweepPlan.cells(SweepSpec.parse(SWEEP, "s.yaml", null));
        Path dir = tmp.resolve("sw");
        Sweep.CellRunner inProcess = (cell, spec, out, threads) -> {
            StringWriter err = new StringWriter();
            int rc = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run", spec.toString(), "--out", out.toString(),
                    "--threads", "1", "--quiet");
            if (rc != 0) {
                throw new IllegalStateException("exit " + rc + ": " + err.toString().strip().replace('\n', ' '));
            }
        };
        Sweep.Outcome o = Sweep.run("s.yaml", cells, dir, new Sweep.Options(1, 1, false, false), inProcess, new Sweep.Listener() { });
        assertThat(o.failed()).as(o.manifest().cells().toString()).isZero();
        StringWriter out = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "sweep", "report", dir.toString())).isZero();
        Path rep = dir.resolve("report");
        for (String f : List.of("cells.csv", "claims.csv", "claims-per-seed.csv", "escape-survival.csv", "verdicts.md", "alpha-min-vs-lr.png",
                "accuracy-vs-lambda-max.png", "lambda-max-vs-2-over-lr.png", "escape-vs-lr.png")) {
            assertThat(rep.resolve(f)).as(f).exists();
        }
        List<SweepReport.CellRow> rows = SweepReport.CellRow.TABLE.read(rep.resolve("cells.csv"));
        assertThat(rows).hasSize(9);
        List<SweepReport.ClaimRow> claims = SweepReport.ClaimRow.TABLE.read(rep.resolve("claims.csv"));
        List<SweepReport.SeedRow> seeds = SweepReport.SeedRow.TABLE.read(rep.resolve("claims-per-seed.csv"));
        // (vi) for sgd 0.1 vs adam 0.01: the per-seed numbers are 100 (acc_sgd - acc_adam) of the cells, and the row is their t interval
        for (double adamLr : new double[] {0.001, 0.01}) {
            SweepReport.ClaimRow vi = claims.stream().filter(c -> c.id().equals("vi") && c.adamLr() == adamLr).findFirst().orElseThrow();
            List<SweepReport.SeedRow> per = seeds.stream().filter(s -> s.id().equals("vi") && s.adamLr() == adamLr).toList();
            assertThat(per).hasSize(3);
            double sum = 0;
            for (SweepReport.SeedRow s : per) {
                double sgd = rows.stream().filter(r -> r.optimizer().equals("sgd") && r.seed() == s.seed()).findFirst().orElseThrow().finalTestAcc();
                double adam = rows.stream().filter(r -> r.optimizer().equals("adam") && r.lr() == adamLr && r.seed() == s.seed()).findFirst().orElseThrow()
                        .finalTestAcc();
                assertThat(s.value()).isCloseTo(100 * (sgd - adam), within(1e-9));
                sum += s.value();
            }
            assertThat(vi.estimate()).isCloseTo(sum / 3, within(1e-9));
            assertThat(vi.seeds()).isEqualTo(3);
            Claims.Verdict expect = vi.lo() > 0 ? Claims.Verdict.SUPPORTED : vi.hi() < 0 ? Claims.Verdict.NOT_SUPPORTED : Claims.Verdict.INCONCLUSIVE;
            assertThat(vi.verdict()).isEqualTo(expect);
        }
        // claim (iii)'s escaping-set rates are per seed in the file, and (iv) is not made from single-arm cells
        assertThat(seeds.stream().filter(s -> s.id().equals("iii"))).hasSize(6);
        assertThat(claims).noneMatch(c -> c.id().equals("iv"));
        assertThat(Files.readString(rep.resolve("verdicts.md"))).contains("(vi) sgd lr 0.1 vs ADAM").contains("Rule");
        List<SweepReport.SurvivalRow> surv = SweepReport.SurvivalRow.TABLE.read(rep.resolve("escape-survival.csv"));
        assertThat(surv).hasSize(3).allMatch(s -> s.runs() == 6 && s.restrictedMean() > 0 && s.restrictedMean() <= s.cap());
        assertThat(out.toString()).contains("9 cell arms");
    }

    /** Sweeps of sde escape cells give the escape-law table: the Gaussian lab over rate x batch picks the exponential in B/lr. */
    @Test
    void sdeEscapeCellsGiveTheEscapeLaw() throws Exception {
        String sweep = """
                base: {protocol: sde-escape, landscape: interval, sigma: [2.5], dynamics: sgd, alpha: [2.0], h: [0.2, 0.1, 0.05], trajectories: 100}
                grid: {batch: [1, 2, 4]}
                """;
        Path dir = tmp.resolve("sde");
        Sweep.CellRunner inProcess = (cell, spec, out, threads) -> {
            int rc = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "run", spec.toString(), "--out", out.toString(),
                    "--threads", "1", "--quiet");
            if (rc != 0) {
                throw new IllegalStateException("exit " + rc);
            }
        };
        Sweep.Outcome o = Sweep.run("s.yaml", SweepPlan.cells(SweepSpec.parse(sweep, "s.yaml", null)), dir, new Sweep.Options(1, 1, false, false), inProcess,
                new Sweep.Listener() { });
        assertThat(o.failed()).isZero();
        StringWriter out = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "sweep", "report", dir.toString())).isZero();
        List<SweepReport.LawRow> law = SweepReport.LawRow.TABLE.read(dir.resolve("report").resolve(SweepReport.LawRow.FILE));
        assertThat(law).hasSize(2);
        assertThat(law).allSatisfy(r -> assertThat(r.runs()).isEqualTo(900));
        assertThat(law.get(1).aic()).isLessThan(law.get(0).aic() - 2);
        assertThat(out.toString()).contains("better: exponential (Gaussian)");
        assertThat(Files.readString(dir.resolve("report").resolve("verdicts.md"))).contains("Escape law over 900 continuations");

        // several alpha values: not fitted, and said so
        String two = sweep.replace("alpha: [2.0]", "alpha: [1.5, 2.0]").replace("grid: {batch: [1, 2, 4]}", "grid: {batch: [1, 2]}");
        Path dir2 = tmp.resolve("sde2");
        Sweep.run("t.yaml", SweepPlan.cells(SweepSpec.parse(two, "t.yaml", null)), dir2, new Sweep.Options(1, 1, false, false), inProcess, new Sweep.Listener() { });
        StringWriter out2 = new StringWriter();
        assertThat(Main.run(new PrintWriter(out2), new PrintWriter(new StringWriter()), "sweep", "report", dir2.toString())).isZero();
        assertThat(out2.toString()).contains("escape law: not fitted: the sde escape cells have several alpha values (1.5, 2)");
        assertThat(dir2.resolve("report").resolve(SweepReport.LawRow.FILE)).doesNotExist();
    }
}
