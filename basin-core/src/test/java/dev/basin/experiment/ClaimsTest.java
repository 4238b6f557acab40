package dev.basin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.data.DataSets;
import dev.basin.noise.AlphaTable;
import dev.basin.spec.OptimizerSpec;
import dev.basin.spec.Zhou2020Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimsTest {
    @TempDir
    Path dir;

    static List<AlphaTable.Row> alpha(double raw, double ema) {
        List<AlphaTable.Row> r = new ArrayList<>();
        for (long t : new long[] {0, 50, 100}) {
            // The reference α̂ (zeros included) is ordered the other way from the primary figure, α̂ without zero-variance
            // coordinates, so a claim decided on the wrong column fails; the robust null lies 0.5 above the primary and
            // 0.4 above the random-sign surrogate, the variance null 0.2 below (claim (0): robust null − surrogate = 0.4).
            r.add(new AlphaTable.Row(t, "train", "raw", 3 - raw, 0.01, raw + t / 1000.0, 0.01, raw - 0.2, raw + t / 1000.0 + 0.5,
                    raw + t / 1000.0 + 0.1, 0.1, Double.NaN));
            r.add(new AlphaTable.Row(t, "train", "ema", 3 - ema, 0.01, ema + t / 1000.0, 0.01, ema - 0.2, ema + t / 1000.0 + 0.5,
                    ema + t / 1000.0 + 0.1, 0.1, Double.NaN));
        }
        return r;
    }

    static Claims.SeedData seed(long s, double sgdAcc, double adamAcc, double sgdLambda, double adamLambda, double sgdAlpha, double adamAlpha,
                                double adamEma, double escape) {
        return new Claims.SeedData(s, Map.of(
                "sgd", new Claims.ArmData("sgd", sgdAcc, sgdLambda, 2.0, alpha(sgdAlpha, sgdAlpha)),
                "adam", new Claims.ArmData("adam", adamAcc, adamLambda, 1.0, alpha(adamAlpha, adamEma))), Map.of("sgd", escape));
    }

    static Claims.Row find(List<Claims.Row> rows, String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    /** Known per-seed numbers give the verdicts the rule says, and one seed is never enough. */
    @Test
    void verdictsFollowTheRule() {
        List<Claims.SeedData> three = List.of(
                seed(1, 0.90, 0.85, 5, 10, 1.0, 1.2, 1.30, 4.0),
                seed(2, 0.91, 0.86, 6, 11, 1.0, 1.2, 1.25, 0.3),
                seed(3, 0.89, 0.84, 5.5, 12, 1.0, 1.2, 1.28, 8.0));
        List<Claims.Row> rows = Claims.evaluate(three);
        assertThat(find(rows, "i").verdict()).isEqualTo(Claims.Verdict.SUPPORTED); // ADAM's α above SGD's at every t
        assertThat(find(rows, "ii").verdict()).isEqualTo(Claims.Verdict.SUPPORTED); // ema − raw ≈ +0.08 in every seed
        assertThat(find(rows, "iii").verdict()).isEqualTo(Claims.Verdict.SUPPORTED); // log 2 in every seed: zero spread
        assertThat(find(rows, "iv").verdict()).isEqualTo(Claims.Verdict.INCONCLUSIVE); // log 4, log 0.3, log 8
        assertThat(find(rows, "v").verdict()).isEqualTo(Claims.Verdict.SUPPORTED);
        assertThat(find(rows, "vi").estimate()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(find(rows, "vi").verdict()).isEqualTo(Claims.Verdict.SUPPORTED);
        // The opposite data: ADAM more accurate in every seed.
        List<Claims.SeedData> opposite = List.of(seed(1, 0.80, 0.85, 5, 10, 1.3, 1.0, 0.9, 2), seed(2, 0.81, 0.86, 5, 10, 1.3, 1.0, 0.9, 2),
                seed(3, 0.79, 0.85, 5, 10, 1.3, 1.0, 0.9, 2));
        List<Claims.Row> opp = Claims.evaluate(opposite);
        assertThat(find(opp, "vi").verdict()).isEqualTo(Claims.Verdict.NOT_SUPPORTED);
        assertThat(find(opp, "i").verdict()).isEqualTo(Claims.Verdict.NOT_SUPPORTED);
        assertThat(find(opp, "ii").verdict()).isEqualTo(Claims.Verdict.NOT_SUPPORTED);
        for (Claims.Row r : Claims.evaluate(three.subList(0, 1))) {
            assertThat(r.verdict()).as(r.id()).isEqualTo(Claims.Verdict.INCONCLUSIVE);
        }
        assertThat(Claims.t975(2)).isEqualTo(4.303);
        // (0): α_null,robust − α_sign = 0.4 in every seed and arm.
        List<Claims.Row> zero = rows.stream().filter(r -> r.id().equals("0")).toList();
        assertThat(zero).extracting(Claims.Row::sgdArm).containsExactlyInAnyOrder("sgd", "adam");
        assertThat(zero).allSatisfy(r -> {
            assertThat(r.estimate()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(r.verdict()).isEqualTo(Claims.Verdict.SUPPORTED);
        });
        assertThat(rows.get(0).id()).isEqualTo("0");
    }

    /** Rows of the primary α at iterations 50 and 100 (raw and ema alike), as {@link #alpha} builds them. */
    static List<AlphaTable.Row> alphaAt(double at0, double at50) {
        List<AlphaTable.Row> r = new ArrayList<>();
        for (String q : new String[] {"raw", "ema"}) {
            r.add(new AlphaTable.Row(50, "train", q, 3 - at0, 0.01, at0, 0.01, at0 - 0.2, at0 + 0.5, at0 + 0.1, 0.1, Double.NaN));
            r.add(new AlphaTable.Row(100, "train", q, 3 - at50, 0.01, at50, 0.01, at50 - 0.2, at50 + 0.5, at50 + 0.1, 0.1, Double.NaN));
        }
        return r;
    }

    /**
     * Claim (i) is decided at any one evaluation, and its row shows that one: here ADAM − SGD is +0.05 ± 0.001 at
     * iteration 50 (interval above 0) and +0.3 on average but spread over −0.7 … +1.3 at iteration 100 (interval across
     * 0), so the row must show iteration 50's interval, not iteration 100's larger mean with an interval that would contradict
     * "supported"; with ADAM below SGD at both (−0.05 tight, −2 ± 0.1) it is not supported and shows the upper bound
     * nearest 0, iteration 50's.
     */
    @Test
    void claimOneShowsTheEvaluationThatDecidesIt() {
        double[][] diff = {{0.049, 1.3}, {0.050, 0.3}, {0.051, -0.7}};
        for (int sign : new int[] {1, -1}) {
            List<Claims.SeedData> seeds = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                seeds.add(new Claims.SeedData(s + 1, Map.of(
                        "sgd", new Claims.ArmData("sgd", 0.9, 5, 2.0, alphaAt(1.0, 1.0)),
                        "adam", new Claims.ArmData("adam", 0.85, 10, 1.0,
                                alphaAt(1.0 + sign * diff[s][0], 1.0 + (sign > 0 ? diff[s][1] : -2.0 + 0.1 * s)))),
                        Map.of("sgd", 2.0)));
            }
            Claims.Row i = find(Claims.evaluate(seeds), "i");
            if (sign > 0) {
                assertThat(i.verdict()).isEqualTo(Claims.Verdict.SUPPORTED);
                assertThat(i.estimate()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(i.lo()).isGreaterThan(0);
            } else {
                assertThat(i.verdict()).isEqualTo(Claims.Verdict.NOT_SUPPORTED);
                assertThat(i.estimate()).isCloseTo(-0.05, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(i.hi()).isLessThan(0);
            }
            assertThat(i.quantity()).contains("(50)");
        }
        // One seed has no interval: the row shows the largest mean (iteration 100's 1.3), inconclusive.
        List<Claims.SeedData> one = List.of(new Claims.SeedData(1, Map.of(
                "sgd", new Claims.ArmData("sgd", 0.9, 5, 2.0, alphaAt(1.0, 1.0)),
                "adam", new Claims.ArmData("adam", 0.85, 10, 1.0, alphaAt(1.0 + diff[0][0], 1.0 + diff[0][1]))), Map.of("sgd", 2.0)));
        Claims.Row i1 = find(Claims.evaluate(one), "i");
        assertThat(i1.verdict()).isEqualTo(Claims.Verdict.INCONCLUSIVE);
        assertThat(i1.estimate()).isCloseTo(1.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(i1.quantity()).contains("(100)");
    }

    /** End to end: three seeds of a tiny protocol give per-seed folders and the full table. */
    @Test
    void threeSeedsWriteTheClaimsTable() throws IOException {
        Zhou2020Spec p = Zhou2020Test.tiny(List.of(OptimizerSpec.of("sgd", 0.05), OptimizerSpec.of("adam", 1e-3))).withSeeds(3);
        List<Zhou2020.SeedResult> all = Zhou2020.runSeeds(p, DataSets.synthetic(1), RunContext.quiet(dir, 2, "test"));
        assertThat(all).hasSize(3);
        assertThat(dir.resolve("seed-2/adam/alpha.csv")).exists();
        assertThat(dir.resolve("seed-3/escape-sharpest.csv")).exists();
        assertThat(all.get(1).arms().get(0).folder()).isEqualTo("seed-2/sgd");
        assertThat(all.get(0).arms().get(0).escapeRate()).isPositive();
        List<String> csv = Files.readAllLines(dir.resolve("claims.csv"));
        assertThat(csv).hasSize(1 + 6 + 2); // (0) once per arm
        assertThat(Files.readString(dir.resolve("claims.md"))).contains("(iv) SGD escapes sharp minima faster").contains("Rule:");
        assertThat(dir.resolve("claims.json")).exists();
    }
}
